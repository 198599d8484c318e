package dev.conveyor.application;

import dev.conveyor.application.port.QueueRepository;
import dev.conveyor.domain.ConveyorException;
import dev.conveyor.domain.Queue;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
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
        return find(id).orElseThrow(() -> ConveyorException.notFound("queue", id));
    }

    /** As {@link #get}, but empty when the queue did not exist. */
    public Optional<Queue> find(String id) {
        if (maxAgeNanos == 0) {
            return queues.find(id);
        }
        long now = nanoTime.getAsLong();
        Entry entry = recent.get(id);
        if (entry != null && now - entry.readAt() < maxAgeNanos) {
            return Optional.of(entry.queue());
        }
        long forgottenBefore = forgottenSoFar();
        Optional<Queue> queue = queues.find(id);
        synchronized (this) {
            if (queue.isEmpty()) {
                // A missing queue is not remembered, so creating it takes effect at once; one deleted through
                // another instance is forgotten.
                recent.remove(id);
            } else if (forgotten == forgottenBefore) {
                recent.put(id, new Entry(queue.get(), now));
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
}
