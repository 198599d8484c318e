package dev.conveyor.application;

import dev.conveyor.domain.ConveyorException;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Function;
import java.util.function.ToIntFunction;

/**
 * Coalesces concurrent requests into groups that share one transaction, the way a database shares one WAL
 * flush among concurrent commits: a commit per request is what limits a publish rate, not the rows.
 *
 * <p>At most {@code concurrency} groups run at once. A request that finds a runner free starts at once, on
 * its caller's own thread, so a lone request waits for nobody and is handed to no other thread; requests that
 * arrive while every runner is busy queue up, and the next free runner takes all of them (up to {@code
 * maxItems}) as one group. A caller that runs stops once its own request is answered, and hands what is still
 * queued to a pooled runner. A window above zero makes a runner wait that long for more requests before it
 * starts: larger groups, for latency.
 *
 * <p>Each caller blocks until its own outcome is known; the group's work decides each request's outcome,
 * and if the work itself throws (its transaction failed) every request of that group, and only those, fail
 * with that exception.
 */
final class GroupCommit<T, R> {
    /** What the work decided for one request: its result, or why it alone failed. */
    record Outcome<R>(R result, RuntimeException failure) {
        static <R> Outcome<R> of(R result) {
            return new Outcome<>(result, null);
        }

        static <R> Outcome<R> failed(RuntimeException failure) {
            return new Outcome<>(null, failure);
        }
    }

    private record Pending<T, R>(T request, CompletableFuture<R> outcome) {}

    private final CommitGroups settings;
    private final ToIntFunction<T> size;
    private final Function<List<T>, List<Outcome<R>>> work;
    private final ReentrantLock lock = new ReentrantLock();
    // One runner gathers at a time, so requests arriving within its window join its group, not a new one.
    private final ReentrantLock gathering = new ReentrantLock();
    private final Condition arrived = lock.newCondition();
    private final ArrayDeque<Pending<T, R>> queue = new ArrayDeque<>();
    private final AtomicInteger runners = new AtomicInteger();
    // Threads that end when idle: a service at rest holds none, and nothing needs stopping.
    private final ExecutorService threads = Executors.newCachedThreadPool(task -> {
        Thread thread = new Thread(task, "group-commit");
        thread.setDaemon(true);
        return thread;
    });

    /**
     * @param size how many items a request counts for against {@code maxItems} (a request always fits alone)
     * @param work does the whole group in one transaction and answers one outcome per request, in order
     */
    GroupCommit(CommitGroups settings, ToIntFunction<T> size, Function<List<T>, List<Outcome<R>>> work) {
        this.settings = settings;
        this.size = size;
        this.work = work;
    }

    /** Runs the request in the next group, and answers its result once that group's transaction has ended. */
    R submit(T request) {
        return submit(request, null);
    }

    /**
     * As {@link #submit(Object)}, but gives up, with a 503, on a request that no runner has taken up within {@code
     * maxQueued}: every runner is stuck (a stalled database), and the request is better refused than held.
     * Once taken up, a request is waited for to the end, as it may commit.
     */
    R submit(T request, Duration maxQueued) {
        Pending<T, R> pending = new Pending<>(request, new CompletableFuture<>());
        lock.lock();
        try {
            queue.add(pending);
            arrived.signal();
        } finally {
            lock.unlock();
        }
        if (takeRunner()) {
            runUntilAnswered(pending);
        }
        if (maxQueued != null) {
            try {
                pending.outcome().get(maxQueued.toNanos(), TimeUnit.NANOSECONDS);
            } catch (TimeoutException e) {
                if (withdraw(pending)) {
                    throw ConveyorException.unavailable(
                            "the database is busy: no connection was free for this request within "
                                    + maxQueued.toMillis() + " ms",
                            e);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt(); // and still wait below: the request may commit
            } catch (ExecutionException e) {
                // Answered below.
            }
        }
        try {
            // Not interruptible: the caller must learn whether its request committed.
            return pending.outcome().join();
        } catch (CompletionException e) {
            throw e.getCause() instanceof RuntimeException cause ? cause : e;
        }
    }

    /** Takes a request that no runner has taken up out of the queue; false when one already has. */
    private boolean withdraw(Pending<T, R> pending) {
        lock.lock();
        try {
            return queue.remove(pending);
        } finally {
            lock.unlock();
        }
    }

    /** Claims one of the concurrency's runner slots; false when every one is taken. */
    private boolean takeRunner() {
        for (int running = runners.get(); running < settings.concurrency(); running = runners.get()) {
            if (runners.compareAndSet(running, running + 1)) {
                return true;
            }
        }
        return false;
    }

    private void startRunnerIfFree() {
        if (takeRunner()) {
            threads.execute(this::run);
        }
    }

    /**
     * The caller's thread as a runner: groups from the head of the queue until the one holding the caller's own
     * request has run (or another runner took it), sparing a lone request two thread hand-offs.
     */
    private void runUntilAnswered(Pending<T, R> own) {
        try {
            while (!own.outcome().isDone()) {
                List<Pending<T, R>> group = nextGroup();
                if (group.isEmpty()) {
                    return; // another runner has it
                }
                runGroup(group);
            }
        } finally {
            leave();
        }
    }

    /** A pooled runner: groups until the queue is empty. */
    private void run() {
        try {
            for (List<Pending<T, R>> group = nextGroup(); !group.isEmpty(); group = nextGroup()) {
                runGroup(group);
            }
        } finally {
            leave();
        }
    }

    private void leave() {
        runners.decrementAndGet();
        // A request queued while this runner was leaving may have found no runner free: take it up.
        if (queuedCount() > 0) {
            startRunnerIfFree();
        }
    }

    private List<Pending<T, R>> nextGroup() {
        List<Pending<T, R>> group = new ArrayList<>();
        gathering.lock();
        lock.lock();
        try {
            if (queue.isEmpty()) {
                return group;
            }
            int items = take(group, 0);
            long left = settings.window().toNanos();
            // Until the window closes, the group is full, or a request is left that does not fit.
            while (left > 0 && items < settings.maxItems() && queue.isEmpty()) {
                left = arrived.awaitNanos(left);
                items = take(group, items);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            lock.unlock();
            gathering.unlock();
        }
        return group;
    }

    /** Moves queued requests into the group while they fit; the first always does. */
    private int take(List<Pending<T, R>> group, int items) {
        while (!queue.isEmpty()) {
            int next = size.applyAsInt(queue.peek().request());
            if (!group.isEmpty() && items + next > settings.maxItems()) {
                break;
            }
            group.add(queue.poll());
            items += next;
        }
        return items;
    }

    int queuedCount() {
        lock.lock();
        try {
            return queue.size();
        } finally {
            lock.unlock();
        }
    }

    private void runGroup(List<Pending<T, R>> group) {
        List<Outcome<R>> outcomes;
        try {
            outcomes = work.apply(group.stream().map(Pending::request).toList());
            if (outcomes.size() != group.size()) {
                throw new IllegalStateException(outcomes.size() + " outcomes for a group of " + group.size());
            }
        } catch (RuntimeException | Error e) {
            group.forEach(pending -> pending.outcome().completeExceptionally(e));
            if (e instanceof Error error) {
                throw error;
            }
            return;
        }
        for (int i = 0; i < group.size(); i++) {
            Outcome<R> outcome = outcomes.get(i);
            if (outcome.failure() != null) {
                group.get(i).outcome().completeExceptionally(outcome.failure());
            } else {
                group.get(i).outcome().complete(outcome.result());
            }
        }
    }
}
