package dev.conveyor.domain;

import java.time.Duration;

/**
 * How a queue treats its messages. Every bound of the API contract is checked here, all at once.
 *
 * @param maxDeliveries deliveries before a message is dead-lettered; {@code null} for unlimited
 * @param deadLetterQueueId where exhausted messages go; {@code null} drops them
 * @param maxMessages capacity; {@code null} for unbounded
 */
public record QueueSettings(
        int ackDeadlineSeconds,
        int messageRetentionSeconds,
        int deliveryDelaySeconds,
        Integer maxDeliveries,
        String deadLetterQueueId,
        int backoffMinSeconds,
        int backoffMaxSeconds,
        Long maxMessages) {

    public static final int DEFAULT_ACK_DEADLINE_SECONDS = 30;
    public static final int DEFAULT_RETENTION_SECONDS = 1_209_600;
    public static final int MAX_ACK_DEADLINE_SECONDS = 43_200;
    public static final int MAX_DELAY_SECONDS = 900;

    public QueueSettings {
        Violations v = new Violations()
                .between("ack_deadline_seconds", ackDeadlineSeconds, 1, MAX_ACK_DEADLINE_SECONDS)
                .between("message_retention_seconds", messageRetentionSeconds, 60, DEFAULT_RETENTION_SECONDS)
                .between("delivery_delay_seconds", deliveryDelaySeconds, 0, MAX_DELAY_SECONDS)
                .between("backoff_min_seconds", backoffMinSeconds, 0, MAX_ACK_DEADLINE_SECONDS)
                .between("backoff_max_seconds", backoffMaxSeconds, 0, MAX_ACK_DEADLINE_SECONDS)
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
        v.throwIfAny();
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
        return new QueueSettings(
                orDefault(ackDeadlineSeconds, DEFAULT_ACK_DEADLINE_SECONDS),
                orDefault(messageRetentionSeconds, DEFAULT_RETENTION_SECONDS),
                orDefault(deliveryDelaySeconds, 0),
                maxDeliveries,
                deadLetterQueueId,
                orDefault(backoffMinSeconds, 0),
                orDefault(backoffMaxSeconds, 0),
                maxMessages);
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

    /** True when a message with {@code deliveryAttempts} deliveries may not be delivered again. */
    public boolean exhaustedAfter(int deliveryAttempts) {
        return maxDeliveries != null && deliveryAttempts >= maxDeliveries;
    }

    private static int orDefault(Integer value, int fallback) {
        return value == null ? fallback : value;
    }
}
