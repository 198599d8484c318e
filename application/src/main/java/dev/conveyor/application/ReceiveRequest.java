package dev.conveyor.application;

import dev.conveyor.domain.NewMessage;
import dev.conveyor.domain.Violations;

/**
 * What a consumer asks for: up to {@code maxMessages} messages, waiting up to {@code waitSeconds} for the
 * first (null: the queue's receive_wait_seconds), only those labelled {@code label} when it is not null.
 */
public record ReceiveRequest(int maxMessages, Integer waitSeconds, String label) {
    public static final int MAX_MESSAGES = 100;
    public static final int MAX_WAIT_SECONDS = 20;

    public ReceiveRequest {
        Violations v = new Violations().between("max_messages", maxMessages, 1, MAX_MESSAGES);
        if (waitSeconds != null) {
            v.between("wait_seconds", waitSeconds, 0, MAX_WAIT_SECONDS);
        }
        if (label != null) {
            v.check(
                    !label.isEmpty() && label.codePointCount(0, label.length()) <= NewMessage.MAX_LABEL_LENGTH,
                    "label must be 1 to " + NewMessage.MAX_LABEL_LENGTH + " characters");
        }
        v.throwIfAny();
    }

    public static ReceiveRequest of(Integer maxMessages, Integer waitSeconds, String label) {
        return new ReceiveRequest(maxMessages == null ? 1 : maxMessages, waitSeconds, label);
    }
}
