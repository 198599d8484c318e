package dev.conveyor.client;

import java.time.Instant;
import java.util.List;

/**
 * The history of a page of the queues, all over the same steps ({@code GET /v1/stats/history}).
 *
 * @param from when the first step starts
 * @param to when the last step ends
 * @param stepSeconds the length of each step
 * @param data each queue of the page with its points
 * @param limit the limit applied
 * @param offset the number of queues skipped
 */
public record StatsHistories(Instant from, Instant to, long stepSeconds, List<Series> data, int limit, int offset) {
    /**
     * One queue's points, oldest first.
     *
     * @param queueId the queue
     * @param points one per step
     */
    public record Series(String queueId, List<StatsPoint> points) {}
}
