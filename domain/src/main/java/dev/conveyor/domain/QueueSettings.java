package dev.conveyor.domain;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * How a queue treats its messages. Every bound of the API contract is checked here, all at once.
 *
 * @param maxDeliveries deliveries before a message is dead-lettered; {@code null} for unlimited
 * @param deadLetterQueueId where exhausted messages go; {@code null} drops them
 * @param maxMessages capacity; {@code null} for unbounded
 * @param receiveWaitSeconds how long a receive that names no wait of its own waits for a message (long polling)
 * @param maxMessageBytes the largest message body the queue takes, in bytes of its JSON text
 * @param redriveAllowPolicy which queues may name this one as their dead-letter queue
 * @param fifo whether the queue delivers each message group's messages one at a time, in order; fixed at creation
 * @param contentBasedDeduplication (FIFO queues only) whether a message published without a deduplication id is
 *     deduplicated by the SHA-256 of its body
 * @param deduplicationWindowSeconds how long a deduplication id is remembered after its first publish
 * @param deduplicationScope what a deduplication id is unique within
 * @param fifoThroughputLimit SQS's setting, kept and reported; it changes nothing (see {@link FifoThroughputLimit})
 */
public record QueueSettings(
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
        RedriveAllowPolicy redriveAllowPolicy,
        boolean fifo,
        boolean contentBasedDeduplication,
        int deduplicationWindowSeconds,
        DeduplicationScope deduplicationScope,
        FifoThroughputLimit fifoThroughputLimit) {

    public static final int DEFAULT_ACK_DEADLINE_SECONDS = 30;
    public static final int DEFAULT_RETENTION_SECONDS = 1_209_600;
    public static final int MAX_ACK_DEADLINE_SECONDS = 43_200;
    public static final int MAX_DELAY_SECONDS = 900;
    public static final int MAX_RECEIVE_WAIT_SECONDS = 20;
    /** SQS's smallest MaximumMessageSize. */
    public static final int MIN_MESSAGE_BYTES = 1024;
    /** The contract's bound on any body, and so the largest a queue can take. */
    public static final int MAX_MESSAGE_BYTES = NewMessage.MAX_BODY_BYTES;
    /** SQS's fixed deduplication interval, the default here. */
    public static final int DEFAULT_DEDUPLICATION_WINDOW_SECONDS = 300;

    public static final int MIN_DEDUPLICATION_WINDOW_SECONDS = 60;
    public static final int MAX_DEDUPLICATION_WINDOW_SECONDS = 86_400;

    public QueueSettings {
        Violations v = new Violations()
                .between("ack_deadline_seconds", ackDeadlineSeconds, 1, MAX_ACK_DEADLINE_SECONDS)
                .between("message_retention_seconds", messageRetentionSeconds, 60, DEFAULT_RETENTION_SECONDS)
                .between("delivery_delay_seconds", deliveryDelaySeconds, 0, MAX_DELAY_SECONDS)
                .between("backoff_min_seconds", backoffMinSeconds, 0, MAX_ACK_DEADLINE_SECONDS)
                .between("backoff_max_seconds", backoffMaxSeconds, 0, MAX_ACK_DEADLINE_SECONDS)
                .between("receive_wait_seconds", receiveWaitSeconds, 0, MAX_RECEIVE_WAIT_SECONDS)
                .between("max_message_bytes", maxMessageBytes, MIN_MESSAGE_BYTES, MAX_MESSAGE_BYTES)
                .check(
                        backoffMinSeconds <= backoffMaxSeconds,
                        "backoff_min_seconds must not be greater than backoff_max_seconds");
        if (maxDeliveries != null) {
            v.between("max_deliveries", maxDeliveries, 1, 1000);
        }
        if (deadLetterQueueId != null) {
            v.name("dead_letter_queue_id", deadLetterQueueId);
        }
        if (maxMessages != null) {
            v.check(maxMessages >= 1, "max_messages must be at least 1");
        }
        Objects.requireNonNull(redriveAllowPolicy, "redriveAllowPolicy");
        Objects.requireNonNull(deduplicationScope, "deduplicationScope");
        Objects.requireNonNull(fifoThroughputLimit, "fifoThroughputLimit");
        v.between(
                "deduplication_window_seconds",
                deduplicationWindowSeconds,
                MIN_DEDUPLICATION_WINDOW_SECONDS,
                MAX_DEDUPLICATION_WINDOW_SECONDS);
        if (!fifo) {
            // As on SQS: on a standard queue these mean nothing, and silently taking them would mislead.
            v.check(!contentBasedDeduplication, "content_based_deduplication is only for fifo queues");
            v.check(
                    deduplicationScope == DeduplicationScope.QUEUE,
                    "deduplication_scope message_group is only for fifo queues");
            v.check(
                    fifoThroughputLimit == FifoThroughputLimit.PER_QUEUE,
                    "fifo_throughput_limit per_message_group_id is only for fifo queues");
        } else {
            v.check(
                    fifoThroughputLimit == FifoThroughputLimit.PER_QUEUE
                            || deduplicationScope == DeduplicationScope.MESSAGE_GROUP,
                    "fifo_throughput_limit per_message_group_id requires deduplication_scope message_group");
        }
        v.throwIfAny();
    }

    /** The settings before FIFO queues and deduplication: a standard queue, deduplicating for five minutes. */
    public QueueSettings(
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
            RedriveAllowPolicy redriveAllowPolicy) {
        this(
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
                redriveAllowPolicy,
                false,
                false,
                DEFAULT_DEDUPLICATION_WINDOW_SECONDS,
                DeduplicationScope.QUEUE,
                FifoThroughputLimit.PER_QUEUE);
    }

    /** The settings the contract had before receive waits, message sizes and redrive allow policies: at defaults. */
    public QueueSettings(
            int ackDeadlineSeconds,
            int messageRetentionSeconds,
            int deliveryDelaySeconds,
            Integer maxDeliveries,
            String deadLetterQueueId,
            int backoffMinSeconds,
            int backoffMaxSeconds,
            Long maxMessages) {
        this(
                ackDeadlineSeconds,
                messageRetentionSeconds,
                deliveryDelaySeconds,
                maxDeliveries,
                deadLetterQueueId,
                backoffMinSeconds,
                backoffMaxSeconds,
                maxMessages,
                0,
                MAX_MESSAGE_BYTES,
                RedriveAllowPolicy.ALLOW_ALL);
    }

    /** Settings from optional values, each missing one taking the contract's default. */
    public static QueueSettings withDefaults(
            Integer ackDeadlineSeconds,
            Integer messageRetentionSeconds,
            Integer deliveryDelaySeconds,
            Integer maxDeliveries,
            String deadLetterQueueId,
            Integer backoffMinSeconds,
            Integer backoffMaxSeconds,
            Long maxMessages) {
        return withDefaults(
                ackDeadlineSeconds,
                messageRetentionSeconds,
                deliveryDelaySeconds,
                maxDeliveries,
                deadLetterQueueId,
                backoffMinSeconds,
                backoffMaxSeconds,
                maxMessages,
                null,
                null,
                null);
    }

    /** Settings from optional values, each missing one taking the contract's default. */
    public static QueueSettings withDefaults(
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
            RedriveAllowPolicy redriveAllowPolicy) {
        return withDefaults(
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
                redriveAllowPolicy,
                null,
                null,
                null,
                null,
                null);
    }

    /** Settings from optional values, each missing one taking the contract's default. */
    public static QueueSettings withDefaults(
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
            RedriveAllowPolicy redriveAllowPolicy,
            Boolean fifo,
            Boolean contentBasedDeduplication,
            Integer deduplicationWindowSeconds,
            DeduplicationScope deduplicationScope,
            FifoThroughputLimit fifoThroughputLimit) {
        return new QueueSettings(
                orDefault(ackDeadlineSeconds, DEFAULT_ACK_DEADLINE_SECONDS),
                orDefault(messageRetentionSeconds, DEFAULT_RETENTION_SECONDS),
                orDefault(deliveryDelaySeconds, 0),
                maxDeliveries,
                deadLetterQueueId,
                orDefault(backoffMinSeconds, 0),
                orDefault(backoffMaxSeconds, 0),
                maxMessages,
                orDefault(receiveWaitSeconds, 0),
                orDefault(maxMessageBytes, MAX_MESSAGE_BYTES),
                redriveAllowPolicy == null ? RedriveAllowPolicy.ALLOW_ALL : redriveAllowPolicy,
                Boolean.TRUE.equals(fifo),
                Boolean.TRUE.equals(contentBasedDeduplication),
                orDefault(deduplicationWindowSeconds, DEFAULT_DEDUPLICATION_WINDOW_SECONDS),
                deduplicationScope == null ? DeduplicationScope.QUEUE : deduplicationScope,
                fifoThroughputLimit == null ? FifoThroughputLimit.PER_QUEUE : fifoThroughputLimit);
    }

    public static QueueSettings defaults() {
        return withDefaults(null, null, null, null, null, null, null, null);
    }

    public Duration ackDeadline() {
        return Duration.ofSeconds(ackDeadlineSeconds);
    }

    public Duration retention() {
        return Duration.ofSeconds(messageRetentionSeconds);
    }

    /**
     * The wait before a message whose {@code delivery}-th delivery was nacked becomes visible again:
     * min(backoff_max, backoff_min · 2^(delivery-1)), saturating so that any number of attempts is safe.
     */
    public Duration backoffAfter(int delivery) {
        if (backoffMinSeconds == 0 || delivery < 1) {
            return Duration.ZERO;
        }
        int doublings = delivery - 1;
        // 43200 < 2^16, so beyond 16 doublings the product exceeds any allowed maximum.
        long seconds = doublings >= 16
                ? backoffMaxSeconds
                : Math.min(backoffMaxSeconds, (long) backoffMinSeconds << doublings);
        return Duration.ofSeconds(seconds);
    }

    /**
     * Why the queue cannot take the message, if it cannot: its body is larger than {@code maxMessageBytes},
     * counted as it is stored (the UTF-8 bytes of its JSON text). The refusal names the queue.
     */
    public Optional<ConveyorException> sizeRefusal(String queueId, NewMessage message) {
        if (maxMessageBytes >= MAX_MESSAGE_BYTES) {
            return Optional.empty(); // every message is within the contract's bound already
        }
        String body = message.body();
        if ((long) body.length() * 3 <= maxMessageBytes) {
            return Optional.empty(); // no UTF-16 unit takes more than 3 bytes in UTF-8: small enough unencoded
        }
        int bytes = body.getBytes(StandardCharsets.UTF_8).length;
        if (bytes <= maxMessageBytes) {
            return Optional.empty();
        }
        return Optional.of(ConveyorException.invalid("the message body is " + bytes + " bytes, more than queue '"
                + queueId + "' takes (its max_message_bytes is " + maxMessageBytes + ")"));
    }

    /**
     * Why the queue cannot take the message, if it cannot: too large (see {@link #sizeRefusal}), or, on a FIFO
     * queue, without a group id or with a delay of its own (a FIFO queue's delay is the queue's, as on SQS). The
     * refusal names the queue.
     */
    public Optional<ConveyorException> refusal(String queueId, NewMessage message) {
        if (fifo) {
            if (message.groupId() == null) {
                return Optional.of(
                        ConveyorException.invalid("group_id is required: queue '" + queueId + "' is a fifo queue"));
            }
            if (message.delaySeconds() != null) {
                return Optional.of(ConveyorException.invalid("delay_seconds cannot be set per message: queue '"
                        + queueId + "' is a fifo queue, whose delivery_delay_seconds applies to every message"));
            }
        }
        return sizeRefusal(queueId, message);
    }

    public Duration deduplicationWindow() {
        return Duration.ofSeconds(deduplicationWindowSeconds);
    }

    /** True when a message with {@code deliveryAttempts} deliveries may not be delivered again. */
    public boolean exhaustedAfter(int deliveryAttempts) {
        return maxDeliveries != null && deliveryAttempts >= maxDeliveries;
    }

    private static int orDefault(Integer value, int fallback) {
        return value == null ? fallback : value;
    }
}
