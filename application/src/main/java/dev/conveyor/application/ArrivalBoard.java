package dev.conveyor.application;

import dev.conveyor.application.port.ArrivalBroadcast;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Where long polls of this instance wait for messages. Publishing here wakes local waiters at once and
 * broadcasts to the other instances, whose listeners call {@link #signal} on their own boards.
 */
public final class ArrivalBoard {
    private final ConcurrentHashMap<String, Set<Watch>> watches = new ConcurrentHashMap<>();
    private final ArrivalBroadcast broadcast;
    private volatile boolean closed;

    public ArrivalBoard(ArrivalBroadcast broadcast) {
        this.broadcast = broadcast;
    }

    /** Starts watching a queue. Watch before looking, so an arrival between the look and the wait is not missed. */
    public Watch watch(String queueId) {
        Watch watch = new Watch(queueId);
        // Added inside compute, atomically with close() removing an emptied set, so no watch lands in a detached set.
        watches.compute(queueId, (id, set) -> {
            Set<Watch> watching = set == null ? ConcurrentHashMap.newKeySet() : set;
            watching.add(watch);
            return watching;
        });
        return watch;
    }

    /** Messages were published here: wake this instance's waiters and tell the other instances. */
    public void announce(Set<String> queueIds) {
        if (queueIds.isEmpty()) {
            return;
        }
        signal(queueIds);
        broadcast.broadcast(queueIds);
    }

    /** Wakes the waiters of the queues. */
    public void signal(Set<String> queueIds) {
        for (String queueId : queueIds) {
            Set<Watch> waiting = watches.get(queueId);
            if (waiting != null) {
                waiting.forEach(Watch::wake);
            }
        }
    }

    /** Wakes every waiter, as when arrivals may have been missed or the server is stopping. */
    public void signalAll() {
        watches.values().forEach(set -> set.forEach(Watch::wake));
    }

    /**
     * The server is stopping: every long poll, waiting now or starting later, stops waiting, so that it can
     * answer (with whatever it has, usually nothing) before the server's grace period runs out.
     */
    public void close() {
        closed = true;
        signalAll();
    }

    /** True once {@link #close()} was called: long polls must not wait. */
    public boolean closed() {
        return closed;
    }

    /** How many long polls wait right now. */
    public int waiting() {
        return watches.values().stream().mapToInt(Set::size).sum();
    }

    /** One waiter's interest in one queue. */
    public final class Watch implements AutoCloseable {
        private final String queueId;
        private boolean woken;

        private Watch(String queueId) {
            this.queueId = queueId;
        }

        /** Waits until an arrival is signalled or the timeout passes; true when signalled. */
        public synchronized boolean await(Duration timeout) throws InterruptedException {
            long deadline = System.nanoTime() + timeout.toNanos();
            while (!woken && !closed) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return false;
                }
                wait(Math.max(1, left / 1_000_000), 0);
            }
            woken = false;
            return true;
        }

        private synchronized void wake() {
            woken = true;
            notifyAll();
        }

        @Override
        public void close() {
            watches.computeIfPresent(queueId, (id, set) -> {
                set.remove(this);
                return set.isEmpty() ? null : set;
            });
        }
    }
}
