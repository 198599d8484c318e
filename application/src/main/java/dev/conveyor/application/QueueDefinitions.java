package dev.conveyor.application;

import dev.conveyor.application.port.QueueRepository;
import dev.conveyor.domain.ConveyorException;
import dev.conveyor.domain.Queue;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/**
 * The queues' definitions as consumers need them, each read from the store at most once per {@code maxAge}.
 *
 * <p>A receive needs its queue's settings (ack deadline, retention, max deliveries), and reading them cost
 * a receive nearly half of its server time and one of its two round trips. A change made through this
 * instance is seen at once ({@link #forget}); one made through another instance within {@code maxAge}, as
 * a long poll already sees its queue as it was when the poll began. A duration of zero reads every time.
 */
public final class QueueDefinitions {
  private record Entry(Queue queue, long readAt) {}

  private final QueueRepository queues;
  private final long maxAgeNanos;
  private final LongSupplier nanoTime;
  private final Map<String, Entry> recent = new ConcurrentHashMap<>();
  /** Counts {@link #forget} calls: a read that began before one must not be remembered after it. */
  private long forgotten;

  public QueueDefinitions(QueueRepository queues, Duration maxAge) {
    this(queues, maxAge, System::nanoTime);
  }

  QueueDefinitions(QueueRepository queues, Duration maxAge, LongSupplier nanoTime) {
    if (maxAge.isNegative()) {
      throw new IllegalArgumentException("maxAge must not be negative: " + maxAge);
    }
    this.queues = queues;
    this.maxAgeNanos = maxAge.toNanos();
    this.nanoTime = nanoTime;
  }

  /** Reads every time: for use cases and tests that must see every change at once. */
  public static QueueDefinitions uncached(QueueRepository queues) {
    return new QueueDefinitions(queues, Duration.ZERO);
  }

  /** The queue, as read at most {@code maxAge} ago; not found if it did not exist then. */
  public Queue get(String id) {
    if (maxAgeNanos == 0) {
      return read(id);
    }
    long now = nanoTime.getAsLong();
    Entry entry = recent.get(id);
    if (entry != null && now - entry.readAt() < maxAgeNanos) {
      return entry.queue();
    }
    long forgottenBefore = forgottenSoFar();
    Queue queue;
    try {
      queue = read(id);
    } catch (ConveyorException notFound) {
      recent.remove(id); // deleted through another instance
      throw notFound;
    }
    synchronized (this) {
      if (forgotten == forgottenBefore) {
        recent.put(id, new Entry(queue, now));
      }
    }
    return queue;
  }

  /** Drops what is known of the queue, after a change to it committed. */
  public synchronized void forget(String id) {
    forgotten++;
    recent.remove(id);
  }

  private synchronized long forgottenSoFar() {
    return forgotten;
  }

  private Queue read(String id) {
    // A missing queue is not remembered: creating it must take effect at once.
    return queues.find(id).orElseThrow(() -> ConveyorException.notFound("queue", id));
  }
}
