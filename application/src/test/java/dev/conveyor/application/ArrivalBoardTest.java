package dev.conveyor.application;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class ArrivalBoardTest {
    /** Far longer than any test waits for a wake-up, so a wake-up is never mistaken for a time-out. */
    private static final Duration LONG = Duration.ofSeconds(30);

    private static final Duration SHORT = Duration.ofMillis(100);

    private final List<Set<String>> broadcasts = new CopyOnWriteArrayList<>();
    private final ArrivalBoard board = new ArrivalBoard(broadcasts::add);
    private final ExecutorService pool = Executors.newCachedThreadPool();

    @AfterEach
    void stopThreads() {
        pool.shutdownNow();
    }

    /** Awaits on another thread, and answers once that thread is about to wait. */
    private Future<Boolean> awaitElsewhere(ArrivalBoard.Watch watch, Duration timeout) throws InterruptedException {
        CountDownLatch started = new CountDownLatch(1);
        Future<Boolean> result = pool.submit(() -> {
            started.countDown();
            return watch.await(timeout);
        });
        started.await();
        return result;
    }

    @Test
    void wakesAWatchWaitingOnTheSignalledQueue() throws Exception {
        try (ArrivalBoard.Watch watch = board.watch("orders")) {
            Future<Boolean> woken = awaitElsewhere(watch, LONG);
            Thread.sleep(50);

            board.signal(Set.of("orders"));

            assertThat(woken.get(10, TimeUnit.SECONDS)).isTrue();
        }
    }

    @Test
    void remembersASignalThatCameBeforeTheWait() throws Exception {
        try (ArrivalBoard.Watch watch = board.watch("orders")) {
            board.signal(Set.of("orders"));

            assertThat(watch.await(LONG)).isTrue();
            // The signal is used up by one wake-up.
            assertThat(watch.await(SHORT)).isFalse();
        }
    }

    @Test
    void isNotWokenByAnotherQueuesSignal() throws Exception {
        try (ArrivalBoard.Watch watch = board.watch("orders")) {
            board.signal(Set.of("invoices"));

            assertThat(watch.await(SHORT)).isFalse();
        }
    }

    @Test
    void awaitTimesOutReturningFalse() throws Exception {
        try (ArrivalBoard.Watch watch = board.watch("orders")) {
            long start = System.nanoTime();

            boolean woken = watch.await(SHORT);

            assertThat(woken).isFalse();
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(SHORT);
        }
    }

    @Test
    void signalWakesEveryWatchOfTheQueue() throws Exception {
        try (ArrivalBoard.Watch first = board.watch("orders");
                ArrivalBoard.Watch second = board.watch("orders");
                ArrivalBoard.Watch other = board.watch("invoices")) {
            board.signal(Set.of("orders"));

            assertThat(first.await(LONG)).isTrue();
            assertThat(second.await(LONG)).isTrue();
            assertThat(other.await(SHORT)).isFalse();
        }
    }

    @Test
    void signalAllWakesEveryWatchOfEveryQueue() throws Exception {
        try (ArrivalBoard.Watch orders = board.watch("orders");
                ArrivalBoard.Watch invoices = board.watch("invoices")) {
            Future<Boolean> waiting = awaitElsewhere(invoices, LONG);
            Thread.sleep(50);

            board.signalAll();

            assertThat(orders.await(LONG)).isTrue();
            assertThat(waiting.get(10, TimeUnit.SECONDS)).isTrue();
        }
    }

    @Test
    void countsTheWatchesThatAreOpen() {
        assertThat(board.waiting()).isZero();
        ArrivalBoard.Watch first = board.watch("orders");
        ArrivalBoard.Watch second = board.watch("orders");
        ArrivalBoard.Watch third = board.watch("invoices");

        assertThat(board.waiting()).isEqualTo(3);
        first.close();
        assertThat(board.waiting()).isEqualTo(2);
        second.close();
        third.close();
        assertThat(board.waiting()).isZero();
    }

    @Test
    void closingTwiceIsHarmless() {
        ArrivalBoard.Watch watch = board.watch("orders");
        ArrivalBoard.Watch other = board.watch("orders");
        watch.close();
        watch.close();

        assertThat(board.waiting()).isEqualTo(1);
        other.close();
    }

    @Test
    void aClosedWatchIsNoLongerSignalled() throws Exception {
        ArrivalBoard.Watch watch = board.watch("orders");
        watch.close();

        board.signal(Set.of("orders"));

        assertThat(watch.await(SHORT)).isFalse();
    }

    @Test
    void announceWakesLocalWatchesAndBroadcastsTheQueues() throws Exception {
        try (ArrivalBoard.Watch watch = board.watch("orders")) {
            board.announce(Set.of("orders", "invoices"));

            assertThat(watch.await(LONG)).isTrue();
            assertThat(broadcasts).containsExactly(Set.of("orders", "invoices"));
        }
    }

    @Test
    void announceOfNoQueuesBroadcastsNothing() {
        board.announce(Set.of());

        assertThat(broadcasts).isEmpty();
    }

    @Test
    void signalDoesNotBroadcast() {
        board.signal(Set.of("orders"));
        board.signalAll();

        assertThat(broadcasts).isEmpty();
    }
}
