package dev.conveyor.client;

import java.time.Instant;

/**
 * Where a dead letter came from.
 *
 * @param sourceQueueId the queue it was moved out of (it may have been deleted since)
 * @param reason the rule that moved it: {@code max_deliveries} (others may come; treat them as unknown)
 * @param lastDelivery how its last delivery ended: {@code nacked} or {@code lease_expired}
 * @param at when it was moved
 */
public record DeadLetter(String sourceQueueId, String reason, String lastDelivery, Instant at) {}
