package dev.conveyor.domain;

import java.util.Objects;
import java.util.stream.Stream;

/**
 * A partial change of a queue's settings: each field kept, reset to its default (for the optional ones, unset:
 * {@code dead_letter_queue_id} reset turns dead-lettering off) or set.
 */
public record QueueSettingsPatch(
        Change<Integer> ackDeadlineSeconds,
        Change<Integer> messageRetentionSeconds,
        Change<Integer> deliveryDelaySeconds,
        Change<Integer> maxDeliveries,
        Change<String> deadLetterQueueId,
        Change<Integer> backoffMinSeconds,
        Change<Integer> backoffMaxSeconds,
        Change<Long> maxMessages,
        Change<Integer> receiveWaitSeconds,
        Change<Integer> maxMessageBytes,
        Change<RedriveAllowPolicy> redriveAllowPolicy,
        Change<Boolean> fifo,
        Change<Boolean> contentBasedDeduplication,
        Change<Integer> deduplicationWindowSeconds,
        Change<DeduplicationScope> deduplicationScope,
        Change<FifoThroughputLimit> fifoThroughputLimit) {

    private static final QueueSettingsPatch NOTHING = new QueueSettingsPatch(
            Change.keep(),
            Change.keep(),
            Change.keep(),
            Change.keep(),
            Change.keep(),
            Change.keep(),
            Change.keep(),
            Change.keep());

    /** A change of the settings the contract had before receive waits, message sizes and redrive allow policies. */
    public QueueSettingsPatch(
            Change<Integer> ackDeadlineSeconds,
            Change<Integer> messageRetentionSeconds,
            Change<Integer> deliveryDelaySeconds,
            Change<Integer> maxDeliveries,
            Change<String> deadLetterQueueId,
            Change<Integer> backoffMinSeconds,
            Change<Integer> backoffMaxSeconds,
            Change<Long> maxMessages) {
        this(
                ackDeadlineSeconds,
                messageRetentionSeconds,
                deliveryDelaySeconds,
                maxDeliveries,
                deadLetterQueueId,
                backoffMinSeconds,
                backoffMaxSeconds,
                maxMessages,
                Change.keep(),
                Change.keep(),
                Change.keep());
    }

    /** A change of the settings the contract had before FIFO queues and deduplication. */
    public QueueSettingsPatch(
            Change<Integer> ackDeadlineSeconds,
            Change<Integer> messageRetentionSeconds,
            Change<Integer> deliveryDelaySeconds,
            Change<Integer> maxDeliveries,
            Change<String> deadLetterQueueId,
            Change<Integer> backoffMinSeconds,
            Change<Integer> backoffMaxSeconds,
            Change<Long> maxMessages,
            Change<Integer> receiveWaitSeconds,
            Change<Integer> maxMessageBytes,
            Change<RedriveAllowPolicy> redriveAllowPolicy) {
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
                Change.keep(),
                Change.keep(),
                Change.keep(),
                Change.keep(),
                Change.keep());
    }

    public QueueSettingsPatch {
        Stream.of(
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
                        fifo,
                        contentBasedDeduplication,
                        deduplicationWindowSeconds,
                        deduplicationScope,
                        fifoThroughputLimit)
                .forEach(change -> Objects.requireNonNull(change, "every field's change"));
    }

    /** Changes nothing. */
    public boolean isEmpty() {
        return equals(NOTHING);
    }

    /** The settings after the change; refused, naming every broken bound, as new settings would be. */
    public QueueSettings applyTo(QueueSettings current) {
        QueueSettings defaults = QueueSettings.defaults();
        return new QueueSettings(
                ackDeadlineSeconds.apply(current.ackDeadlineSeconds(), defaults.ackDeadlineSeconds()),
                messageRetentionSeconds.apply(current.messageRetentionSeconds(), defaults.messageRetentionSeconds()),
                deliveryDelaySeconds.apply(current.deliveryDelaySeconds(), defaults.deliveryDelaySeconds()),
                maxDeliveries.apply(current.maxDeliveries(), defaults.maxDeliveries()),
                deadLetterQueueId.apply(current.deadLetterQueueId(), defaults.deadLetterQueueId()),
                backoffMinSeconds.apply(current.backoffMinSeconds(), defaults.backoffMinSeconds()),
                backoffMaxSeconds.apply(current.backoffMaxSeconds(), defaults.backoffMaxSeconds()),
                maxMessages.apply(current.maxMessages(), defaults.maxMessages()),
                receiveWaitSeconds.apply(current.receiveWaitSeconds(), defaults.receiveWaitSeconds()),
                maxMessageBytes.apply(current.maxMessageBytes(), defaults.maxMessageBytes()),
                redriveAllowPolicy.apply(current.redriveAllowPolicy(), defaults.redriveAllowPolicy()),
                fifo.apply(current.fifo(), defaults.fifo()),
                contentBasedDeduplication.apply(
                        current.contentBasedDeduplication(), defaults.contentBasedDeduplication()),
                deduplicationWindowSeconds.apply(
                        current.deduplicationWindowSeconds(), defaults.deduplicationWindowSeconds()),
                deduplicationScope.apply(current.deduplicationScope(), defaults.deduplicationScope()),
                fifoThroughputLimit.apply(current.fifoThroughputLimit(), defaults.fifoThroughputLimit()));
    }
}
