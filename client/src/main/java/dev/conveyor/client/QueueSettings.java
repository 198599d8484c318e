package dev.conveyor.client;

import java.util.List;

/**
 * The settings of a queue to create ({@code POST}) or replace whole ({@code PUT}): a null setting is left out, so
 * that the server applies its default. Build one with {@link #builder()}.
 *
 * @param ackDeadlineSeconds lease length: a received message is invisible to others this long (1 to 43200; 30)
 * @param messageRetentionSeconds a message older than this is deleted, delivered or not (60 to 1209600; 1209600)
 * @param deliveryDelaySeconds new messages become visible this long after publish (0 to 900; 0)
 * @param maxDeliveries deliveries before a message is dead-lettered (1 to 1000; null: unlimited)
 * @param deadLetterQueueId where exhausted messages go: an existing other queue (null: they are dropped)
 * @param backoffMinSeconds nack backoff: the n-th delivery's nack waits min(max, min * 2^(n-1)) (0)
 * @param backoffMaxSeconds the longest nack backoff, at least the min (0)
 * @param maxMessages capacity; a publish that would exceed it is refused with 429 (null: unbounded)
 * @param receiveWaitSeconds the long-poll wait of a receive that gives none (0 to 20; 0)
 * @param maxMessageBytes the largest body, in bytes of its JSON text (up to 262144)
 * @param allowedDeadLetterSources which queues may name this one as dead-letter queue (null: any, []: none)
 * @param fifo a FIFO queue, fixed at creation (false)
 * @param contentBasedDeduplication FIFO: a message without a deduplication id is deduplicated by its body (false)
 * @param deduplicationWindowSeconds how long a deduplication id is remembered
 * @param deduplicationScope {@code queue} or, FIFO only, {@code message_group}
 * @param fifoThroughputLimit {@code per_queue} or {@code per_message_group_id}
 */
public record QueueSettings(
        Integer ackDeadlineSeconds,
        Integer messageRetentionSeconds,
        Integer deliveryDelaySeconds,
        Integer maxDeliveries,
        String deadLetterQueueId,
        Integer backoffMinSeconds,
        Integer backoffMaxSeconds,
        Long maxMessages,
        Integer receiveWaitSeconds,
        Integer maxMessageBytes,
        List<String> allowedDeadLetterSources,
        Boolean fifo,
        Boolean contentBasedDeduplication,
        Integer deduplicationWindowSeconds,
        String deduplicationScope,
        String fifoThroughputLimit) {
    /** Copies the list of sources. */
    public QueueSettings {
        allowedDeadLetterSources = allowedDeadLetterSources == null ? null : List.copyOf(allowedDeadLetterSources);
    }

    /** Every setting left to its default. */
    public static QueueSettings defaults() {
        return builder().build();
    }

    /** A builder with every setting left to its default. */
    public static Builder builder() {
        return new Builder();
    }

    /** Builds {@link QueueSettings}; each method sets the setting of its name (see the record's components). */
    public static final class Builder {
        private Integer ackDeadlineSeconds;
        private Integer messageRetentionSeconds;
        private Integer deliveryDelaySeconds;
        private Integer maxDeliveries;
        private String deadLetterQueueId;
        private Integer backoffMinSeconds;
        private Integer backoffMaxSeconds;
        private Long maxMessages;
        private Integer receiveWaitSeconds;
        private Integer maxMessageBytes;
        private List<String> allowedDeadLetterSources;
        private Boolean fifo;
        private Boolean contentBasedDeduplication;
        private Integer deduplicationWindowSeconds;
        private String deduplicationScope;
        private String fifoThroughputLimit;

        private Builder() {}

        /** Sets ack_deadline_seconds. */
        public Builder ackDeadlineSeconds(Integer value) {
            ackDeadlineSeconds = value;
            return this;
        }

        /** Sets message_retention_seconds. */
        public Builder messageRetentionSeconds(Integer value) {
            messageRetentionSeconds = value;
            return this;
        }

        /** Sets delivery_delay_seconds. */
        public Builder deliveryDelaySeconds(Integer value) {
            deliveryDelaySeconds = value;
            return this;
        }

        /** Sets max_deliveries. */
        public Builder maxDeliveries(Integer value) {
            maxDeliveries = value;
            return this;
        }

        /** Sets dead_letter_queue_id. */
        public Builder deadLetterQueueId(String value) {
            deadLetterQueueId = value;
            return this;
        }

        /** Sets backoff_min_seconds. */
        public Builder backoffMinSeconds(Integer value) {
            backoffMinSeconds = value;
            return this;
        }

        /** Sets backoff_max_seconds. */
        public Builder backoffMaxSeconds(Integer value) {
            backoffMaxSeconds = value;
            return this;
        }

        /** Sets max_messages. */
        public Builder maxMessages(Long value) {
            maxMessages = value;
            return this;
        }

        /** Sets receive_wait_seconds. */
        public Builder receiveWaitSeconds(Integer value) {
            receiveWaitSeconds = value;
            return this;
        }

        /** Sets max_message_bytes. */
        public Builder maxMessageBytes(Integer value) {
            maxMessageBytes = value;
            return this;
        }

        /** Sets allowed_dead_letter_sources. */
        public Builder allowedDeadLetterSources(List<String> value) {
            allowedDeadLetterSources = value;
            return this;
        }

        /** Sets fifo. */
        public Builder fifo(Boolean value) {
            fifo = value;
            return this;
        }

        /** Sets content_based_deduplication. */
        public Builder contentBasedDeduplication(Boolean value) {
            contentBasedDeduplication = value;
            return this;
        }

        /** Sets deduplication_window_seconds. */
        public Builder deduplicationWindowSeconds(Integer value) {
            deduplicationWindowSeconds = value;
            return this;
        }

        /** Sets deduplication_scope. */
        public Builder deduplicationScope(String value) {
            deduplicationScope = value;
            return this;
        }

        /** Sets fifo_throughput_limit. */
        public Builder fifoThroughputLimit(String value) {
            fifoThroughputLimit = value;
            return this;
        }

        /** The settings. */
        public QueueSettings build() {
            return new QueueSettings(
                    ackDeadlineSeconds,
                    messageRetentionSeconds,
                    deliveryDelaySeconds,
                    maxDeliveries,
                    deadLetterQueueId,
                    backoffMinSeconds,
                    backoffMaxSeconds,
                    maxMessages,
                    receiveWaitSeconds,
                    maxMessageBytes,
                    allowedDeadLetterSources,
                    fifo,
                    contentBasedDeduplication,
                    deduplicationWindowSeconds,
                    deduplicationScope,
                    fifoThroughputLimit);
        }
    }
}
