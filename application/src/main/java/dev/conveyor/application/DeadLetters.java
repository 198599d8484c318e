package dev.conveyor.application;

import dev.conveyor.application.port.MessageStore;
import dev.conveyor.application.port.MessageStore.DeadLetter;
import dev.conveyor.application.port.QueueMetrics;
import dev.conveyor.application.port.QueueRepository;
import dev.conveyor.domain.Queue;
import java.time.Instant;

/** Where a queue's exhausted messages go, and moving them there: one rule for receive, nack and cleanup. */
final class DeadLetters {
    /** How many exhausted messages one statement moves at most. */
    static final int BATCH = 1000;

    private final QueueRepository queues;
    private final MessageStore messages;
    private final QueueMetrics metrics;

    DeadLetters(QueueRepository queues, MessageStore messages, QueueMetrics metrics) {
        this.queues = queues;
        this.messages = messages;
        this.metrics = metrics;
    }

    /**
     * The queue's dead-letter queue, its messages visible after that queue's own delivery delay; null when
     * the queue has none (its exhausted messages are dropped).
     */
    DeadLetter target(Queue queue, Instant now) {
        String id = queue.settings().deadLetterQueueId();
        if (id == null) {
            return null;
        }
        int delay =
                queues.find(id).map(q -> q.settings().deliveryDelaySeconds()).orElse(0);
        return new DeadLetter(id, now.plusSeconds(delay), now);
    }

    /** Moves one batch of the queue's exhausted, unleased messages out, in a statement of its own; answers how many left. */
    int retireExhausted(Queue queue, Instant now) {
        Integer max = queue.settings().maxDeliveries();
        if (max == null) {
            return 0;
        }
        DeadLetter target = target(queue, now);
        int retired = messages.retireExhausted(
                queue.id(), max, now, now.minus(queue.settings().retention()), target, BATCH);
        counted(queue.id(), target, retired);
        return retired;
    }

    /** Counts messages that left {@code queueId} for {@code target} (dropped when null), once committed. */
    void counted(String queueId, DeadLetter target, long retired) {
        if (retired == 0) {
            return;
        }
        if (target == null) {
            metrics.dropped(queueId, retired);
        } else {
            metrics.deadLettered(queueId, retired);
        }
    }
}
