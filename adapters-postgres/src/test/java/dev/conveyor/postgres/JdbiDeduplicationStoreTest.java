package dev.conveyor.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import dev.conveyor.application.port.DeduplicationStore.Entry;
import dev.conveyor.domain.DeduplicationKey;
import dev.conveyor.domain.PublishedMessage;
import dev.conveyor.domain.Queue;
import dev.conveyor.domain.QueueSettings;
import dev.conveyor.postgres.testing.TestDatabase;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What the deduplications table does under concurrency: a duplicate waits for the first claim's transaction and
 * gets its record, or records itself if that one rolled back; a queue delete takes the records of a publish that
 * was recording at the time; crossing claims do not deadlock.
 */
class JdbiDeduplicationStoreTest {
    private static final Instant T0 = Instant.parse("2031-05-06T07:08:09.123456Z");
    private static final TestDatabase DB = TestDatabase.create();
    private static final JdbiSession SESSION = new JdbiSession(DB.jdbi());
    private static final JdbiDeduplicationStore STORE = new JdbiDeduplicationStore(SESSION);
    private static final ExecutorService THREADS = Executors.newCachedThreadPool();

    @AfterAll
    static void dropDatabase() {
        THREADS.shutdownNow();
        DB.close();
    }

    @BeforeEach
    void oneQueue() {
        DB.jdbi()
                .useHandle(h ->
                        h.execute("TRUNCATE deduplications, messages, message_groups, subscriptions, queues, topics"));
        new JdbiQueueRepository(SESSION).create(new Queue("q", QueueSettings.defaults(), T0, T0));
    }

    private static DeduplicationKey key(String id) {
        return new DeduplicationKey(DeduplicationKey.Target.QUEUE, "q", "", id);
    }

    private static Entry entry(String id) {
        return new Entry(key(id), new PublishedMessage(UUID.randomUUID(), List.of("q")), T0.plusSeconds(300));
    }

    private static Map<DeduplicationKey, Entry> claim(Entry... entries) {
        return SESSION.inTransaction(() -> STORE.claim(T0, List.of(entries)));
    }

    /** A transaction that ran {@code work} and stays open until released, then commits or (failing) rolls back. */
    private static final class Held<T> {
        final CountDownLatch done = new CountDownLatch(1);
        final CountDownLatch release = new CountDownLatch(1);
        final CompletableFuture<T> result;

        Held(Supplier<T> work, boolean rollBack) {
            result = CompletableFuture.supplyAsync(
                    () -> SESSION.inTransaction(() -> {
                        T found = work.get();
                        done.countDown();
                        try {
                            release.await(30, TimeUnit.SECONDS);
                        } catch (InterruptedException e) {
                            Thread.currentThread().interrupt();
                        }
                        if (rollBack) {
                            throw new IllegalStateException("rolled back");
                        }
                        return found;
                    }),
                    THREADS);
        }
    }

    /** Waits until {@code n} of the test database's backends wait for a lock. */
    private static void untilWaitingForLocks(int n) throws InterruptedException {
        for (int i = 0; i < 3000; i++) {
            int waiting = DB.jdbi()
                    .withHandle(h -> h.createQuery("""
                    SELECT count(*) FROM pg_stat_activity
                    WHERE datname = current_database() AND wait_event_type = 'Lock'
                    """).mapTo(Integer.class).one());
            if (waiting >= n) {
                return;
            }
            Thread.sleep(10);
        }
        throw new AssertionError("no backend came to wait for a lock");
    }

    @Test
    void aDuplicateWaitsForTheFirstClaimToCommitAndGetsItsRecord() throws Exception {
        Entry first = entry("a");
        Held<Map<DeduplicationKey, Entry>> holder = new Held<>(() -> STORE.claim(T0, List.of(first)), false);
        assertThat(holder.done.await(10, TimeUnit.SECONDS)).isTrue();

        Future<Map<DeduplicationKey, Entry>> duplicate = THREADS.submit(() -> claim(entry("a")));
        untilWaitingForLocks(1);
        holder.release.countDown();

        assertThat(holder.result.get(10, TimeUnit.SECONDS)).isEmpty();
        assertThat(duplicate.get(10, TimeUnit.SECONDS)).containsOnly(Map.entry(first.key(), first));
    }

    @Test
    void aDuplicateOfAClaimThatRolledBackRecordsItself() throws Exception {
        Held<Map<DeduplicationKey, Entry>> holder = new Held<>(() -> STORE.claim(T0, List.of(entry("a"))), true);
        assertThat(holder.done.await(10, TimeUnit.SECONDS)).isTrue();

        Entry second = entry("a");
        Future<Map<DeduplicationKey, Entry>> retry = THREADS.submit(() -> claim(second));
        untilWaitingForLocks(1);
        holder.release.countDown();

        assertThat(retry.get(10, TimeUnit.SECONDS)).isEmpty();
        assertThat(claim(entry("a"))).containsOnly(Map.entry(second.key(), second));
    }

    @Test
    void aQueueDeleteWaitsForAPublishRecordingKeysAndTakesItsRecords() throws Exception {
        Held<Map<DeduplicationKey, Entry>> holder = new Held<>(() -> STORE.claim(T0, List.of(entry("a"))), false);
        assertThat(holder.done.await(10, TimeUnit.SECONDS)).isTrue();

        Future<Boolean> delete = THREADS.submit(() -> new JdbiQueueRepository(SESSION).delete("q"));
        untilWaitingForLocks(1);
        holder.release.countDown();

        assertThat(delete.get(10, TimeUnit.SECONDS)).isTrue();
        assertThat(rows()).isZero();
    }

    @Test
    void aPublishRecordsNothingForAQueueWhoseDeleteItWaitedFor() throws Exception {
        Held<Boolean> delete = new Held<>(() -> new JdbiQueueRepository(SESSION).delete("q"), false);
        assertThat(delete.done.await(10, TimeUnit.SECONDS)).isTrue();

        Future<Map<DeduplicationKey, Entry>> publish = THREADS.submit(() -> claim(entry("a")));
        untilWaitingForLocks(1);
        delete.release.countDown();

        assertThat(publish.get(10, TimeUnit.SECONDS)).isEmpty();
        assertThat(rows()).isZero();
    }

    @Test
    void claimsOfTheSameKeysInAnyOrderDoNotDeadlock() throws Exception {
        // Every claim after the first meets rows already there and locks them: in the order given, two claims
        // of crossing orders would each hold a row the other waits for.
        List<Future<?>> publishers = new ArrayList<>();
        for (int p = 0; p < 4; p++) {
            publishers.add(THREADS.submit(() -> {
                for (int round = 0; round < 20; round++) {
                    List<Entry> entries = new ArrayList<>();
                    for (int k = 0; k < 12; k++) {
                        entries.add(entry("k" + k));
                    }
                    Collections.shuffle(entries);
                    SESSION.inTransaction(() -> STORE.claim(T0, entries));
                }
                return null;
            }));
        }
        for (Future<?> publisher : publishers) {
            publisher.get(1, TimeUnit.MINUTES);
        }
        assertThat(rows()).isEqualTo(12);
    }

    @Test
    void theCleanupFindsExpiredRecordsThroughTheIndex() {
        String plan = DB.jdbi().withHandle(h -> {
            h.execute("SET enable_seqscan = off");
            return String.join("\n", h.createQuery("""
                    EXPLAIN SELECT target_kind FROM deduplications WHERE expires_at <= now() ORDER BY expires_at LIMIT 1000
                    """).mapTo(String.class).list());
        });
        assertThat(plan).contains("deduplications_expires_at");
    }

    private static int rows() {
        return DB.jdbi()
                .withHandle(h -> h.createQuery("SELECT count(*) FROM deduplications")
                        .mapTo(Integer.class)
                        .one());
    }
}
