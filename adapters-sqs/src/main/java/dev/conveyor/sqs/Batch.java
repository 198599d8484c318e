package dev.conveyor.sqs;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * A batch action's entries, checked as SQS checks them (1 to 10, each with a distinct Id of 1 to 80 of
 * {@code [A-Za-z0-9_-]}), and its answer: each entry's result or error under the entry's Id, in {@code Successful}
 * and {@code Failed}.
 */
final class Batch {
    static final int MAX_ENTRIES = 10;
    private static final Pattern ID = Pattern.compile("[A-Za-z0-9_-]{1,80}");

    /** One entry: its Id, and its members read as a request of their own. */
    record Entry(String id, SqsRequest request) {}

    private final String resultElement;
    private final List<SqsAnswer> successful = new ArrayList<>();
    private final List<SqsAnswer> failed = new ArrayList<>();

    /** An empty answer to {@code action}; Query names its result entries {@code <Action>ResultEntry}. */
    Batch(SqsAction action) {
        this.resultElement = action.name() + "ResultEntry";
    }

    /** The request's entries, or the batch error that refuses them all. */
    static List<Entry> entries(SqsRequest request) {
        List<SqsRequest.Parameters> given = request.parameters().entries("Entries");
        if (given.isEmpty()) {
            throw SqsError.EMPTY_BATCH_REQUEST.because(
                    "There should be at least one " + request.action().name() + "RequestEntry in the request.");
        }
        if (given.size() > MAX_ENTRIES) {
            throw SqsError.TOO_MANY_ENTRIES_IN_BATCH_REQUEST.because("Maximum number of entries per request are "
                    + MAX_ENTRIES + ". You have sent " + given.size() + ".");
        }
        List<Entry> entries = new ArrayList<>(given.size());
        Set<String> ids = new HashSet<>();
        for (SqsRequest.Parameters parameters : given) {
            String id = parameters.text("Id").orElse("");
            if (!ID.matcher(id).matches()) {
                throw SqsError.INVALID_BATCH_ENTRY_ID.because("A batch entry id can only contain alphanumeric"
                        + " characters, hyphens and underscores. It can be at most 80 letters long.");
            }
            if (!ids.add(id)) {
                throw SqsError.BATCH_ENTRY_IDS_NOT_DISTINCT.because("Id " + id + " repeated.");
            }
            entries.add(new Entry(id, new SqsRequest(request.action(), parameters, request.pathQueueUrl())));
        }
        return entries;
    }

    /** Records the entry's success; {@code result} holds its members beside the Id. */
    void succeeded(Entry entry, SqsAnswer result) {
        successful.add(new SqsAnswer().with("Id", entry.id()).withAll(result));
    }

    void failed(Entry entry, SqsException error) {
        failed.add(new SqsAnswer()
                .with("Id", entry.id())
                .with("SenderFault", error.error().status() < 500)
                .with("Code", error.error().queryCode())
                .with("Message", error.getMessage()));
    }

    SqsAnswer answer() {
        return new SqsAnswer()
                .with("Successful", new SqsAnswer.Repeated(resultElement, successful))
                .with("Failed", new SqsAnswer.Repeated("BatchResultErrorEntry", failed));
    }
}
