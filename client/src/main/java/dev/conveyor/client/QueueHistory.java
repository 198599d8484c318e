package dev.conveyor.client;

import java.time.Instant;
import java.util.List;

/**
 * A queue's history over a window ({@code GET /v1/queues/{id}/stats/history}); the last step holds now.
 *
 * @param queueId the queue
 * @param from when the first step starts
 * @param to when the last step ends
 * @param stepSeconds the length of each step
 * @param data one point per step, oldest first
 */
public record QueueHistory(String queueId, Instant from, Instant to, long stepSeconds, List<StatsPoint> data) {}
