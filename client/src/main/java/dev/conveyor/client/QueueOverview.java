package dev.conveyor.client;

import java.time.Instant;

/**
 * A queue's counts as of the latest shared sample (null before its first sample), and its recent rates.
 *
 * @param queueId the queue
 * @param sampledAt when the counts were sampled, or null
 * @param available messages a receive could lease, or null
 * @param inFlight messages leased, or null
 * @param delayed messages not visible yet, or null
 * @param total every message held, or null
 * @param oldestAvailableAgeSeconds age of the oldest available message, or null
 * @param rates messages per second over the rate window
 */
public record QueueOverview(
        String queueId,
        Instant sampledAt,
        Long available,
        Long inFlight,
        Long delayed,
        Long total,
        Long oldestAvailableAgeSeconds,
        Rates rates) {}
