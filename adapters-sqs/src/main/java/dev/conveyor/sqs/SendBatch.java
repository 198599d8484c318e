package dev.conveyor.sqs;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.conveyor.application.PublishService;
import dev.conveyor.application.QueueService;
import dev.conveyor.domain.PublishedMessage;
import dev.conveyor.domain.QueueSettings;
import java.util.ArrayList;
import java.util.List;

/**
 * SendMessageBatch: each entry checked as SendMessage checks it, the refused ones answered under Failed, and all the
 * others published together, in one transaction (one group commit), as one /v1 batch publish is.
 */
final class SendBatch {
    /**
     * The most all entries may weigh together, as SQS counts a message: the bound on one message, as SQS bounds a
     * batch by its maximum message size.
     */
    static final long MAX_BYTES = MessageToSend.MAX_BYTES;

    private final QueueService queues;
    private final PublishService publishing;
    private final ObjectMapper mapper;

    SendBatch(QueueService queues, PublishService publishing, ObjectMapper mapper) {
        this.queues = queues;
        this.publishing = publishing;
        this.mapper = mapper;
    }

    SqsAnswer send(SqsRequest request, QueueUrls urls) {
        String queueId = urls.queueId(request.queueUrl());
        List<Batch.Entry> entries = Batch.entries(request);
        long size = 0;
        for (Batch.Entry entry : entries) {
            size += MessageAttributesCodec.size(entry.request().parameters());
        }
        if (size > MAX_BYTES) {
            throw SqsError.BATCH_REQUEST_TOO_LONG.because(
                    "Batch requests cannot be longer than " + MAX_BYTES + " bytes. You have sent " + size + " bytes.");
        }
        QueueSettings queue = queues.recent(queueId).settings();
        if (queue.fifo()) {
            checkFifoEntries(entries, queue);
        }
        Batch batch = new Batch(request.action());
        List<Batch.Entry> accepted = new ArrayList<>(entries.size());
        List<MessageToSend> messages = new ArrayList<>(entries.size());
        for (Batch.Entry entry : entries) {
            try {
                messages.add(MessageToSend.read(entry.request(), mapper, queue));
                accepted.add(entry);
            } catch (SqsException refused) {
                batch.failed(entry, refused);
            }
        }
        if (!messages.isEmpty()) {
            List<PublishedMessage> published = publishing.toQueue(
                    queueId, messages.stream().map(MessageToSend::message).toList());
            for (int i = 0; i < accepted.size(); i++) {
                batch.succeeded(
                        accepted.get(i),
                        MessageActions.sent(published.get(i))
                                .withAll(messages.get(i).checksums()));
            }
        }
        return batch.answer();
    }

    /**
     * SQS refuses a whole batch to a FIFO queue, not just the entry, when an entry lacks its MessageGroupId, or its
     * MessageDeduplicationId where the queue has no ContentBasedDeduplication (both InvalidParameterValue there).
     */
    private static void checkFifoEntries(List<Batch.Entry> entries, QueueSettings queue) {
        for (Batch.Entry entry : entries) {
            SqsRequest.Parameters parameters = entry.request().parameters();
            if (!queue.contentBasedDeduplication()
                    && parameters.text(MessageToSend.DEDUPLICATION_ID).isEmpty()) {
                throw SqsError.INVALID_PARAMETER_VALUE.because(MessageToSend.MISSING_DEDUPLICATION_ID);
            }
            if (parameters.text(MessageToSend.GROUP_ID).isEmpty()) {
                throw SqsError.INVALID_PARAMETER_VALUE.because(MessageToSend.MISSING_GROUP_ID);
            }
        }
    }
}
