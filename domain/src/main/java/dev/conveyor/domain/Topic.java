package dev.conveyor.domain;

import java.time.Instant;
import java.util.Objects;

/** A named destination that fans messages out to the queues subscribed to it. */
public record Topic(String id, Instant createdAt) {
    public Topic {
        Names.require("id", id);
        Objects.requireNonNull(createdAt, "createdAt");
    }
}
