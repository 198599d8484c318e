package dev.conveyor.domain;

import java.time.Instant;

/**
 * One step of a queue's history, starting at {@code at}: the counts of the latest sample taken in the step (null
 * when none was), and the rates of its activity.
 */
public record StatsPoint(Instant at, QueueStats counts, QueueRates rates) {}
