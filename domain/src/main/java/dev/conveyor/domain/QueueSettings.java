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
        RedriveAllowPolicy redriveAllowPolicy) {

    public static final int DEFAULT_ACK_DEADLINE_SECONDS = 30;
    public static final int DEFAULT_RETENTION_SECONDS = 1_209_600;
    public static final int MAX_ACK_DEADLINE_SECONDS = 43_200;
    public static final int MAX_DELAY_SECONDS = 900;
    public static final int MAX_RECEIVE_WAIT_SECONDS = 20;
    /** SQS's smallest MaximumMessageSize. */
    public static final int MIN_MESSAGE_BYTES = 1024;
    /** The contract's bound on any body, and so the largest a queue can take. */
    public static final int MAX_MESSAGE_BYTES = NewMessage.MAX_BODY_BYTES;

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
        v.throwIfAny();
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
                redriveAllowPolicy == null ? RedriveAllowPolicy.ALLOW_ALL : redriveAllowPolicy);
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

    /** True when a message with {@code deliveryAttempts} deliveries may not be delivered again. */
    public boolean exhaustedAfter(int deliveryAttempts) {
        return maxDeliveries != null && deliveryAttempts >= maxDeliveries;
    }

    private static int orDefault(Integer value, int fallback) {
        return value == null ? fallback : value;
    }
}
