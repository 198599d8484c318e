package dev.conveyor.domain;

import java.time.Instant;

/** A queue's counts as one sample found them. */
public record TimedStats(Instant at, QueueStats stats) {}
