package dev.conveyor.client;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Map;
import java.util.Objects;

/**
 * A message to publish. Immutable: start from {@link #of(Object)} and add what it needs with the {@code with}
 * methods.
 *
 * <pre>{@code
 * NewMessage.of(Map.of("order", 42)).withAttribute("region", "eu").withDeduplicationId("order-42-created")
 * }</pre>
 *
 * @param body any JSON value (at most 256 KiB as JSON), returned to consumers as written
 * @param attributes string attributes that subscriptions filter on (at most 32), or null
 * @param label a label consumers can receive by, or null
 * @param delaySeconds seconds before it becomes visible, overriding the queue's delay (0 to 900), or null
 * @param groupId its message group: required on a FIFO queue, or null
 * @param deduplicationId makes its publish idempotent: another publish with this id within the queue's deduplication
 *     window stores nothing and answers the first message's id. A publish whose every message has one is retried by
 *     the client after a lost answer.
 */
public record NewMessage(
        JsonNode body,
        Map<String, String> attributes,
        String label,
        Integer delaySeconds,
        String groupId,
        String deduplicationId) {
    /** Checks that there is a body (JSON null is a body: {@code NullNode}); copies the attributes. */
    public NewMessage {
        Objects.requireNonNull(body, "body (use NullNode for a JSON null)");
        attributes = attributes == null ? null : Map.copyOf(attributes);
    }

    /**
     * A message with this body: a {@link JsonNode} as it is; anything else (a String, a number, a map, a record)
     * written by a plain Jackson ObjectMapper, with its own field names.
     */
    public static NewMessage of(Object body) {
        return new NewMessage(Bodies.toTree(body), null, null, null, null, null);
    }

    /** A message whose body is this JSON text, parsed (so {@code "{\"a\":1}"} is an object, not a string). */
    public static NewMessage ofJson(String json) {
        return new NewMessage(Bodies.parse(json), null, null, null, null, null);
    }

    /** This message with these attributes, replacing any it had. */
    public NewMessage withAttributes(Map<String, String> value) {
        return new NewMessage(body, value, label, delaySeconds, groupId, deduplicationId);
    }

    /** This message with one attribute more (or changed). */
    public NewMessage withAttribute(String key, String value) {
        Map<String, String> all = new java.util.HashMap<>(attributes == null ? Map.of() : attributes);
        all.put(key, value);
        return withAttributes(all);
    }

    /** This message with this label. */
    public NewMessage withLabel(String value) {
        return new NewMessage(body, attributes, value, delaySeconds, groupId, deduplicationId);
    }

    /** This message with this delay. */
    public NewMessage withDelaySeconds(Integer value) {
        return new NewMessage(body, attributes, label, value, groupId, deduplicationId);
    }

    /** This message in this message group. */
    public NewMessage withGroupId(String value) {
        return new NewMessage(body, attributes, label, delaySeconds, value, deduplicationId);
    }

    /** This message with this deduplication id. */
    public NewMessage withDeduplicationId(String value) {
        return new NewMessage(body, attributes, label, delaySeconds, groupId, value);
    }
}
