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
 */
public record NewMessage(
        String body,
        Map<String, String> attributes,
        String label,
        Integer delaySeconds,
        Map<String, String> attributeTypes,
        String traceHeader) {
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
        if (delaySeconds != null) {
            v.between("delay_seconds", delaySeconds, 0, QueueSettings.MAX_DELAY_SECONDS);
        }
        v.throwIfAny();
    }

    /** A message whose attributes are all plain strings, with no trace header. */
    public NewMessage(String body, Map<String, String> attributes, String label, Integer delaySeconds) {
        this(body, attributes, label, delaySeconds, Map.of(), null);
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
