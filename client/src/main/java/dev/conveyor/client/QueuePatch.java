package dev.conveyor.client;

import java.util.List;

/**
 * Changes to a queue's settings, sent as a JSON Merge Patch ({@code PATCH /v1/queues/{id}}): a setting not named
 * keeps its value; a setting given {@code null} goes back to its default. Immutable: each method answers a new patch.
 * {@link QueueSettings} describes each setting.
 *
 * <pre>{@code
 * client.patchQueue("orders", QueuePatch.create().ackDeadlineSeconds(120).maxDeliveries(null));
 * }</pre>
 */
public final class QueuePatch {
    private final MergePatch patch;

    private QueuePatch(MergePatch patch) {
        this.patch = patch;
    }

    /** A patch that changes nothing yet. */
    public static QueuePatch create() {
        return new QueuePatch(MergePatch.empty());
    }

    private QueuePatch with(String member, Object value) {
        return new QueuePatch(patch.with(member, value));
    }

    MergePatch mergePatch() {
        return patch;
    }

    /** Changes ack_deadline_seconds; null resets it. */
    public QueuePatch ackDeadlineSeconds(Integer value) {
        return with("ack_deadline_seconds", value);
    }

    /** Changes message_retention_seconds; null resets it. */
    public QueuePatch messageRetentionSeconds(Integer value) {
        return with("message_retention_seconds", value);
    }

    /** Changes delivery_delay_seconds; null resets it. */
    public QueuePatch deliveryDelaySeconds(Integer value) {
        return with("delivery_delay_seconds", value);
    }

    /** Changes max_deliveries; null makes deliveries unlimited. */
    public QueuePatch maxDeliveries(Integer value) {
        return with("max_deliveries", value);
    }

    /** Changes dead_letter_queue_id; null removes the dead-letter queue. */
    public QueuePatch deadLetterQueueId(String value) {
        return with("dead_letter_queue_id", value);
    }

    /** Changes backoff_min_seconds; null resets it. */
    public QueuePatch backoffMinSeconds(Integer value) {
        return with("backoff_min_seconds", value);
    }

    /** Changes backoff_max_seconds; null resets it. */
    public QueuePatch backoffMaxSeconds(Integer value) {
        return with("backoff_max_seconds", value);
    }

    /** Changes max_messages; null makes the queue unbounded. */
    public QueuePatch maxMessages(Long value) {
        return with("max_messages", value);
    }

    /** Changes receive_wait_seconds; null resets it. */
    public QueuePatch receiveWaitSeconds(Integer value) {
        return with("receive_wait_seconds", value);
    }

    /** Changes max_message_bytes; null resets it. */
    public QueuePatch maxMessageBytes(Integer value) {
        return with("max_message_bytes", value);
    }

    /** Changes allowed_dead_letter_sources; null allows any queue again. */
    public QueuePatch allowedDeadLetterSources(List<String> value) {
        return with("allowed_dead_letter_sources", value);
    }

    /** Repeats fifo (it is fixed at creation: a different value is refused). */
    public QueuePatch fifo(Boolean value) {
        return with("fifo", value);
    }

    /** Changes content_based_deduplication; null resets it. */
    public QueuePatch contentBasedDeduplication(Boolean value) {
        return with("content_based_deduplication", value);
    }

    /** Changes deduplication_window_seconds; null resets it. */
    public QueuePatch deduplicationWindowSeconds(Integer value) {
        return with("deduplication_window_seconds", value);
    }

    /** Changes deduplication_scope; null resets it. */
    public QueuePatch deduplicationScope(String value) {
        return with("deduplication_scope", value);
    }

    /** Changes fifo_throughput_limit; null resets it. */
    public QueuePatch fifoThroughputLimit(String value) {
        return with("fifo_throughput_limit", value);
    }

    /** The merge patch document this patch sends. */
    @Override
    public String toString() {
        return patch.toString();
    }
}
