package dev.conveyor.sqs;

import dev.conveyor.domain.Delivery;
import dev.conveyor.domain.Message;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What a ReceiveMessage asks to see of each message: the system attributes it names in {@code AttributeNames}
 * (older SDKs) or {@code MessageSystemAttributeNames} (newer), and the message attributes {@code
 * MessageAttributeNames} selects ({@code All}, {@code .*}, {@code prefix.*} or exact names).
 */
final class ReceiveSelection {
    static final String ALL = "All";
    static final String RECEIVE_COUNT = "ApproximateReceiveCount";
    static final String SENT_TIMESTAMP = "SentTimestamp";
    static final String FIRST_RECEIVE_TIMESTAMP = "ApproximateFirstReceiveTimestamp";
    static final String SENDER_ID = "SenderId";
    static final String DEAD_LETTER_SOURCE = "DeadLetterQueueSourceArn";
    static final String GROUP_ID = MessageToSend.GROUP_ID;
    static final String DEDUPLICATION_ID = MessageToSend.DEDUPLICATION_ID;
    static final String SEQUENCE_NUMBER = "SequenceNumber";

    /**
     * The system attributes a message may have, in the order they are answered; each answered only when the message
     * has it (MessageGroupId a message sent with one, SequenceNumber a FIFO queue's).
     */
    private static final List<String> SYSTEM = List.of(
            RECEIVE_COUNT,
            SENT_TIMESTAMP,
            FIRST_RECEIVE_TIMESTAMP,
            SENDER_ID,
            MessageAttributesCodec.TRACE_HEADER,
            DEAD_LETTER_SOURCE,
            GROUP_ID,
            SEQUENCE_NUMBER);
    /**
     * A valid name that is never answered: a message Conveyor delivers does not carry the deduplication id it was
     * published with.
     */
    private static final Set<String> NEVER_KEPT = Set.of(DEDUPLICATION_ID);

    private final Set<String> system = new LinkedHashSet<>();
    private final List<String> attributeNames;

    private ReceiveSelection(List<String> systemNames, List<String> attributeNames) {
        for (String name : systemNames) {
            if (ALL.equals(name)) {
                system.addAll(SYSTEM);
            } else if (SYSTEM.contains(name)) {
                system.add(name);
            } else if (!NEVER_KEPT.contains(name)) {
                throw SqsError.INVALID_ATTRIBUTE_NAME.because("Unknown Attribute " + name + ".");
            }
        }
        this.attributeNames = attributeNames;
    }

    static ReceiveSelection of(SqsRequest request) {
        List<String> systemNames =
                new java.util.ArrayList<>(request.parameters().list("AttributeNames"));
        systemNames.addAll(request.parameters().list("MessageSystemAttributeNames"));
        return new ReceiveSelection(systemNames, request.parameters().list("MessageAttributeNames"));
    }

    /**
     * The delivery's system attributes asked for, as strings: times in epoch milliseconds, the sender as this
     * endpoint's account (Conveyor does not record who published a message).
     */
    Map<String, String> systemAttributes(Delivery delivery, QueueUrls urls) {
        Message message = delivery.message();
        Map<String, String> attributes = new LinkedHashMap<>();
        for (String name : system) {
            String value = switch (name) {
                case RECEIVE_COUNT -> String.valueOf(message.deliveryAttempts());
                case SENT_TIMESTAMP -> String.valueOf(message.createdAt().toEpochMilli());
                case FIRST_RECEIVE_TIMESTAMP ->
                    message.firstDeliveredAt() == null
                            ? null
                            : String.valueOf(message.firstDeliveredAt().toEpochMilli());
                case SENDER_ID -> urls.accountId();
                case MessageAttributesCodec.TRACE_HEADER -> message.traceHeader();
                case DEAD_LETTER_SOURCE ->
                    message.deadLetter() == null
                            ? null
                            : urls.arn(message.deadLetter().sourceQueueId());
                case GROUP_ID -> message.groupId();
                case SEQUENCE_NUMBER ->
                    message.sequenceNumber() == null
                            ? null
                            : message.sequenceNumber().toString();
                default -> throw new IllegalStateException("no system attribute " + name);
            };
            if (value != null) {
                attributes.put(name, value);
            }
        }
        return attributes;
    }

    /** The message's attributes the request selects, in name order. */
    Map<String, MessageAttribute> messageAttributes(Message message) {
        Map<String, MessageAttribute> selected = new LinkedHashMap<>();
        if (attributeNames.isEmpty()) {
            return selected;
        }
        MessageAttributesCodec.of(message).entrySet().stream()
                .filter(entry -> selects(entry.getKey()))
                .sorted(Map.Entry.comparingByKey())
                .forEach(entry -> selected.put(entry.getKey(), entry.getValue()));
        return selected;
    }

    private boolean selects(String name) {
        for (String pattern : attributeNames) {
            if (pattern.equals(ALL) || pattern.equals(".*") || pattern.equals(name)) {
                return true;
            }
            if (pattern.endsWith(".*") && name.startsWith(pattern.substring(0, pattern.length() - 1))) {
                return true;
            }
        }
        return false;
    }
}
