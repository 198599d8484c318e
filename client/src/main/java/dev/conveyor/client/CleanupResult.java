package dev.conveyor.client;

/**
 * What a cleanup of one queue did, per kind.
 *
 * @param queueId the queue
 * @param expired messages deleted for outliving the queue's retention
 * @param deadLettered exhausted messages moved to the dead-letter queue
 * @param dropped exhausted messages dropped for want of a dead-letter queue
 */
public record CleanupResult(String queueId, long expired, long deadLettered, long dropped) {}
