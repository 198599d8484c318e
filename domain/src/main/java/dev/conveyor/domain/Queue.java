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

    /**
     * Refuses moving this queue's messages into {@code destination} unless both are FIFO or both standard: a FIFO
     * queue takes only messages with a group (and numbers them), and a FIFO queue's messages keep their order only
     * in another.
     */
    public void checkRedriveTo(Queue destination) {
        if (settings.fifo() != destination.settings().fifo()) {
            throw ConveyorException.invalid("destination_queue_id names queue '" + destination.id() + "', a "
                    + kind(destination) + " queue; the messages of " + kind(this) + " queue '" + id
                    + "' can only be redriven to a " + kind(this) + " queue");
        }
    }

    private static String kind(Queue queue) {
        return queue.settings().fifo() ? "fifo" : "standard";
    }
}
