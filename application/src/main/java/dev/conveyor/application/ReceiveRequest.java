package dev.conveyor.application;

import dev.conveyor.domain.NewMessage;
import dev.conveyor.domain.QueueSettings;
import dev.conveyor.domain.Violations;
import java.time.Duration;

/**
 * What a consumer asks for: up to {@code maxMessages} messages, waiting up to {@code waitSeconds} for the
 * first (null: the queue's receive_wait_seconds), only those labelled {@code label} when it is not null, leased for {@code leaseSeconds} (the queue's ack
 * deadline when null).
 *
 * <p>A lease of 0 is allowed here: the messages are handed out and visible again at once, their receipts good for
 * an ack until someone receives them again (SQS's ReceiveMessage with VisibilityTimeout 0). An adapter whose
 * contract wants at least 1 (/v1's {@code lease_seconds}) checks that bound itself.
 */
public record ReceiveRequest(int maxMessages, Integer waitSeconds, String label, Integer leaseSeconds) {
    public static final int MAX_MESSAGES = 100;
    public static final int MAX_WAIT_SECONDS = 20;
    public static final int MAX_LEASE_SECONDS = QueueSettings.MAX_ACK_DEADLINE_SECONDS;

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
        if (leaseSeconds != null) {
            v.between("lease_seconds", leaseSeconds, 0, MAX_LEASE_SECONDS);
        }
        v.throwIfAny();
    }

    /** Leased for the queue's ack deadline. */
    public ReceiveRequest(int maxMessages, Integer waitSeconds, String label) {
        this(maxMessages, waitSeconds, label, null);
    }

    public static ReceiveRequest of(Integer maxMessages, Integer waitSeconds, String label) {
        return of(maxMessages, waitSeconds, label, null);
    }

    public static ReceiveRequest of(Integer maxMessages, Integer waitSeconds, String label, Integer leaseSeconds) {
        return new ReceiveRequest(maxMessages == null ? 1 : maxMessages, waitSeconds, label, leaseSeconds);
    }

    /** How long the leases last: the request's own length, or else {@code ackDeadline}. */
    Duration leaseOr(Duration ackDeadline) {
        return leaseSeconds == null ? ackDeadline : Duration.ofSeconds(leaseSeconds);
    }
}
