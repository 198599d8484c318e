package dev.conveyor.domain;

/**
 * How many of a queue's messages are in each state, at one instant.
 *
 * @param oldestAvailableAgeSeconds age of the oldest message that could be received now; {@code null} when none
 */
public record QueueStats(String queueId, long available, long inFlight, long delayed, Long oldestAvailableAgeSeconds) {
    public long total() {
        return available + inFlight + delayed;
    }
}
