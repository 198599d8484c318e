package dev.conveyor.domain;

import java.time.Instant;
import java.util.Objects;

/** A named queue and its settings. */
public record Queue(String id, QueueSettings settings, Instant createdAt, Instant updatedAt) {
    public Queue {
        Names.require("id", id);
        Objects.requireNonNull(settings, "settings");
        Objects.requireNonNull(createdAt, "createdAt");
        Objects.requireNonNull(updatedAt, "updatedAt");
        if (id.equals(settings.deadLetterQueueId())) {
            throw ConveyorException.invalid("dead_letter_queue_id must name another queue, not the queue itself");
        }
    }
}
