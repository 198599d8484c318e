package dev.conveyor.sqs;

import dev.conveyor.application.ConsumeService;
import dev.conveyor.application.ConsumeService.EndedLease;
import dev.conveyor.domain.ReceiptOutcome;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Predicate;

/**
 * What a receipt handle does: DeleteMessage, ChangeMessageVisibility and their batches. A handle is a Conveyor
 * receipt; a delete is an ack and a visibility change an extend, with SQS's answers: a stale handle deletes
 * nothing and succeeds, a malformed one is ReceiptHandleIsInvalid, and only a message still in flight under the
 * handle has its visibility changed (else MessageNotInflight).
 */
final class ReceiptActions {
    private static final String RECEIPT_HANDLE = "ReceiptHandle";
    private static final String VISIBILITY_TIMEOUT = "VisibilityTimeout";

    private final ConsumeService consuming;

    ReceiptActions(ConsumeService consuming) {
        this.consuming = consuming;
    }

    /** A VisibilityTimeout parameter, 0 to 43200 seconds, when present. */
    static Optional<Integer> visibilityTimeout(SqsRequest.Parameters parameters) {
        return parameters
                .text(VISIBILITY_TIMEOUT)
                .map(text -> Limits.integer(VISIBILITY_TIMEOUT, text, 0, Limits.MAX_VISIBILITY_TIMEOUT));
    }

    /** Deletes the message whose current delivery the handle names; a stale handle changes nothing, as SQS. */
    void delete(SqsRequest request, QueueUrls urls) {
        String queueId = urls.queueId(request.queueUrl());
        String handle = request.required(RECEIPT_HANDLE);
        refuseIf(ReceiptOutcome.MALFORMED::equals, handle, consuming.ack(queueId, List.of(handle)));
    }

    /** DeleteMessage for each entry, in one ack: a stale handle succeeds, a malformed one fails its entry. */
    SqsAnswer deleteBatch(SqsRequest request, QueueUrls urls) {
        String queueId = urls.queueId(request.queueUrl());
        List<Batch.Entry> entries = Batch.entries(request);
        Map<Batch.Entry, SqsException> refused = new HashMap<>();
        Map<Batch.Entry, String> handles = handles(entries, refused);
        if (!handles.isEmpty()) {
            Map<String, String> failures = failures(consuming.ack(queueId, distinct(handles)));
            handles.forEach((entry, handle) -> {
                if (ReceiptOutcome.MALFORMED.equals(failures.get(handle))) {
                    refused.put(entry, refusal(handle, ReceiptOutcome.MALFORMED));
                }
            });
        }
        return answer(request, entries, refused);
    }

    /** The message is visible again VisibilityTimeout seconds from now; 0 makes it visible at once. */
    void changeVisibility(SqsRequest request, QueueUrls urls) {
        String queueId = urls.queueId(request.queueUrl());
        String handle = request.required(RECEIPT_HANDLE);
        int timeout = Limits.integer(
                VISIBILITY_TIMEOUT, request.required(VISIBILITY_TIMEOUT), 0, Limits.MAX_VISIBILITY_TIMEOUT);
        refuseIf(reason -> true, handle, consuming.extend(queueId, List.of(handle), timeout, EndedLease.REFUSE));
    }

    /**
     * ChangeMessageVisibility for each entry, one extend per distinct timeout. An entry without VisibilityTimeout
     * means 0: older SDKs leave a zero out (aws-sdk-go-v2#2250), and the SQS JMS library's nack sends 0.
     */
    SqsAnswer changeVisibilityBatch(SqsRequest request, QueueUrls urls) {
        String queueId = urls.queueId(request.queueUrl());
        List<Batch.Entry> entries = Batch.entries(request);
        Map<Batch.Entry, SqsException> refused = new HashMap<>();
        Map<Batch.Entry, String> handles = handles(entries, refused);
        Map<Integer, Map<Batch.Entry, String>> byTimeout = new TreeMap<>();
        handles.forEach((entry, handle) -> {
            try {
                int timeout = visibilityTimeout(entry.request().parameters()).orElse(0);
                byTimeout.computeIfAbsent(timeout, t -> new LinkedHashMap<>()).put(entry, handle);
            } catch (SqsException e) {
                refused.put(entry, e);
            }
        });
        byTimeout.forEach((timeout, group) -> {
            Map<String, String> failures =
                    failures(consuming.extend(queueId, distinct(group), timeout, EndedLease.REFUSE));
            group.forEach((entry, handle) -> {
                String reason = failures.get(handle);
                if (reason != null) {
                    refused.put(entry, refusal(handle, reason));
                }
            });
        });
        return answer(request, entries, refused);
    }

    /** Each entry's ReceiptHandle, in entry order; an entry without one is refused. */
    private static Map<Batch.Entry, String> handles(List<Batch.Entry> entries, Map<Batch.Entry, SqsException> refused) {
        Map<Batch.Entry, String> handles = new LinkedHashMap<>();
        for (Batch.Entry entry : entries) {
            try {
                handles.put(entry, entry.request().required(RECEIPT_HANDLE));
            } catch (SqsException e) {
                refused.put(entry, e);
            }
        }
        return handles;
    }

    private static List<String> distinct(Map<Batch.Entry, String> handles) {
        return new ArrayList<>(new LinkedHashSet<>(handles.values()));
    }

    /** Each entry's result, in entry order: its refusal, or an empty success. */
    private static SqsAnswer answer(
            SqsRequest request, List<Batch.Entry> entries, Map<Batch.Entry, SqsException> refused) {
        Batch batch = new Batch(request.action());
        for (Batch.Entry entry : entries) {
            SqsException error = refused.get(entry);
            if (error == null) {
                batch.succeeded(entry, SqsAnswer.empty());
            } else {
                batch.failed(entry, error);
            }
        }
        return batch.answer();
    }

    /** Throws the SQS error of a single-handle action when the handle failed for a reason {@code refused} takes. */
    private static void refuseIf(Predicate<String> refused, String handle, ReceiptOutcome outcome) {
        for (ReceiptOutcome.Failure failure : outcome.failed()) {
            if (refused.test(failure.reason())) {
                throw refusal(handle, failure.reason());
            }
        }
    }

    /** Why each receipt that changed nothing did not, by its text. */
    private static Map<String, String> failures(ReceiptOutcome outcome) {
        Map<String, String> reasons = new HashMap<>();
        outcome.failed().forEach(failure -> reasons.put(failure.receipt(), failure.reason()));
        return reasons;
    }

    /** The SQS error for a handle that changed nothing for {@code reason}. */
    private static SqsException refusal(String handle, String reason) {
        if (ReceiptOutcome.MALFORMED.equals(reason)) {
            return SqsError.RECEIPT_HANDLE_IS_INVALID.because(
                    "The input receipt handle \"" + handle + "\" is not a valid receipt handle.");
        }
        // Acked, received again, or its lease over (so visible again): no longer in flight under this handle.
        return SqsError.MESSAGE_NOT_INFLIGHT.because("Value " + handle + " for parameter ReceiptHandle is invalid."
                + " Reason: Message does not exist or is not available for visibility timeout change.");
    }
}
