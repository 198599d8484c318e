package dev.conveyor.client;

/**
 * Messages per second through each event of a queue, summed over every server instance.
 *
 * @param published stored by publishes
 * @param received leased by receives
 * @param acked acked
 * @param nacked nacked
 * @param deadLettered moved to the dead-letter queue
 * @param expired deleted for outliving the retention
 */
public record Rates(
        double published, double received, double acked, double nacked, double deadLettered, double expired) {}
