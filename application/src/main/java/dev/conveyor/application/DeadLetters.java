package dev.conveyor.application;

import dev.conveyor.application.port.MessageStore;
import dev.conveyor.application.port.MessageStore.DeadLetter;
import dev.conveyor.application.port.QueueRepository;
import dev.conveyor.domain.Queue;
import java.time.Instant;

/** Where a queue's exhausted messages go, and moving them there: one rule for receive, nack and cleanup. */
final class DeadLetters {
  /** How many exhausted messages one statement moves at most. */
  static final int BATCH = 1000;

  private final QueueRepository queues;
  private final MessageStore messages;

  DeadLetters(QueueRepository queues, MessageStore messages) {
    this.queues = queues;
    this.messages = messages;
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
    int delay = queues.find(id).map(q -> q.settings().deliveryDelaySeconds()).orElse(0);
    return new DeadLetter(id, now.plusSeconds(delay));
  }

  /** Moves one batch of the queue's exhausted, unleased messages out; answers how many left. */
  int retireExhausted(Queue queue, Instant now) {
    Integer max = queue.settings().maxDeliveries();
    if (max == null) {
      return 0;
    }
    return messages.retireExhausted(
        queue.id(), max, now, now.minus(queue.settings().retention()), target(queue, now), BATCH);
  }
}
