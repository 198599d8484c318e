package dev.conveyor.client;

/**
 * How many messages a queue holds now, by state.
 *
 * @param queueId the queue
 * @param available messages a receive could lease now
 * @param inFlight messages leased right now
 * @param delayed messages not visible yet (delivery delay or nack backoff)
 * @param total every message it holds
 * @param oldestAvailableAgeSeconds age of the oldest available message; null when none is
 */
public record QueueStats(
        String queueId, long available, long inFlight, long delayed, long total, Long oldestAvailableAgeSeconds) {}
