package dev.conveyor.sqs;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.conveyor.application.ConsumeService;
import dev.conveyor.application.PublishService;
import dev.conveyor.application.QueueService;
import dev.conveyor.application.ReceiveRequest;
import dev.conveyor.domain.Delivery;
import dev.conveyor.domain.PublishedMessage;
import java.util.List;
import java.util.Map;

/**
 * SendMessage, SendMessageBatch and ReceiveMessage. An SQS body is a string, stored as a JSON string
 * so that /v1 consumers see the same text; a body published through /v1 that is not a string is handed to SQS as its
 * JSON text.
 */
final class MessageActions {
    private final QueueService queues;
    private final PublishService publishing;
    private final ConsumeService consuming;
    private final ObjectMapper mapper;
    private final ReceiveAttempts attempts;

    MessageActions(
            QueueService queues,
            PublishService publishing,
            ConsumeService consuming,
            ObjectMapper mapper,
            ReceiveAttempts attempts) {
        this.queues = queues;
        this.publishing = publishing;
        this.consuming = consuming;
        this.mapper = mapper;
        this.attempts = attempts;
    }

    SqsAnswer send(SqsRequest request, QueueUrls urls) {
        String queueId = urls.queueId(request.queueUrl());
        MessageToSend message =
                MessageToSend.read(request, mapper, queues.recent(queueId).settings());
        List<PublishedMessage> published = publishing.toQueue(queueId, List.of(message.message()));
        return new SqsAnswer().withAll(message.checksums()).withAll(sent(published.get(0)));
    }

    /** MessageId, and a FIFO queue's SequenceNumber, of a message SendMessage or SendMessageBatch published. */
    static SqsAnswer sent(PublishedMessage published) {
        SqsAnswer answer = new SqsAnswer().with("MessageId", published.id().toString());
        if (published.sequenceNumber() != null) {
            answer.with("SequenceNumber", published.sequenceNumber().toString());
        }
        return answer;
    }

    SqsAnswer sendBatch(SqsRequest request, QueueUrls urls) {
        return new SendBatch(queues, publishing, mapper).send(request, urls);
    }

    SqsAnswer receive(SqsRequest request, QueueUrls urls) {
        String queueId = urls.queueId(request.queueUrl());
        ReceiveSelection selection = ReceiveSelection.of(request);
        // SQS uses it on FIFO queues only, and ignores it on standard ones.
        String attemptId = request.parameters()
                .text("ReceiveRequestAttemptId")
                .map(id -> Limits.fifoId("ReceiveRequestAttemptId", id))
                .filter(id -> queues.recent(queueId).settings().fifo())
                .orElse(null);
        int max = request.integer("MaxNumberOfMessages", 1, Limits.MAX_RECEIVE_MESSAGES, 1);
        Integer wait = request.parameters().present("WaitTimeSeconds") // absent: the queue's own wait
                ? request.integer("WaitTimeSeconds", 0, Limits.MAX_WAIT_SECONDS, 0)
                : null;
        // Absent: the queue's VisibilityTimeout. 0 hands the messages out visible at once.
        Integer lease = ReceiptActions.visibilityTimeout(request.parameters()).orElse(null);
        List<Delivery> deliveries =
                attemptId == null ? null : attempts.repeat(queueId, attemptId).orElse(null);
        if (deliveries == null) {
            try {
                deliveries = consuming.receive(queueId, new ReceiveRequest(max, wait, null, lease));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw SqsError.SERVICE_UNAVAILABLE.because("The server is stopping.");
            }
            if (attemptId != null) {
                attempts.remember(queueId, attemptId, deliveries);
            }
        }
        List<SqsAnswer> messages = deliveries.stream()
                .map(delivery -> received(delivery, selection, urls))
                .toList();
        return new SqsAnswer().with("Messages", new SqsAnswer.Repeated("Message", messages));
    }

    /**
     * A delivered message as SQS answers it: the system and message attributes the receive selected, and the
     * checksum of those message attributes (SDKs check it over what they were given).
     */
    private SqsAnswer received(Delivery delivery, ReceiveSelection selection, QueueUrls urls) {
        String body = text(delivery.message().body());
        Map<String, MessageAttribute> attributes = selection.messageAttributes(delivery.message());
        SqsAnswer answer = new SqsAnswer()
                .with("MessageId", delivery.message().id().toString())
                .with("ReceiptHandle", delivery.receipt().encode())
                .with("MD5OfBody", AttributeDigest.ofBody(body))
                .with("Body", body)
                .with(
                        "Attributes",
                        new SqsAnswer.Keyed("Attribute", "Name", selection.systemAttributes(delivery, urls)));
        String attributesMd5 = AttributeDigest.ofAttributes(attributes);
        if (attributesMd5 != null) {
            answer.with("MD5OfMessageAttributes", attributesMd5)
                    .with("MessageAttributes", MessageAttributesCodec.answer("MessageAttribute", attributes));
        }
        return answer;
    }

    /** The text of a stored JSON body: a string's own text, any other JSON value as written. */
    private String text(String json) {
        try {
            JsonNode node = mapper.readTree(json);
            return node.isTextual() ? node.textValue() : json;
        } catch (JsonProcessingException e) {
            return json;
        }
    }
}
