package dev.conveyor.application;

import dev.conveyor.application.port.MessageStore;
import dev.conveyor.application.port.QueueRepository;
import dev.conveyor.domain.ConveyorException;
import dev.conveyor.domain.Message;
import dev.conveyor.domain.Page;
import dev.conveyor.domain.Queue;
import dev.conveyor.domain.QueueStats;
import java.time.Instant;
import java.time.InstantSource;
import java.util.List;

/** Use cases of looking into a queue without consuming: browse its messages, count them by state. */
public final class InspectService {
  private final QueueRepository queues;
  private final MessageStore messages;
  private final InstantSource clock;

  public InspectService(QueueRepository queues, MessageStore messages, InstantSource clock) {
    this.queues = queues;
    this.messages = messages;
    this.clock = clock;
  }

  public List<Message> browse(String queueId, Page page) {
    requireQueue(queueId);
    return messages.browse(queueId, page);
  }

  public QueueStats stats(String queueId) {
    Queue queue = queues.find(queueId).orElseThrow(() -> ConveyorException.notFound("queue", queueId));
    Instant now = Now.of(clock);
    return messages.stats(
        queueId, now, now.minus(queue.settings().retention()), queue.settings().maxDeliveries());
  }

  private void requireQueue(String queueId) {
    queues.find(queueId).orElseThrow(() -> ConveyorException.notFound("queue", queueId));
  }
}
