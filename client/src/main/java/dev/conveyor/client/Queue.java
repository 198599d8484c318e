package dev.conveyor.client;

import java.time.Instant;
import java.util.List;

/**
 * A queue with every setting, the defaults filled in. {@link QueueSettings} describes each setting.
 *
 * @param id its name
 * @param ackDeadlineSeconds lease length of a receive
 * @param messageRetentionSeconds a message older than this is deleted
 * @param deliveryDelaySeconds new messages become visible this long after their publish
 * @param maxDeliveries deliveries before a message is dead-lettered; null for unlimited
 * @param deadLetterQueueId where exhausted messages go; null drops them
 * @param backoffMinSeconds nack backoff of the first delivery
 * @param backoffMaxSeconds the longest nack backoff
 * @param maxMessages capacity; null for unbounded
 * @param receiveWaitSeconds the wait of a receive that gives none
 * @param maxMessageBytes the largest body taken, in bytes of its JSON text
 * @param allowedDeadLetterSources which queues may name this one as their dead-letter queue: null any, [] none
 * @param fifo whether it is a FIFO queue
 * @param contentBasedDeduplication FIFO: whether a body's hash deduplicates a message without a deduplication id
 * @param deduplicationWindowSeconds how long a deduplication id is remembered
 * @param deduplicationScope {@code queue} or {@code message_group}
 * @param fifoThroughputLimit {@code per_queue} or {@code per_message_group_id} (kept for SQS; changes nothing)
 * @param createdAt when it was created
 * @param updatedAt when its settings last changed
 */
public record Queue(
        String id,
        int ackDeadlineSeconds,
        int messageRetentionSeconds,
        int deliveryDelaySeconds,
        Integer maxDeliveries,
        String deadLetterQueueId,
        int backoffMinSeconds,
        int backoffMaxSeconds,
        Long maxMessages,
        int receiveWaitSeconds,
        int maxMessageBytes,
        List<String> allowedDeadLetterSources,
        boolean fifo,
        boolean contentBasedDeduplication,
        int deduplicationWindowSeconds,
        String deduplicationScope,
        String fifoThroughputLimit,
        Instant createdAt,
        Instant updatedAt) {}
