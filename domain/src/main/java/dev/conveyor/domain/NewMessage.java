package dev.conveyor.domain;

import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * A message as a publisher hands it over.
 *
 * @param body the JSON text of the body, any JSON value
 * @param label an optional string consumers can receive by
 * @param delaySeconds overrides the queue's delivery delay when not {@code null}
 * @param attributeTypes the data types of typed attributes, by key (see {@link AttributeTypes}); plain strings have
 *     none
 * @param traceHeader a tracing system's header (AWS X-Ray's), kept and handed back as given; {@code null} when none
 * @param groupId the message group: on a FIFO queue, the messages of one group are delivered one at a time, in
 *     publish order; on a standard queue, receives spread across groups. {@code null} when none
 * @param deduplicationId a publish of the same id to the same queue or topic within its deduplication window
 *     stores nothing and answers the first publish's message; {@code null} when none
 */
public record NewMessage(
        String body,
        Map<String, String> attributes,
        String label,
        Integer delaySeconds,
        Map<String, String> attributeTypes,
        String traceHeader,
        String groupId,
        String deduplicationId) {
    public static final int MAX_BODY_BYTES = 256 * 1024;
    public static final int MAX_LABEL_LENGTH = 128;

    public NewMessage {
        Violations v = new Violations();
        v.check(body != null, "body is required");
        if (body != null) {
            v.check(utf8Length(body) <= MAX_BODY_BYTES, "body must be at most " + MAX_BODY_BYTES + " bytes as JSON");
        }
        attributes = Attributes.checkedCopy(attributes, v);
        attributeTypes = AttributeTypes.checkedCopy(attributeTypes, attributes, v);
        if (traceHeader != null) {
            v.check(
                    !traceHeader.isEmpty() && Attributes.characters(traceHeader) <= Attributes.MAX_VALUE_LENGTH,
                    "trace_header must be 1 to " + Attributes.MAX_VALUE_LENGTH + " characters");
        }
        if (label != null) {
            v.check(
                    !label.isEmpty() && Attributes.characters(label) <= MAX_LABEL_LENGTH,
                    "label must be 1 to " + MAX_LABEL_LENGTH + " characters");
        }
        if (groupId != null) {
            MessageGroups.check(v, "group_id", groupId);
        }
        if (deduplicationId != null) {
            MessageGroups.check(v, "deduplication_id", deduplicationId);
        }
        if (delaySeconds != null) {
            v.between("delay_seconds", delaySeconds, 0, QueueSettings.MAX_DELAY_SECONDS);
        }
        v.throwIfAny();
    }

    /** A message with no group and no deduplication id. */
    public NewMessage(
            String body,
            Map<String, String> attributes,
            String label,
            Integer delaySeconds,
            Map<String, String> attributeTypes,
            String traceHeader) {
        this(body, attributes, label, delaySeconds, attributeTypes, traceHeader, null, null);
    }

    /** A message whose attributes are all plain strings, with no trace header, group or deduplication id. */
    public NewMessage(String body, Map<String, String> attributes, String label, Integer delaySeconds) {
        this(body, attributes, label, delaySeconds, Map.of(), null);
    }

    /** This message in the group {@code groupId}, with the deduplication id {@code deduplicationId}. */
    public NewMessage inGroup(String groupId, String deduplicationId) {
        return new NewMessage(
                body, attributes, label, delaySeconds, attributeTypes, traceHeader, groupId, deduplicationId);
    }

    /** The delay this message waits before its first delivery in a queue with {@code settings}. */
    public int delaySecondsIn(QueueSettings settings) {
        return delaySeconds != null ? delaySeconds : settings.deliveryDelaySeconds();
    }

    private static long utf8Length(String text) {
        // Cheaper than encoding: most bodies are far below the bound.
        if (text.length() * 3L <= MAX_BODY_BYTES) {
            return text.length();
        }
        return text.getBytes(StandardCharsets.UTF_8).length;
    }
}
