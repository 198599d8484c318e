package dev.conveyor.sqs;

import dev.conveyor.domain.Delivery;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * SQS's ReceiveRequestAttemptId on FIFO queues: a receive retried with the id of one whose answer was lost gets the
 * same messages and receipt handles again, instead of finding their groups blocked until the visibility timeout ends.
 * Remembered by this instance only (a retry that reaches another instance receives afresh), for five minutes as on SQS
 * and never past the first lease's end, after which the handles would be stale.
 */
final class ReceiveAttempts {
    static final Duration WINDOW = Duration.ofMinutes(5);
    /** Past this many remembered attempts, the expired ones are swept before another is kept. */
    private static final int SWEEP_ABOVE = 1024;
    /** A bound on memory: past it, an attempt is not remembered (its retry receives afresh, as without an id). */
    private static final int MAX_REMEMBERED = 100_000;

    private record Key(String queueId, String attemptId) {}

    private record Answered(List<Delivery> deliveries, Instant until) {}

    private final InstantSource clock;
    private final Map<Key, Answered> answered = new ConcurrentHashMap<>();

    ReceiveAttempts(InstantSource clock) {
        this.clock = clock;
    }

    /** The deliveries an earlier receive with this id answered, while their receipt handles still hold. */
    Optional<List<Delivery>> repeat(String queueId, String attemptId) {
        Answered earlier = answered.get(new Key(queueId, attemptId));
        if (earlier == null || !clock.instant().isBefore(earlier.until())) {
            return Optional.empty();
        }
        return Optional.of(earlier.deliveries());
    }

    /** Keeps what a receive with this id answered; an empty answer is not kept, so that a retry receives afresh. */
    void remember(String queueId, String attemptId, List<Delivery> deliveries) {
        if (deliveries.isEmpty()) {
            return;
        }
        Instant now = clock.instant();
        if (answered.size() > SWEEP_ABOVE) {
            answered.values().removeIf(a -> !now.isBefore(a.until()));
        }
        if (answered.size() >= MAX_REMEMBERED) {
            return;
        }
        Instant until = now.plus(WINDOW);
        for (Delivery delivery : deliveries) {
            Instant leaseEnd = delivery.message().leaseExpiresAt();
            if (leaseEnd.isBefore(until)) {
                until = leaseEnd;
            }
        }
        answered.put(new Key(queueId, attemptId), new Answered(List.copyOf(deliveries), until));
    }
}
