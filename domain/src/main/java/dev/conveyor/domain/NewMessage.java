package dev.conveyor.domain;

import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * A message as a publisher hands it over.
 *
 * @param body the JSON text of the body, any JSON value
 * @param label an optional string consumers can receive by
 * @param delaySeconds overrides the queue's delivery delay when not {@code null}
 */
public record NewMessage(String body, Map<String, String> attributes, String label, Integer delaySeconds) {
    public static final int MAX_BODY_BYTES = 256 * 1024;
    public static final int MAX_LABEL_LENGTH = 128;

    public NewMessage {
        Violations v = new Violations();
        v.check(body != null, "body is required");
        if (body != null) {
            v.check(utf8Length(body) <= MAX_BODY_BYTES, "body must be at most " + MAX_BODY_BYTES + " bytes as JSON");
        }
        attributes = Attributes.checkedCopy(attributes, v);
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
