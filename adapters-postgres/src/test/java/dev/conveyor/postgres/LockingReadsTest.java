package dev.conveyor.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.conveyor.domain.Client;
import dev.conveyor.domain.Queue;
import dev.conveyor.domain.QueueSettings;
import dev.conveyor.domain.Scopes;
import dev.conveyor.postgres.testing.TestDatabase;
import java.time.Instant;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.jdbi.v3.core.Handle;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/**
 * The locking reads a read-change-write of settings relies on: while a transaction holds the row, another change of
 * it must wait (tried with NOWAIT, so no test waits on a clock), and a publisher's foreign-key check must not.
 */
class LockingReadsTest {
    private static final Instant T0 = Instant.parse("2031-05-06T07:08:09.123456Z");
    private static final TestDatabase DB = TestDatabase.create();
    private static final JdbiSession SESSION = new JdbiSession(DB.jdbi());
    private static final ExecutorService THREADS = Executors.newCachedThreadPool();

    @AfterAll
    static void dropDatabase() {
        THREADS.shutdownNow();
        DB.close();
    }

    /** Runs {@code read} in a transaction that stays open until {@code check} has run on another connection. */
    private static void whileHeld(Supplier<Object> read, Runnable check) throws Exception {
        CountDownLatch held = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        CompletableFuture<Object> holder = CompletableFuture.supplyAsync(
                () -> SESSION.inTransaction(() -> {
                    Object found = read.get();
                    held.countDown();
                    try {
                        release.await(30, TimeUnit.SECONDS);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                    return found;
                }),
                THREADS);
        assertThat(held.await(10, TimeUnit.SECONDS)).isTrue();
        try {
            check.run();
        } finally {
            release.countDown();
        }
        assertThat(holder.get(10, TimeUnit.SECONDS)).isNotNull();
    }

    /** Runs a row lock on a connection of its own, refused at once (lock_not_available) when the row is held. */
    private static void tryLock(String table, String key, Object id, String strength) {
        try (Handle other = DB.jdbi().open()) {
            other.createQuery("SELECT 1 FROM " + table + " WHERE " + key + " = :id FOR " + strength + " NOWAIT")
                    .bind("id", id)
                    .mapTo(Integer.class)
                    .one();
        }
    }

    @Test
    void aQueueReadForUpdateIsHeldAgainstOtherChangesButNotAgainstPublishers() throws Exception {
        JdbiQueueRepository queues = new JdbiQueueRepository(SESSION);
        queues.create(new Queue("locked", QueueSettings.defaults(), T0, T0));

        whileHeld(() -> queues.findForUpdate("locked").orElseThrow(), () -> {
            assertThatThrownBy(() -> tryLock("queues", "id", "locked", "NO KEY UPDATE"))
                    .hasMessageContaining("could not obtain lock on row");
            // What a message insert's foreign-key check takes.
            tryLock("queues", "id", "locked", "KEY SHARE");
        });
        tryLock("queues", "id", "locked", "NO KEY UPDATE");
    }

    @Test
    void aClientReadForUpdateIsHeldAgainstOtherChanges() throws Exception {
        JdbiClientRepository clients = new JdbiClientRepository(SESSION);
        UUID id = UUID.randomUUID();
        clients.create(new Client(id, "locked", Scopes.parse("*"), true, 1, T0, T0), new byte[32], new byte[40]);

        whileHeld(
                () -> clients.findForUpdate(id).orElseThrow(),
                () -> assertThatThrownBy(() -> tryLock("clients", "id", id, "NO KEY UPDATE"))
                        .hasMessageContaining("could not obtain lock on row"));
        tryLock("clients", "id", id, "NO KEY UPDATE");
    }
}
