package dev.conveyor.sqs;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.conveyor.application.ConsumeService;
import dev.conveyor.application.PublishService;
import dev.conveyor.application.ReceiveRequest;
import dev.conveyor.domain.Delivery;
import dev.conveyor.domain.NewMessage;
import dev.conveyor.domain.PublishedMessage;
import dev.conveyor.domain.ReceiptOutcome;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

/**
 * SendMessage, ReceiveMessage and DeleteMessage. An SQS body is a string, stored as a JSON string so that /v1
 * consumers see the same text; a body published through /v1 that is not a string is handed to SQS as its JSON text.
 */
final class MessageActions {
    /** Parameters of the actions this step does not map yet: refused, so that none is silently dropped. */
    private static final List<String> SEND_NOT_YET =
            List.of("MessageAttributes", "MessageSystemAttributes", "MessageGroupId", "MessageDeduplicationId");

    private final PublishService publishing;
    private final ConsumeService consuming;
    private final ObjectMapper mapper;

    MessageActions(PublishService publishing, ConsumeService consuming, ObjectMapper mapper) {
        this.publishing = publishing;
        this.consuming = consuming;
        this.mapper = mapper;
    }

    SqsAnswer send(SqsRequest request, QueueUrls urls) {
        String queueId = urls.queueId(request.queueUrl());
        String body = Limits.messageBody(request.required("MessageBody"));
        Integer delay = request.parameters().text("DelaySeconds").isPresent()
                ? request.integer("DelaySeconds", 0, Limits.MAX_DELAY_SECONDS, 0)
                : null;
        for (String parameter : SEND_NOT_YET) {
            if (request.parameters().present(parameter)) {
                throw SqsError.UNSUPPORTED_OPERATION.because("The parameter " + parameter + " is not supported yet.");
            }
        }
        String json;
        try {
            json = mapper.writeValueAsString(body);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a string always serializes", e);
        }
        List<PublishedMessage> published =
                publishing.toQueue(queueId, List.of(new NewMessage(json, Map.of(), null, delay)));
        return new SqsAnswer()
                .with("MD5OfMessageBody", md5(body))
                .with("MessageId", published.get(0).id().toString());
    }

    SqsAnswer receive(SqsRequest request, QueueUrls urls) {
        String queueId = urls.queueId(request.queueUrl());
        int max = request.integer("MaxNumberOfMessages", 1, Limits.MAX_RECEIVE_MESSAGES, 1);
        Integer wait = request.parameters().present("WaitTimeSeconds") // absent: the queue's own wait
                ? request.integer("WaitTimeSeconds", 0, Limits.MAX_WAIT_SECONDS, 0)
                : null;
        if (request.parameters().present("VisibilityTimeout")) {
            throw SqsError.UNSUPPORTED_OPERATION.because("VisibilityTimeout on ReceiveMessage is not supported yet;"
                    + " the queue's VisibilityTimeout applies.");
        }
        List<Delivery> deliveries;
        try {
            deliveries = consuming.receive(queueId, new ReceiveRequest(max, wait, null));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw SqsError.SERVICE_UNAVAILABLE.because("The server is stopping.");
        }
        List<SqsAnswer> messages = deliveries.stream()
                .map(delivery -> {
                    String body = text(delivery.message().body());
                    return new SqsAnswer()
                            .with("MessageId", delivery.message().id().toString())
                            .with("ReceiptHandle", delivery.receipt().encode())
                            .with("MD5OfBody", md5(body))
                            .with("Body", body);
                })
                .toList();
        return new SqsAnswer().with("Messages", new SqsAnswer.Repeated("Message", messages));
    }

    /** Deletes the message whose current delivery the handle names; a stale handle changes nothing, as SQS. */
    void delete(SqsRequest request, QueueUrls urls) {
        String queueId = urls.queueId(request.queueUrl());
        String handle = request.required("ReceiptHandle");
        ReceiptOutcome outcome = consuming.ack(queueId, List.of(handle));
        boolean malformed =
                outcome.failed().stream().anyMatch(failure -> ReceiptOutcome.MALFORMED.equals(failure.reason()));
        if (malformed) {
            throw SqsError.RECEIPT_HANDLE_IS_INVALID.because(
                    "The input receipt handle \"" + handle + "\" is not a valid receipt handle.");
        }
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

    /** The lowercase hex MD5 of the UTF-8 text, as SQS's MD5OfMessageBody. */
    static String md5(String text) {
        try {
            return HexFormat.of()
                    .formatHex(MessageDigest.getInstance("MD5").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has MD5", e);
        }
    }
}
