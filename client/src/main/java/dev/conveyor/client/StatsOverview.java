package dev.conveyor.client;

import java.util.List;

/**
 * A page of the queues, by name, each with its counts and rates ({@code GET /v1/stats}).
 *
 * @param intervalSeconds how often the counts are sampled
 * @param rateWindowSeconds the rates are averaged over this many seconds
 * @param data the queues of the page
 * @param limit the limit applied
 * @param offset the number of queues skipped
 */
public record StatsOverview(
        double intervalSeconds, long rateWindowSeconds, List<QueueOverview> data, int limit, int offset) {}
