package dev.conveyor.domain;

/** Messages per second through each event of a queue, averaged over some period. */
public record QueueRates(
        double published, double received, double acked, double nacked, double deadLettered, double expired) {}
