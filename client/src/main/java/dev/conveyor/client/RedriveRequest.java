package dev.conveyor.client;

import java.util.List;

/**
 * Which of a queue's messages a redrive moves, and where.
 *
 * @param destinationQueueId the queue to move them to; null sends each back to the queue it was dead-lettered from
 * @param ids only these messages (1 to 1000), or null for all
 * @param maxMessages at most this many, oldest first, or null for no limit
 */
public record RedriveRequest(String destinationQueueId, List<String> ids, Long maxMessages) {
    /** Copies the ids. */
    public RedriveRequest {
        ids = ids == null ? null : List.copyOf(ids);
    }

    /** Every message, to this queue. */
    public static RedriveRequest allTo(String destinationQueueId) {
        return new RedriveRequest(destinationQueueId, null, null);
    }

    /** Every message, each back to the queue it was dead-lettered from. */
    public static RedriveRequest allToSources() {
        return new RedriveRequest(null, null, null);
    }
}
