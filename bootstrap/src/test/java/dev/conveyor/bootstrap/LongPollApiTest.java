package dev.conveyor.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.conveyor.application.fakes.MutableClock;
import dev.conveyor.postgres.testing.TestDatabase;
import io.dropwizard.testing.junit5.DropwizardAppExtension;
import io.dropwizard.testing.junit5.DropwizardExtensionsSupport;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Long polling, on one instance and across two instances over one database. The test configuration re-checks
 * only every 10 s, so a wait shorter than that ends early only when a publish signal wakes it. Timings are
 * asserted only against the wait a request asked for, never tighter.
 */
@ExtendWith(DropwizardExtensionsSupport.class)
class LongPollApiTest {
    static final TestDatabase DB = TestDatabase.create();
    static final MutableClock CLOCK = ConveyorTestApp.clock();
    static final DropwizardAppExtension<ConveyorConfiguration> APP_A = ConveyorTestApp.extension(DB, CLOCK);
    static final DropwizardAppExtension<ConveyorConfiguration> APP_B = ConveyorTestApp.extension(DB, CLOCK);
    static final Api A = new Api(APP_A);
    static final Api B = new Api(APP_B);

    /** Lets a long poll reach its wait before the test publishes; the assertions hold without it too. */
    static final Duration SETTLE = Duration.ofMillis(500);

    private static final ExecutorService POLLERS = Executors.newCachedThreadPool(r -> {
        Thread thread = new Thread(r, "long-poll-test");
        thread.setDaemon(true);
        return thread;
    });

    /** Both instances LISTEN before any test publishes, or a cross-instance signal could be lost to the test. */
    @BeforeAll
    static void awaitBothListeners() throws Exception {
        awaitListeners(DB, 2);
    }

    /** Waits until {@code instances} server instances on {@code db} LISTEN for arrivals. */
    static void awaitListeners(TestDatabase db, int instances) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        int listening = 0;
        while (System.nanoTime() < deadline) {
            try (Connection c = db.connect();
                    Statement s = c.createStatement();
                    ResultSet rs =
                            // The listener's last statement: its LISTEN, or (10 s later) the check of its connection.
                            s.executeQuery("SELECT count(*) FROM pg_stat_activity WHERE datname = current_database()"
                                    + " AND application_name = 'conveyor-listen'"
                                    + " AND (query ILIKE 'LISTEN %' OR query = 'SELECT 1')")) {
                rs.next();
                listening = rs.getInt(1);
            }
            if (listening >= instances) {
                return;
            }
            Thread.sleep(50);
        }
        throw new AssertionError("only " + listening + " of the " + instances + " instances listen for arrivals");
    }

    @AfterAll
    static void dropDatabase() {
        POLLERS.shutdownNow();
        DB.close();
    }

    @Test
    void aWaitingReceiveAnswersAsSoonAsAMessageIsPublished() throws Exception {
        A.createQueue("wake-local");
        long start = System.nanoTime();
        CompletableFuture<JsonNode> poll = receiveAsync(A, "wake-local", 5);
        Thread.sleep(SETTLE.toMillis());
        assertThat(poll).as("still waiting before the publish").isNotDone();

        String id = A.publish("wake-local", "{\"body\": \"hello\"}")
                .get(0)
                .get("id")
                .asText();
        JsonNode received = poll.get(20, TimeUnit.SECONDS);
        Duration elapsed = Duration.ofNanos(System.nanoTime() - start);

        assertThat(received).hasSize(1);
        assertThat(received.get(0).get("id").asText()).isEqualTo(id);
        assertThat(received.get(0).get("body").asText()).isEqualTo("hello");
        assertThat(elapsed).as("answered before its 5 s wait ran out").isLessThan(Duration.ofSeconds(5));
    }

    @Test
    void aWaitOnAnEmptyQueueAnswersEmptyAfterTheWait() throws Exception {
        A.createQueue("wait-empty");
        long start = System.nanoTime();

        JsonNode received = A.receive("wait-empty", "{\"wait_seconds\": 1}");

        Duration elapsed = Duration.ofNanos(System.nanoTime() - start);
        assertThat(received.isArray()).isTrue();
        assertThat(received).isEmpty();
        assertThat(elapsed).isGreaterThanOrEqualTo(Duration.ofMillis(900));
    }

    @Test
    void aPublishToAnotherQueueOrADelayedOneDoesNotAnswerTheWait() throws Exception {
        A.createQueue("wait-mine");
        A.createQueue("wait-other");
        long start = System.nanoTime();
        CompletableFuture<JsonNode> poll = receiveAsync(A, "wait-mine", 2);
        Thread.sleep(SETTLE.toMillis());

        A.publish("wait-other", "{\"body\": 1}");
        A.publish("wait-mine", "{\"body\": 2, \"delay_seconds\": 60}");
        JsonNode received = poll.get(20, TimeUnit.SECONDS);

        assertThat(received).isEmpty();
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(Duration.ofMillis(1900));
        assertThat(A.stats("wait-mine").get("delayed").asInt()).isEqualTo(1);
    }

    @Test
    void aWaitOnInstanceBIsWokenByAPublishThroughInstanceA() throws Exception {
        A.createQueue("wake-a-to-b");
        long start = System.nanoTime();
        CompletableFuture<JsonNode> poll = receiveAsync(B, "wake-a-to-b", 8);
        Thread.sleep(SETTLE.toMillis());
        assertThat(poll).isNotDone();

        String id = A.publish("wake-a-to-b", "{\"body\": \"across\"}")
                .get(0)
                .get("id")
                .asText();
        JsonNode received = poll.get(30, TimeUnit.SECONDS);
        Duration elapsed = Duration.ofNanos(System.nanoTime() - start);

        assertThat(received).hasSize(1);
        assertThat(received.get(0).get("id").asText()).isEqualTo(id);
        assertThat(elapsed).as("answered before its 8 s wait ran out").isLessThan(Duration.ofSeconds(8));
    }

    @Test
    void aWaitOnInstanceAIsWokenByAPublishThroughInstanceB() throws Exception {
        B.createQueue("wake-b-to-a");
        long start = System.nanoTime();
        CompletableFuture<JsonNode> poll = receiveAsync(A, "wake-b-to-a", 8);
        Thread.sleep(SETTLE.toMillis());

        String id = B.publish("wake-b-to-a", "{\"body\": \"back\"}")
                .get(0)
                .get("id")
                .asText();
        JsonNode received = poll.get(30, TimeUnit.SECONDS);
        Duration elapsed = Duration.ofNanos(System.nanoTime() - start);

        assertThat(received).hasSize(1);
        assertThat(received.get(0).get("id").asText()).isEqualTo(id);
        assertThat(elapsed).as("answered before its 8 s wait ran out").isLessThan(Duration.ofSeconds(8));
    }

    @Test
    void waitersOnBothInstancesNeverGetTheSameMessage() throws Exception {
        A.createQueue("wake-both");
        long start = System.nanoTime();
        CompletableFuture<JsonNode> onA = receiveAsync(A, "wake-both", 8);
        CompletableFuture<JsonNode> onB = receiveAsync(B, "wake-both", 8);
        Thread.sleep(SETTLE.toMillis());

        JsonNode published = A.publish("wake-both", "[{\"body\": 1}, {\"body\": 2}]");
        JsonNode fromA = onA.get(30, TimeUnit.SECONDS);
        JsonNode fromB = onB.get(30, TimeUnit.SECONDS);
        Duration elapsed = Duration.ofNanos(System.nanoTime() - start);

        assertThat(fromA).hasSize(1);
        assertThat(fromB).hasSize(1);
        assertThat(fromA.get(0).get("id")).isNotEqualTo(fromB.get(0).get("id"));
        assertThat(java.util.List.of(
                        fromA.get(0).get("id").asText(), fromB.get(0).get("id").asText()))
                .containsExactlyInAnyOrder(
                        published.get(0).get("id").asText(),
                        published.get(1).get("id").asText());
        assertThat(elapsed).as("both answered before their 8 s wait ran out").isLessThan(Duration.ofSeconds(8));
        assertThat(B.stats("wake-both").get("in_flight").asInt()).isEqualTo(2);
    }

    @Test
    void aWaitOnInstanceBIsWokenByARedriveThroughInstanceA() throws Exception {
        A.createQueue("redrive-from");
        A.createQueue("redrive-to");
        String id = A.publish("redrive-from", "{\"body\": \"again\"}")
                .get(0)
                .get("id")
                .asText();
        CompletableFuture<JsonNode> poll = receiveAsync(B, "redrive-to", 8);
        Thread.sleep(SETTLE.toMillis());
        assertThat(poll).isNotDone();

        A.post("/v1/queues/redrive-from/redrive", "{\"destination_queue_id\": \"redrive-to\"}")
                .expect(200);

        // The wait (8 s) ends before the re-check (10 s): only the redrive's signal can hand it the message.
        JsonNode received = poll.get(30, TimeUnit.SECONDS);
        assertThat(received).hasSize(1);
        assertThat(received.get(0).get("id").asText()).isEqualTo(id);
    }

    /** One message at most, waiting up to {@code waitSeconds}, on another thread. */
    private static CompletableFuture<JsonNode> receiveAsync(Api api, String queue, int waitSeconds) {
        return CompletableFuture.supplyAsync(
                () -> api.receive(queue, "{\"max_messages\": 1, \"wait_seconds\": " + waitSeconds + "}"), POLLERS);
    }
}
