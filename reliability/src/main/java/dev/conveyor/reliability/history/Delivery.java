package dev.conveyor.reliability.history;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * One message in a successful receive answer: one delivery of one stored copy, under the lease its receipt names.
 *
 * <p>A receive answering several messages is recorded as several deliveries sharing its {@code opId} and times.
 *
 * @param token the token found in the message's body
 * @param messageId the server's id of the stored copy; with {@code queueId} it names the copy, and it tells two
 *     copies of one token in one queue apart (a batch stored twice)
 * @param deliveryAttempts the server's count, raised by every delivery of the copy, so it orders the deliveries of
 *     one copy whatever the clocks say (it starts again at 1 in a dead-letter queue, which holds another copy)
 * @param leaseExpiresAt the server's {@code lease_expires_at}: every instance follows the database clock, so these
 *     are comparable across instances (but not with the client's nanos)
 * @param group the message's {@code group_id} and {@code sequence_number} as the answer showed them; null when it
 *     showed neither (a standard queue's message; from a FIFO queue, the checker flags it)
 */
public record Delivery(
        String opId,
        String client,
        long invokedNanos,
        long completedNanos,
        String queueId,
        String token,
        String messageId,
        String receipt,
        int deliveryAttempts,
        Instant leaseExpiresAt,
        GroupPosition group)
        implements Event {

    /** A delivery of a message that belongs to no group. */
    public Delivery(
            String opId,
            String client,
            long invokedNanos,
            long completedNanos,
            String queueId,
            String token,
            String messageId,
            String receipt,
            int deliveryAttempts,
            Instant leaseExpiresAt) {
        this(
                opId,
                client,
                invokedNanos,
                completedNanos,
                queueId,
                token,
                messageId,
                receipt,
                deliveryAttempts,
                leaseExpiresAt,
                null);
    }

    public Delivery {
        Require.call(opId, client, invokedNanos, completedNanos);
        Require.text(queueId, "queueId");
        Require.text(token, "token");
        Require.text(messageId, "messageId");
        Require.text(receipt, "receipt");
        // A delivery raises the count before answering, so the first one a client sees is 1.
        if (deliveryAttempts < 1) {
            throw new IllegalArgumentException("delivery of " + token + " in op " + opId + " has " + deliveryAttempts
                    + " delivery attempts: a delivered message has at least 1");
        }
        Objects.requireNonNull(leaseExpiresAt, "leaseExpiresAt");
    }

    /**
     * When the server granted the lease, in database time: the lease is the queue's ack deadline long, so it began
     * that long before it expires.
     */
    public Instant grantedAt(Duration ackDeadline) {
        return leaseExpiresAt.minus(ackDeadline);
    }
}
