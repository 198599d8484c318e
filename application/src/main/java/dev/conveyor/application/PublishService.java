package dev.conveyor.application;

import dev.conveyor.application.port.IdGenerator;
import dev.conveyor.application.port.MessageStore;
import dev.conveyor.application.port.MessageStore.Envelope;
import dev.conveyor.application.port.QueueMetrics;
import dev.conveyor.application.port.QueueRepository;
import dev.conveyor.application.port.SubscriptionRepository;
import dev.conveyor.application.port.TopicRepository;
import dev.conveyor.application.port.UnitOfWork;
import dev.conveyor.domain.ConveyorException;
import dev.conveyor.domain.NewMessage;
import dev.conveyor.domain.PublishedMessage;
import dev.conveyor.domain.Queue;
import dev.conveyor.domain.Subscription;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;

/** Use cases of publishing: to one queue, or to a topic that fans out to its matching subscriptions. */
public final class PublishService {
  public static final int MAX_BATCH = 100;

  private final TopicRepository topics;
  private final QueueRepository queues;
  private final SubscriptionRepository subscriptions;
  private final MessageStore messages;
  private final UnitOfWork unitOfWork;
  private final IdGenerator ids;
  private final ArrivalBoard arrivals;
  private final InstantSource clock;
  private final QueueMetrics metrics;

  public PublishService(
      TopicRepository topics,
      QueueRepository queues,
      SubscriptionRepository subscriptions,
      MessageStore messages,
      UnitOfWork unitOfWork,
      IdGenerator ids,
      ArrivalBoard arrivals,
      InstantSource clock,
      QueueMetrics metrics) {
    this.topics = topics;
    this.queues = queues;
    this.subscriptions = subscriptions;
    this.messages = messages;
    this.unitOfWork = unitOfWork;
    this.ids = ids;
    this.arrivals = arrivals;
    this.clock = clock;
    this.metrics = metrics;
  }

  /** Stores the whole batch in the queue, or none of it. */
  public List<PublishedMessage> toQueue(String queueId, List<NewMessage> batch) {
    checkBatchSize(batch);
    Instant now = Now.of(clock);
    List<PublishedMessage> published = new ArrayList<>(batch.size());
    List<Envelope> envelopes = new ArrayList<>(batch.size());
    unitOfWork.inTransaction(() -> {
      Queue queue = queues.find(queueId).orElseThrow(() -> ConveyorException.notFound("queue", queueId));
      checkCapacity(Map.of(queue, batch.size()));
      for (NewMessage message : batch) {
        UUID id = ids.next();
        envelopes.add(envelope(queue, id, message, now));
        published.add(new PublishedMessage(id, List.of(queueId)));
      }
      messages.append(now, envelopes);
      return null;
    });
    announce(envelopes, now);
    return published;
  }

  /** Stores one copy of each message in every queue whose subscription to the topic matches it; all or none. */
  public List<PublishedMessage> toTopic(String topicId, List<NewMessage> batch) {
    checkBatchSize(batch);
    Instant now = Now.of(clock);
    List<PublishedMessage> published = new ArrayList<>(batch.size());
    List<Envelope> envelopes = new ArrayList<>();
    unitOfWork.inTransaction(() -> {
      topics.find(topicId).orElseThrow(() -> ConveyorException.notFound("topic", topicId));
      // Sorted by queue id so that every message lists its queues in the same, stable order.
      Map<String, Subscription> byQueue = new TreeMap<>();
      subscriptions.ofTopic(topicId).forEach(s -> byQueue.put(s.queueId(), s));
      Map<String, Queue> targets = new HashMap<>();
      queues.findAll(byQueue.keySet()).forEach(q -> targets.put(q.id(), q));
      Map<Queue, Integer> copies = new HashMap<>();
      for (NewMessage message : batch) {
        UUID id = ids.next();
        List<String> queueIds = new ArrayList<>();
        for (Subscription subscription : byQueue.values()) {
          Queue queue = targets.get(subscription.queueId());
          if (queue != null && subscription.filter().matches(message.attributes())) {
            queueIds.add(queue.id());
            envelopes.add(envelope(queue, id, message, now));
            copies.merge(queue, 1, Integer::sum);
          }
        }
        published.add(new PublishedMessage(id, queueIds));
      }
      checkCapacity(copies);
      if (!envelopes.isEmpty()) {
        messages.append(now, envelopes);
      }
      return null;
    });
    announce(envelopes, now);
    return published;
  }

  private static void checkBatchSize(List<NewMessage> batch) {
    if (batch.isEmpty() || batch.size() > MAX_BATCH) {
      throw ConveyorException.invalid("a publish must carry 1 to " + MAX_BATCH + " messages");
    }
  }

  private static Envelope envelope(Queue queue, UUID id, NewMessage message, Instant now) {
    return new Envelope(queue.id(), id, message, now.plusSeconds(message.delaySecondsIn(queue.settings())));
  }

  /** Refuses the whole publish when it would take a bounded queue past its max_messages. */
  private void checkCapacity(Map<Queue, Integer> copies) {
    Map<String, Integer> bounded = new TreeMap<>();
    copies.forEach((queue, count) -> {
      if (queue.settings().maxMessages() != null) {
        bounded.put(queue.id(), count);
      }
    });
    if (bounded.isEmpty()) {
      return;
    }
    Map<String, Long> stored = messages.lockAndCount(bounded.keySet());
    for (Map.Entry<Queue, Integer> entry : copies.entrySet()) {
      Long capacity = entry.getKey().settings().maxMessages();
      if (capacity == null) {
        continue;
      }
      long held = stored.getOrDefault(entry.getKey().id(), 0L);
      if (held + entry.getValue() > capacity) {
        throw ConveyorException.capacityExceeded("queue '" + entry.getKey().id() + "' holds " + held
            + " of its max_messages " + capacity + " and cannot take " + entry.getValue() + " more");
      }
    }
  }

  /**
   * After the commit: counts the copies per queue, and wakes long polls for the queues that got a message
   * visible right away; delayed ones are found by re-checks.
   */
  private void announce(List<Envelope> envelopes, Instant now) {
    Set<String> ready = new HashSet<>();
    Map<String, Long> stored = new HashMap<>();
    for (Envelope envelope : envelopes) {
      stored.merge(envelope.queueId(), 1L, Long::sum);
      if (!envelope.visibleAt().isAfter(now)) {
        ready.add(envelope.queueId());
      }
    }
    stored.forEach(metrics::published);
    arrivals.announce(ready);
  }
}
