package dev.conveyor.domain;

import java.time.Instant;
import java.util.Objects;

/**
 * Where a dead letter came from: the queue it was moved out of, why, and when (the database's clock, to the
 * microsecond). A message dead-lettered again, from one dead-letter queue into the next, carries only the
 * latest; a redrive clears it.
 */
public record DeadLetterOrigin(String sourceQueueId, DeadLetterReason reason, Instant at) {
    public DeadLetterOrigin {
        Objects.requireNonNull(sourceQueueId, "sourceQueueId");
        Objects.requireNonNull(reason, "reason");
        Objects.requireNonNull(at, "at");
    }
}
