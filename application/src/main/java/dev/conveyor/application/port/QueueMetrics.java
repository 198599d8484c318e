package dev.conveyor.application.port;

/**
 * Outgoing port that counts what happens to each queue's messages, for monitoring. Called after the change is
 * committed, so a count never includes work that was rolled back.
 */
public interface QueueMetrics {
    /** Messages stored in the queue by a publish (one per copy a topic fanned out to it). */
    void published(String queueId, long count);

    /**
     * Copies not stored in the queue because their publish was a duplicate (see {@link DeduplicationStore}): one per
     * copy the first publish of the id stored in the queue.
     */
    void deduplicated(String queueId, long count);

    /** Deliveries: messages leased to a consumer by a receive. */
    void received(String queueId, long count);

    void acked(String queueId, long count);

    void nacked(String queueId, long count);

    /** Messages moved to the queue's dead-letter queue after its last delivery. */
    void deadLettered(String queueId, long count);

    /** Messages deleted for age by the cleanup. */
    void expired(String queueId, long count);

    /** Messages deleted after their last delivery because the queue has no dead-letter queue. */
    void dropped(String queueId, long count);

    QueueMetrics NONE = new QueueMetrics() {
        @Override
        public void published(String queueId, long count) {}

        @Override
        public void deduplicated(String queueId, long count) {}

        @Override
        public void received(String queueId, long count) {}

        @Override
        public void acked(String queueId, long count) {}

        @Override
        public void nacked(String queueId, long count) {}

        @Override
        public void deadLettered(String queueId, long count) {}

        @Override
        public void expired(String queueId, long count) {}

        @Override
        public void dropped(String queueId, long count) {}
    };
}
