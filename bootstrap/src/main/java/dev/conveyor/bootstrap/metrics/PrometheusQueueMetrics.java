package dev.conveyor.bootstrap.metrics;

import dev.conveyor.application.port.QueueMetrics;
import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Per-queue message counters, labelled {@code queue}. Prometheus client counters rather than Dropwizard ones:
 * Dropwizard metrics have no labels, and queue names may hold the dots its bridge splits names on.
 */
public final class PrometheusQueueMetrics implements QueueMetrics {
  private final Counter published;
  private final Counter received;
  private final Counter acked;
  private final Counter nacked;
  private final Counter deadLettered;
  private final Counter expired;
  private final Counter dropped;
  private final List<Counter> all;
  private final Set<String> counted = ConcurrentHashMap.newKeySet();
  private Set<String> missingLastTime = Set.of();

  public PrometheusQueueMetrics(PrometheusRegistry registry) {
    published = counter(registry, "conveyor_messages_published_total",
        "Messages stored in the queue by publishes, one per copy a topic fanned out to it.");
    received = counter(registry, "conveyor_messages_received_total",
        "Deliveries: messages leased to consumers by receives, redeliveries included.");
    acked = counter(registry, "conveyor_messages_acked_total", "Messages acked (deleted) by consumers.");
    nacked = counter(registry, "conveyor_messages_nacked_total", "Leases ended early by consumers' nacks.");
    deadLettered = counter(registry, "conveyor_messages_dead_lettered_total",
        "Messages moved from the queue to its dead-letter queue after their last allowed delivery.");
    expired = counter(registry, "conveyor_messages_expired_total",
        "Messages deleted by the cleanup because they outlived the queue's retention.");
    dropped = counter(registry, "conveyor_messages_dropped_total",
        "Messages deleted after their last allowed delivery because the queue has no dead-letter queue.");
    all = List.of(published, received, acked, nacked, deadLettered, expired, dropped);
  }

  private static Counter counter(PrometheusRegistry registry, String name, String help) {
    return Counter.builder().name(name).help(help).labelNames("queue").register(registry);
  }

  @Override
  public void published(String queueId, long count) {
    add(published, queueId, count);
  }

  @Override
  public void received(String queueId, long count) {
    add(received, queueId, count);
  }

  @Override
  public void acked(String queueId, long count) {
    add(acked, queueId, count);
  }

  @Override
  public void nacked(String queueId, long count) {
    add(nacked, queueId, count);
  }

  @Override
  public void deadLettered(String queueId, long count) {
    add(deadLettered, queueId, count);
  }

  @Override
  public void expired(String queueId, long count) {
    add(expired, queueId, count);
  }

  @Override
  public void dropped(String queueId, long count) {
    add(dropped, queueId, count);
  }

  private void add(Counter counter, String queueId, long count) {
    counted.add(queueId);
    counter.labelValues(queueId).inc(count);
  }

  /**
   * Forgets the counters of queues missing from two samples of the queue list in a row: deleted ones. Missing
   * from one is not enough, as a queue created after a listing began may already have counts.
   */
  synchronized void retainQueues(Set<String> existing) {
    Set<String> missing = new HashSet<>(counted);
    missing.removeAll(existing);
    for (String queueId : Set.copyOf(missing)) {
      if (missingLastTime.contains(queueId)) {
        counted.remove(queueId);
        all.forEach(counter -> counter.remove(queueId));
        missing.remove(queueId);
      }
    }
    missingLastTime = missing;
  }
}
