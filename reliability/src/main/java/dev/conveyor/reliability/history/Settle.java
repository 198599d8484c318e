package dev.conveyor.reliability.history;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * One receipt of an ack, nack or extend call; a call settling several receipts is recorded as several settles
 * sharing its {@code opId} and times.
 *
 * @param extendedTo for an extend that may have happened (not {@link Result#REFUSED}): when the lease ends after it,
 *     in database time, or a lower bound of that (see {@link #extendedAtLeastTo}). The answer does not say, and the
 *     checker flags a redelivery granted before it, so an overestimate would raise a false alarm. Null otherwise.
 */
public record Settle(
        String opId,
        String client,
        long invokedNanos,
        long completedNanos,
        String queueId,
        String receipt,
        Kind kind,
        Result result,
        Instant extendedTo)
        implements Event {

    /** The call the receipt was sent to. */
    public enum Kind {
        ACK,
        NACK,
        EXTEND
    }

    /** What the answer said of this receipt. */
    public enum Result {
        /** Listed in {@code succeeded}. */
        SUCCEEDED,
        /** Listed in {@code failed}: the call changed nothing for this receipt. */
        REFUSED,
        /** No answer: it may have taken effect or not. */
        AMBIGUOUS
    }

    public Settle {
        Require.call(opId, client, invokedNanos, completedNanos);
        Require.text(queueId, "queueId");
        Require.text(receipt, "receipt");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(result, "result");
        if (kind == Kind.EXTEND && result != Result.REFUSED) {
            Objects.requireNonNull(extendedTo, "extendedTo of an extend that may have happened");
        }
        if (kind != Kind.EXTEND && extendedTo != null) {
            throw new IllegalArgumentException(kind + " " + opId + " has an extendedTo: only an extend moves a lease");
        }
    }

    /**
     * The earliest database time an extend by {@code seconds} of {@code delivery}'s lease can have set, for a
     * recorder that knows only its own clock.
     *
     * <p>The lease was granted before the receive completed, and the extend ran after it was invoked, so at least
     * {@code extendInvokedNanos - delivery.completedNanos()} passed between the two on the database too (clocks run at
     * the same rate; only their origins differ).
     */
    public static Instant extendedAtLeastTo(
            Delivery delivery, Duration ackDeadline, long extendInvokedNanos, Duration seconds) {
        if (seconds.isNegative()) {
            throw new IllegalArgumentException("an extend takes 0 or more seconds, not " + seconds);
        }
        long sinceReceived = extendInvokedNanos - delivery.completedNanos();
        if (sinceReceived < 0) {
            throw new IllegalArgumentException("an extend of " + delivery.receipt()
                    + " cannot be invoked before the receive that gave it completed");
        }
        return delivery.grantedAt(ackDeadline).plusNanos(sinceReceived).plus(seconds);
    }
}
