package dev.conveyor.sqs;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.conveyor.domain.ConveyorException;
import dev.conveyor.domain.NewMessage;
import dev.conveyor.domain.QueueSettings;
import java.util.Map;

/**
 * One message of a SendMessage, or of a SendMessageBatch entry, checked as SQS checks it: the message Conveyor
 * stores, and the checksums SQS answers for it (which the SDKs compare with their own).
 *
 * @param checksums MD5OfMessageBody, and MD5OfMessageAttributes and MD5OfMessageSystemAttributes when there are any
 */
record MessageToSend(NewMessage message, SqsAnswer checksums) {
    /**
     * The most a message's body and attributes may weigh, as SQS counts them: Conveyor's bound on a body (256 KiB),
     * which was SQS's own default maximum too.
     */
    static final long MAX_BYTES = NewMessage.MAX_BODY_BYTES;

    static final String GROUP_ID = "MessageGroupId";
    static final String DEDUPLICATION_ID = "MessageDeduplicationId";
    /** SQS's messages for a FIFO queue's message without a group, or without a deduplication id it needs. */
    static final String MISSING_GROUP_ID = "The request must contain the parameter " + GROUP_ID + ".";

    static final String MISSING_DEDUPLICATION_ID = "The queue should either have ContentBasedDeduplication enabled or"
            + " MessageDeduplicationId provided explicitly";

    /**
     * The message the request (or entry) sends to a queue with {@code queue}'s settings; the SqsException that
     * refuses it otherwise. On a FIFO queue, as on SQS: a MessageGroupId is required, a MessageDeduplicationId too
     * unless the queue has ContentBasedDeduplication (Conveyor then deduplicates by the body's SHA-256), and
     * DelaySeconds other than 0 is refused (the queue's delay applies). On a standard queue a MessageGroupId makes
     * it a fair queue's message, and a MessageDeduplicationId is refused, as SQS refuses it there.
     */
    static MessageToSend read(SqsRequest request, ObjectMapper mapper, QueueSettings queue) {
        String body = Limits.messageBody(request.required("MessageBody"));
        Integer delay = request.parameters().text("DelaySeconds").isPresent()
                ? request.integer("DelaySeconds", 0, Limits.MAX_DELAY_SECONDS, 0)
                : null;
        String deduplicationId = request.parameters()
                .text(DEDUPLICATION_ID)
                .map(id -> Limits.fifoId(DEDUPLICATION_ID, id))
                .orElse(null);
        String groupId = request.parameters()
                .text(GROUP_ID)
                .map(id -> Limits.fifoId(GROUP_ID, id))
                .orElse(null);
        if (queue.fifo()) {
            if (delay != null && delay != 0) {
                throw SqsError.INVALID_PARAMETER_VALUE.because("Value " + delay + " for parameter DelaySeconds is"
                        + " invalid. Reason: The request include parameter that is not valid for this queue type."
                        + " (A FIFO queue's messages take the queue's DelaySeconds.)");
            }
            delay = null; // 0 too: the queue's delay applies, as on SQS
            if (groupId == null) {
                throw SqsError.MISSING_PARAMETER.because(MISSING_GROUP_ID);
            }
            if (deduplicationId == null && !queue.contentBasedDeduplication()) {
                throw SqsError.INVALID_PARAMETER_VALUE.because(MISSING_DEDUPLICATION_ID);
            }
        } else if (deduplicationId != null) {
            throw SqsError.INVALID_PARAMETER_VALUE.because("Value " + deduplicationId + " for parameter "
                    + DEDUPLICATION_ID + " is invalid. Reason: The request includes a parameter that is not valid for"
                    + " this queue type.");
        }
        Map<String, MessageAttribute> attributes = MessageAttributesCodec.read(request.parameters());
        String traceHeader =
                MessageAttributesCodec.traceHeader(request.parameters()).orElse(null);
        if (MessageAttributesCodec.size(request.parameters()) > MAX_BYTES) {
            throw SqsError.INVALID_PARAMETER_VALUE.because("One or more parameters are invalid. Reason: Message must"
                    + " be shorter than " + MAX_BYTES + " bytes (its body and attributes together).");
        }
        NewMessage message;
        try {
            message = new NewMessage(
                    json(mapper, body),
                    MessageAttributesCodec.values(attributes),
                    null,
                    delay,
                    MessageAttributesCodec.types(attributes),
                    traceHeader,
                    groupId,
                    deduplicationId);
        } catch (ConveyorException e) {
            throw SqsEndpoint.translate(e);
        }
        SqsAnswer checksums = new SqsAnswer().with("MD5OfMessageBody", AttributeDigest.ofBody(body));
        String attributesMd5 = AttributeDigest.ofAttributes(attributes);
        if (attributesMd5 != null) {
            checksums.with("MD5OfMessageAttributes", attributesMd5);
        }
        if (traceHeader != null) {
            checksums.with("MD5OfMessageSystemAttributes", AttributeDigest.ofAttributes(systemAttributes(traceHeader)));
        }
        return new MessageToSend(message, checksums);
    }

    /** The system attributes a message sent with this trace header has, as SQS's checksum takes them. */
    static Map<String, MessageAttribute> systemAttributes(String traceHeader) {
        return Map.of(MessageAttributesCodec.TRACE_HEADER, new MessageAttribute("String", traceHeader));
    }

    /** An SQS body is a string, stored as a JSON string so that /v1 consumers see the same text. */
    private static String json(ObjectMapper mapper, String body) {
        try {
            return mapper.writeValueAsString(body);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a string always serializes", e);
        }
    }
}
