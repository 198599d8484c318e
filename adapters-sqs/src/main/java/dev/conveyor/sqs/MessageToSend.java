package dev.conveyor.sqs;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.conveyor.domain.ConveyorException;
import dev.conveyor.domain.NewMessage;
import java.util.List;
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

    /** Parameters this endpoint does not map yet: refused, so that none is silently dropped. */
    private static final List<String> NOT_YET = List.of("MessageGroupId", "MessageDeduplicationId");

    /** The message the request (or entry) sends; the SqsException that refuses it otherwise. */
    static MessageToSend read(SqsRequest request, ObjectMapper mapper) {
        String body = Limits.messageBody(request.required("MessageBody"));
        Integer delay = request.parameters().text("DelaySeconds").isPresent()
                ? request.integer("DelaySeconds", 0, Limits.MAX_DELAY_SECONDS, 0)
                : null;
        for (String parameter : NOT_YET) {
            if (request.parameters().present(parameter)) {
                throw SqsError.UNSUPPORTED_OPERATION.because("The parameter " + parameter + " is not supported yet.");
            }
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
                    traceHeader);
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
