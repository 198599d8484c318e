package dev.conveyor.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import dev.conveyor.postgres.testing.TestDatabase;
import java.time.Duration;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class PgArrivalsTest {

    private static TestDatabase db;

    private final Set<String> received = ConcurrentHashMap.newKeySet();
    private final CountDownLatch listening = new CountDownLatch(1);
    private volatile Set<String> awaited = Set.of();
    private volatile CountDownLatch arrived = new CountDownLatch(1);
    /** Another instance's pool, as far as the listener can tell. */
    private Jdbi other;

    private PgNotifyBroadcast broadcast;
    private PgArrivalListener listener;

    @BeforeAll
    static void startDatabase() {
        db = TestDatabase.create();
    }

    @AfterAll
    static void dropDatabase() {
        db.close();
    }

    @BeforeEach
    void startBroadcastOnAnotherJdbi() {
        other = PostgresStore.configure(Jdbi.create(db.url(), db.user(), db.password()));
        broadcast = new PgNotifyBroadcast(other, Duration.ofMillis(50));
    }

    @AfterEach
    void stop() {
        if (listener != null) {
            listener.close();
        }
        broadcast.close();
    }

    private void onArrival(Set<String> queueIds) {
        received.addAll(queueIds);
        if (received.containsAll(awaited)) {
            arrived.countDown();
        }
    }

    private void listen() throws InterruptedException {
        listener = new PgArrivalListener(db::connect, this::onArrival, listening::countDown);
        listener.start();
        // The listener reports a gap once its LISTEN is in place; notifications before that would be lost.
        assertThat(listening.await(10, TimeUnit.SECONDS))
                .as("the listener is listening")
                .isTrue();
    }

    private void expect(Set<String> queueIds) {
        awaited = Set.copyOf(queueIds);
        arrived = new CountDownLatch(1);
        if (received.containsAll(awaited)) {
            arrived.countDown();
        }
    }

    /** Sends what a broadcasting instance sends, bypassing {@link PgNotifyBroadcast}. */
    private void notifyDirectly(String payload) {
        other.useHandle(h -> h.createUpdate("SELECT pg_notify(:channel, :payload)")
                .bind("channel", PgNotifyBroadcast.CHANNEL)
                .bind("payload", payload)
                .execute());
    }

    // --- the listener, fed by plain NOTIFYs

    private static void waitUntil(java.util.function.BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
        while (!condition.getAsBoolean()) {
            assertThat(System.nanoTime()).as("waited 15 s for the condition").isLessThan(deadline);
            Thread.sleep(20);
        }
    }

    @Test
    void aListenerWhoseSessionIsKilledReportsTheGapReconnectsAndHearsAgain() throws Exception {
        AtomicInteger gaps = new AtomicInteger();
        listener = new PgArrivalListener(db::connect, this::onArrival, gaps::incrementAndGet);
        listener.start();
        waitUntil(() -> gaps.get() >= 1);

        other.useHandle(h -> h.createQuery(
                        "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE query LIKE 'LISTEN%' AND datname = current_database()")
                .mapTo(Boolean.class)
                .list());

        // One gap for the lost session, one more when LISTEN is in place again.
        waitUntil(() -> gaps.get() >= 3);
        expect(Set.of("after-reconnect"));
        notifyDirectly("after-reconnect");
        assertThat(arrived.await(10, TimeUnit.SECONDS))
                .as("heard after reconnecting")
                .isTrue();
    }

    @Test
    void aListenerHandsOnTheQueueIdsOfANotification() throws Exception {
        listen();
        expect(Set.of("orders", "invoices.eu", "a_b-1"));

        notifyDirectly("orders,invoices.eu,a_b-1");

        assertThat(arrived.await(10, TimeUnit.SECONDS))
                .as("arrival heard, got %s", received)
                .isTrue();
        assertThat(received).containsExactlyInAnyOrder("orders", "invoices.eu", "a_b-1");
    }

    @Test
    void aListenerHearsSeveralNotificationsInARow() throws Exception {
        listen();
        expect(Set.of("a", "b", "c"));

        other.useTransaction(h -> {
            // Sent together at commit, so they may well reach the listener in one poll.
            for (String id : new String[] {"a", "b", "c"}) {
                h.createUpdate("SELECT pg_notify(:channel, :payload)")
                        .bind("channel", PgNotifyBroadcast.CHANNEL)
                        .bind("payload", id)
                        .execute();
            }
        });

        assertThat(arrived.await(10, TimeUnit.SECONDS))
                .as("every arrival heard, got %s", received)
                .isTrue();
    }

    @Test
    void aListenerPassesOverWhatItsOwnInstanceSentAndHearsTheOthers() throws Exception {
        listener = new PgArrivalListener(db::connect, this::onArrival, listening::countDown, "me");
        listener.start();
        assertThat(listening.await(10, TimeUnit.SECONDS)).isTrue();
        try (PgNotifyBroadcast mine = new PgNotifyBroadcast(other, Duration.ofMillis(10), "me");
                PgNotifyBroadcast theirs = new PgNotifyBroadcast(other, Duration.ofMillis(10), "you")) {
            mine.broadcast(Set.of("mine"));
            Thread.sleep(300); // sent, and delivered in order, before the other instance's
            expect(Set.of("theirs"));
            theirs.broadcast(Set.of("theirs"));

            assertThat(arrived.await(10, TimeUnit.SECONDS))
                    .as("the other's arrival heard")
                    .isTrue();
        }
        assertThat(received).containsExactly("theirs");
    }

    @Test
    void aPayloadNamesItsSenderBeforeItsQueuesOrOnlyItsQueuesFromAnEarlierVersion() {
        PgArrivalListener self = new PgArrivalListener(db::connect, ids -> {}, () -> {}, "me");

        assertThat(self.queueIds("me;a,b")).isEmpty();
        assertThat(self.queueIds("you;a,b")).containsExactly("a", "b");
        assertThat(self.queueIds(";a")).containsExactly("a");
        assertThat(self.queueIds("a,b")).containsExactly("a", "b");
    }

    @Test
    void closingTheListenerStopsItsThreadAndItsSession() throws Exception {
        Set<Thread> before = new HashSet<>(Thread.getAllStackTraces().keySet());
        listen();
        Thread thread = Thread.getAllStackTraces().keySet().stream()
                .filter(t -> !before.contains(t) && t.getName().equals("conveyor-listen"))
                .findFirst()
                .orElseThrow();
        assertThat(thread.isAlive()).isTrue();
        assertThat(listeningSessions(Duration.ZERO)).isEqualTo(1);

        listener.close();

        thread.join(10_000);
        assertThat(thread.isAlive()).as("listener thread still running").isFalse();
        assertThat(listeningSessions(Duration.ofSeconds(10)))
                .as("the listening session is gone")
                .isZero();
    }

    /** How many sessions still LISTEN, waiting up to {@code patience} for the server to see them go. */
    private static long listeningSessions(Duration patience) throws InterruptedException {
        long deadline = System.nanoTime() + patience.toNanos();
        while (true) {
            long sessions = db.jdbi()
                    .withHandle(h -> h.createQuery("""
              SELECT count(*) FROM pg_stat_activity
              WHERE datname = current_database() AND query LIKE 'LISTEN%'""").mapTo(Long.class).one());
            if (sessions == 0 || System.nanoTime() > deadline) {
                return sessions;
            }
            Thread.sleep(50);
        }
    }

    // --- the broadcast, end to end

    @Test
    void aListenerHearsTheQueueIdsAnotherInstanceBroadcasts() throws Exception {
        listen();
        expect(Set.of("orders"));

        broadcast.broadcast(Set.of("orders"));

        assertThat(arrived.await(10, TimeUnit.SECONDS)).as("arrival heard").isTrue();
        assertThat(received).containsExactly("orders");
    }

    @Test
    void idsOfSeveralBroadcastsInOneWindowAllArrive() throws Exception {
        listen();
        expect(Set.of("a", "b", "c", "d.e", "f_g-1"));

        broadcast.broadcast(Set.of("a"));
        broadcast.broadcast(Set.of("b", "c"));
        broadcast.broadcast(Set.of("a", "d.e"));
        broadcast.broadcast(Set.of("f_g-1"));

        assertThat(arrived.await(10, TimeUnit.SECONDS))
                .as("every arrival heard, got %s", received)
                .isTrue();
        assertThat(received).containsExactlyInAnyOrder("a", "b", "c", "d.e", "f_g-1");
    }

    @Test
    void broadcastsInLaterWindowsArriveToo() throws Exception {
        listen();
        expect(Set.of("first"));
        broadcast.broadcast(Set.of("first"));
        assertThat(arrived.await(10, TimeUnit.SECONDS)).isTrue();

        expect(Set.of("first", "second"));
        broadcast.broadcast(Set.of("second"));

        assertThat(arrived.await(10, TimeUnit.SECONDS))
                .as("second window heard")
                .isTrue();
    }
}
