package dev.conveyor.sqs;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.conveyor.application.PublishService;
import dev.conveyor.domain.PublishedMessage;
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

    private final PublishService publishing;
    private final ObjectMapper mapper;

    SendBatch(PublishService publishing, ObjectMapper mapper) {
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
        Batch batch = new Batch(request.action());
        List<Batch.Entry> accepted = new ArrayList<>(entries.size());
        List<MessageToSend> messages = new ArrayList<>(entries.size());
        for (Batch.Entry entry : entries) {
            try {
                messages.add(MessageToSend.read(entry.request(), mapper));
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
                        new SqsAnswer()
                                .with("MessageId", published.get(i).id().toString())
                                .withAll(messages.get(i).checksums()));
            }
        }
        return batch.answer();
    }
}
