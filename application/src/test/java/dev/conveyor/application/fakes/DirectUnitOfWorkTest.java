package dev.conveyor.application.fakes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.conveyor.domain.Topic;
import java.time.Instant;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class DirectUnitOfWorkTest {
    private static final Instant T0 = Instant.parse("2025-01-01T00:00:00Z");

    private final InMemoryStore store = new InMemoryStore();
    private final ExecutorService pool = Executors.newCachedThreadPool();

    @AfterEach
    void stopThreads() {
        pool.shutdownNow();
    }

    @Test
    void withoutParticipantsSimplyRunsTheWork() {
        DirectUnitOfWork unitOfWork = new DirectUnitOfWork();

        assertThat(unitOfWork.inTransaction(() -> 42)).isEqualTo(42);
        assertThatThrownBy(() -> unitOfWork.inTransaction(() -> {
                    throw new IllegalStateException("x");
                }))
                .isInstanceOf(IllegalStateException.class);
        assertThat(unitOfWork.committed()).isEqualTo(1);
        assertThat(unitOfWork.rolledBack()).isEqualTo(1);
    }

    @Test
    void countsOnlyOutermostTransactions() {
        store.unitOfWork()
                .inTransaction(() -> store.unitOfWork().inTransaction(() -> {
                    assertThat(store.unitOfWork().inTransaction()).isTrue();
                    return null;
                }));

        assertThat(store.unitOfWork().committed()).isEqualTo(1);
        assertThat(store.unitOfWork().inTransaction()).isFalse();
    }

    @Test
    void rollsBackErrorsToo() {
        assertThatThrownBy(() -> store.unitOfWork().inTransaction(() -> {
                    store.topics().create(new Topic("events", T0));
                    throw new AssertionError("boom");
                }))
                .isInstanceOf(AssertionError.class);

        assertThat(store.topics().find("events")).isEmpty();
    }

    @Test
    void otherThreadsWaitForAnOpenTransaction() throws Exception {
        CountDownLatch inside = new CountDownLatch(1);
        CountDownLatch finish = new CountDownLatch(1);
        Future<?> transaction = pool.submit(() -> store.unitOfWork().inTransaction(() -> {
            store.topics().create(new Topic("inside", T0));
            inside.countDown();
            try {
                finish.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            throw new IllegalStateException("rolled back");
        }));
        inside.await();

        Future<Boolean> reader = pool.submit(() -> store.topics().find("inside").isPresent());
        Thread.sleep(100);
        // The reader cannot see, nor wait past, the uncommitted topic.
        assertThat(reader.isDone()).isFalse();
        finish.countDown();

        assertThat(reader.get(10, TimeUnit.SECONDS)).isFalse();
        assertThatThrownBy(() -> transaction.get(10, TimeUnit.SECONDS)).hasCauseInstanceOf(IllegalStateException.class);
    }
}
