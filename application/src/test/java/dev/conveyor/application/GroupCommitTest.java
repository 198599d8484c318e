package dev.conveyor.application;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.conveyor.application.GroupCommit.Outcome;
import dev.conveyor.domain.ConveyorException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class GroupCommitTest {
    private final ExecutorService callers = Executors.newCachedThreadPool();
    private final List<List<Integer>> groups = Collections.synchronizedList(new ArrayList<>());

    @AfterEach
    void stop() {
        callers.shutdownNow();
    }

    /** Work that records each group and answers every request doubled, after {@code gate} opens. */
    private Function<List<Integer>, List<Outcome<Integer>>> doubling(CountDownLatch gate) {
        return requests -> {
            groups.add(requests);
            await(gate);
            return requests.stream().map(r -> Outcome.of(r * 2)).toList();
        };
    }

    @Test
    void aLoneRequestRunsAtOnceInAGroupOfItsOwn() {
        GroupCommit<Integer, Integer> commit =
                new GroupCommit<>(CommitGroups.DEFAULT, r -> 1, doubling(new CountDownLatch(0)));

        assertThat(commit.submit(21)).isEqualTo(42);
        assertThat(commit.submit(5)).isEqualTo(10);
        assertThat(groups).containsExactly(List.of(21), List.of(5));
    }

    @Test
    void aRequestThatFindsARunnerFreeRunsOnItsCallersThreadAndWhatQueuedMeanwhileOnAnother() throws Exception {
        CountDownLatch gate = new CountDownLatch(1);
        List<Thread> ranOn = Collections.synchronizedList(new ArrayList<>());
        GroupCommit<Integer, Integer> commit =
                new GroupCommit<>(new CommitGroups(Duration.ZERO, 100, 1), r -> 1, requests -> {
                    ranOn.add(Thread.currentThread());
                    return doubling(gate).apply(requests);
                });
        CompletableFuture<Thread> firstCaller = new CompletableFuture<>();
        Future<Integer> first = callers.submit(() -> {
            firstCaller.complete(Thread.currentThread());
            return commit.submit(1);
        });
        awaitGroups(1);
        Future<Integer> queued = callers.submit(() -> commit.submit(2));
        awaitQueued(commit, 1);

        gate.countDown();

        assertThat(first.get(5, TimeUnit.SECONDS)).isEqualTo(2);
        assertThat(queued.get(5, TimeUnit.SECONDS)).isEqualTo(4);
        assertThat(ranOn).hasSize(2);
        // No hand-off for the first; the second, queued behind it, is not left to wait on the first's caller.
        assertThat(ranOn.get(0)).isSameAs(firstCaller.get());
        assertThat(ranOn.get(1).getName()).isEqualTo("group-commit");
    }

    @Test
    void requestsArrivingWhileEveryRunnerIsBusyShareTheNextGroupAndEachGetsItsOwnAnswer() throws Exception {
        CountDownLatch gate = new CountDownLatch(1);
        GroupCommit<Integer, Integer> commit =
                new GroupCommit<>(new CommitGroups(Duration.ZERO, 100, 1), r -> 1, doubling(gate));
        Future<Integer> first = callers.submit(() -> commit.submit(1));
        awaitGroups(1);
        List<Future<Integer>> queued = new ArrayList<>();
        for (int i = 2; i <= 11; i++) {
            int request = i;
            queued.add(callers.submit(() -> commit.submit(request)));
        }
        awaitQueued(commit, 10);

        gate.countDown();

        assertThat(first.get(5, TimeUnit.SECONDS)).isEqualTo(2);
        for (int i = 0; i < queued.size(); i++) {
            assertThat(queued.get(i).get(5, TimeUnit.SECONDS)).isEqualTo((i + 2) * 2);
        }
        assertThat(groups).hasSize(2);
        assertThat(groups.get(1)).containsExactlyInAnyOrder(2, 3, 4, 5, 6, 7, 8, 9, 10, 11);
    }

    @Test
    void aGroupTakesNoMoreItemsThanTheMaximumButARequestLargerThanThatStillGoesAlone() throws Exception {
        CountDownLatch gate = new CountDownLatch(1);
        // Each request counts for as many items as its value.
        GroupCommit<Integer, Integer> commit =
                new GroupCommit<>(new CommitGroups(Duration.ZERO, 10, 1), r -> r, doubling(gate));
        Future<Integer> first = callers.submit(() -> commit.submit(1));
        awaitGroups(1);
        List<Future<Integer>> queued = new ArrayList<>();
        for (int request : new int[] {4, 4, 4, 30}) {
            queued.add(callers.submit(() -> commit.submit(request)));
            awaitQueued(commit, queued.size());
        }

        gate.countDown();

        first.get(5, TimeUnit.SECONDS);
        for (Future<Integer> future : queued) {
            future.get(5, TimeUnit.SECONDS);
        }
        assertThat(groups).containsExactly(List.of(1), List.of(4, 4), List.of(4), List.of(30));
    }

    @Test
    void aFailedGroupFailsEveryRequestInItAndNoOther() throws Exception {
        CountDownLatch gate = new CountDownLatch(1);
        RuntimeException broken = new IllegalStateException("the transaction failed");
        GroupCommit<Integer, Integer> commit =
                new GroupCommit<>(new CommitGroups(Duration.ZERO, 3, 1), r -> 1, requests -> {
                    groups.add(requests);
                    await(gate);
                    if (requests.contains(3)) {
                        throw broken;
                    }
                    return requests.stream().map(Outcome::of).toList();
                });
        Future<Integer> first = callers.submit(() -> commit.submit(1));
        awaitGroups(1);
        List<Future<Integer>> queued = new ArrayList<>();
        for (int request : new int[] {2, 3, 4, 5, 6, 7}) {
            queued.add(callers.submit(() -> commit.submit(request)));
            awaitQueued(commit, queued.size());
        }

        gate.countDown();

        assertThat(first.get(5, TimeUnit.SECONDS)).isEqualTo(1);
        for (Future<Integer> failed : queued.subList(0, 3)) {
            assertThatThrownBy(() -> failed.get(5, TimeUnit.SECONDS)).hasCause(broken);
        }
        for (Future<Integer> succeeded : queued.subList(3, 6)) {
            assertThat(succeeded.get(5, TimeUnit.SECONDS)).isBetween(5, 7);
        }
        assertThat(groups).containsExactly(List.of(1), List.of(2, 3, 4), List.of(5, 6, 7));
    }

    @Test
    void aRequestTheWorkRefusesFailsAloneWithItsOwnException() {
        GroupCommit<Integer, Integer> commit = new GroupCommit<>(
                CommitGroups.DEFAULT,
                r -> 1,
                requests -> requests.stream()
                        .map(r -> r < 0
                                ? Outcome.<Integer>failed(new IllegalArgumentException("negative: " + r))
                                : Outcome.of(r))
                        .toList());

        assertThatThrownBy(() -> commit.submit(-1))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("negative: -1");
        assertThat(commit.submit(1)).isEqualTo(1);
    }

    @Test
    void noMoreGroupsRunAtOnceThanTheConcurrencyAllows() throws Exception {
        CountDownLatch gate = new CountDownLatch(1);
        AtomicInteger running = new AtomicInteger();
        AtomicInteger mostAtOnce = new AtomicInteger();
        GroupCommit<Integer, Integer> commit =
                new GroupCommit<>(new CommitGroups(Duration.ZERO, 1, 3), r -> 1, requests -> {
                    mostAtOnce.accumulateAndGet(running.incrementAndGet(), Math::max);
                    groups.add(requests);
                    await(gate);
                    running.decrementAndGet();
                    return requests.stream().map(Outcome::of).toList();
                });
        List<Future<Integer>> calls = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            int request = i;
            calls.add(callers.submit(() -> commit.submit(request)));
        }
        awaitGroups(3);
        Thread.sleep(100); // a fourth runner, were there one, would have started by now
        assertThat(groups).hasSize(3);

        gate.countDown();

        for (int i = 0; i < calls.size(); i++) {
            assertThat(calls.get(i).get(5, TimeUnit.SECONDS)).isEqualTo(i);
        }
        assertThat(mostAtOnce).hasValue(3);
        assertThat(groups).hasSize(20);
    }

    @Test
    void aWindowMakesTheFirstRequestWaitForOthersToJoinItsGroup() throws Exception {
        GroupCommit<Integer, Integer> commit = new GroupCommit<>(
                new CommitGroups(Duration.ofMillis(500), 3, 4), r -> 1, doubling(new CountDownLatch(0)));
        List<CompletableFuture<Integer>> calls = new ArrayList<>();
        for (int i = 1; i <= 3; i++) {
            int request = i;
            calls.add(CompletableFuture.supplyAsync(() -> commit.submit(request), callers));
        }

        for (int i = 0; i < calls.size(); i++) {
            assertThat(calls.get(i).get(5, TimeUnit.SECONDS)).isEqualTo((i + 1) * 2);
        }
        // The group filled up before the window closed, and the three went together.
        assertThat(groups).hasSize(1);
        assertThat(groups.get(0)).containsExactlyInAnyOrder(1, 2, 3);
    }

    @Test
    void settingsRefuseNonsense() {
        assertThatThrownBy(() -> new CommitGroups(Duration.ofMillis(-1), 1, 1))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new CommitGroups(Duration.ZERO, 0, 1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new CommitGroups(Duration.ZERO, 1, 0)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aRequestNoRunnerTakesUpInTimeIsRefusedAndLeftOutWhileOneTakenUpIsWaitedFor() throws Exception {
        CountDownLatch gate = new CountDownLatch(1);
        GroupCommit<Integer, Integer> commit =
                new GroupCommit<>(new CommitGroups(Duration.ZERO, 100, 1), r -> 1, doubling(gate));
        Future<Integer> stuck = callers.submit(() -> commit.submit(1, Duration.ofMillis(50)));
        awaitGroups(1);

        assertThatThrownBy(() -> commit.submit(2, Duration.ofMillis(50)))
                .isInstanceOfSatisfying(
                        ConveyorException.class,
                        e -> assertThat(e.kind()).isEqualTo(ConveyorException.Kind.UNAVAILABLE));
        assertThat(commit.queuedCount()).isZero();
        gate.countDown();

        assertThat(stuck.get(5, TimeUnit.SECONDS))
                .as("taken up before its time ran out")
                .isEqualTo(2);
        assertThat(groups).containsExactly(List.of(1));
    }

    private void awaitGroups(int count) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (groups.size() < count && System.nanoTime() < deadline) {
            Thread.sleep(2);
        }
        assertThat(groups).hasSizeGreaterThanOrEqualTo(count);
    }

    private static void awaitQueued(GroupCommit<?, ?> commit, int count) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (commit.queuedCount() < count && System.nanoTime() < deadline) {
            Thread.sleep(2);
        }
        assertThat(commit.queuedCount()).isEqualTo(count);
    }

    private static void await(CountDownLatch gate) {
        try {
            gate.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
