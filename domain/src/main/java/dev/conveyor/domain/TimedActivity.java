package dev.conveyor.domain;

import java.time.Instant;

/** A queue's activity recorded in the bucket that starts at {@code at}. */
public record TimedActivity(Instant at, QueueActivity activity) {}
