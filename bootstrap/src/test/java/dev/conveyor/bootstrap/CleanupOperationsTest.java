package dev.conveyor.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.conveyor.application.fakes.MutableClock;
import dev.conveyor.postgres.testing.TestDatabase;
import io.dropwizard.testing.ConfigOverride;
import io.dropwizard.testing.ResourceHelpers;
import io.dropwizard.testing.junit5.DropwizardAppExtension;
import io.dropwizard.testing.junit5.DropwizardExtensionsSupport;
import jakarta.ws.rs.client.Client;
import jakarta.ws.rs.client.ClientBuilder;
import jakarta.ws.rs.client.Entity;
import jakarta.ws.rs.core.Response;
import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The three ways to run the cleanup besides the REST call: the admin task, the periodic run every instance
 * does by itself, and the one-shot command for cron.
 */
@ExtendWith(DropwizardExtensionsSupport.class)
class CleanupOperationsTest {
    static final TestDatabase DB = TestDatabase.create();
    static final MutableClock CLOCK = ConveyorTestApp.clock();
    static final DropwizardAppExtension<ConveyorConfiguration> APP = ConveyorTestApp.extension(DB, CLOCK);
    static final Api API = new Api(APP);

    private static final String CONFIG = ResourceHelpers.resourceFilePath("test-config.yml");
    private static final Client ADMIN = ClientBuilder.newBuilder()
            .connectTimeout(5, TimeUnit.SECONDS)
            .readTimeout(60, TimeUnit.SECONDS)
            .build();

    @AfterAll
    static void closeAll() {
        ADMIN.close();
        DB.close();
    }

    // ---- the admin task

    @Test
    void theAdminTaskCleansEveryQueueAndPrintsWhatItDid() {
        // Whatever other tests left to clean is cleaned first, so the totals below are this test's alone.
        runTask("");
        API.createQueue("task-expiring", "'message_retention_seconds': 60");
        API.createQueue("task-dlq");
        API.createQueue(
                "task-dead", "'max_deliveries': 1, 'dead_letter_queue_id': 'task-dlq', 'ack_deadline_seconds': 30");
        API.createQueue("task-drop", "'max_deliveries': 1, 'ack_deadline_seconds': 30");
        API.createQueue("task-untouched");
        API.publish("task-expiring", "[{\"body\": 0}, {\"body\": 1}]");
        API.publish("task-dead", "{\"body\": 2}");
        API.publish("task-drop", "{\"body\": 3}");
        API.publish("task-untouched", "{\"body\": 4}");
        API.receive("task-dead", 1);
        API.receive("task-drop", 1);
        CLOCK.advance(Duration.ofSeconds(61));

        String printed = runTask("");

        List<String> lines = printed.lines().toList();
        assertThat(lines)
                .contains(
                        "queue task-expiring: expired 2, dead-lettered 0, dropped 0",
                        "queue task-dead: expired 0, dead-lettered 1, dropped 0",
                        "queue task-drop: expired 0, dead-lettered 0, dropped 1",
                        "total: expired 2, dead-lettered 1, dropped 1");
        assertThat(printed)
                .as("queues the run did not change are left out")
                .doesNotContain("task-untouched", "task-dlq");

        assertThat(API.browse("task-expiring")).isEmpty();
        assertThat(API.browse("task-dead")).isEmpty();
        assertThat(API.browse("task-drop")).isEmpty();
        assertThat(API.browse("task-dlq")).hasSize(1);
        assertThat(API.browse("task-untouched")).hasSize(1);
        assertThat(runTask(""))
                .as("a second run finds nothing to do")
                .contains("total: expired 0, dead-lettered 0, dropped 0");
    }

    @Test
    void theAdminTaskVacuumsTheMessagesTableWhenAutovacuumIsOffForIt() {
        DB.jdbi().useHandle(handle -> handle.execute("ALTER TABLE messages SET (autovacuum_enabled = off)"));
        try {
            API.createQueue("vacuumed");
            String batch = "[" + String.join(",", java.util.Collections.nCopies(100, "{\"body\": 0}")) + "]";
            for (int i = 0; i < 20; i++) {
                API.publish("vacuumed", batch);
            }
            API.postNothing("/v1/queues/vacuumed/purge").expect(200);
            // The statistics that say so reach the reclaimer a moment after the purge; it acts once they do.
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            String printed = "";
            while (!printed.contains("vacuumed messages") && System.nanoTime() < deadline) {
                printed = runTask("");
            }

            assertThat(printed).containsPattern("vacuumed messages: \\d{4,} dead rows \\(autovacuum is off\\)");
            long vacuums = DB.jdbi()
                    .withHandle(handle -> handle.createQuery(
                                    "SELECT vacuum_count FROM pg_stat_user_tables WHERE relid = 'messages'::regclass")
                            .mapTo(Long.class)
                            .one());
            assertThat(vacuums).isPositive();
        } finally {
            DB.jdbi().useHandle(handle -> handle.execute("ALTER TABLE messages RESET (autovacuum_enabled)"));
        }
    }

    @Test
    void theAdminTaskForOneQueueCleansOnlyThatQueue() {
        API.createQueue("one-a", "'message_retention_seconds': 60");
        API.createQueue("one-b", "'message_retention_seconds': 60");
        API.publish("one-a", "{\"body\": 0}");
        API.publish("one-b", "{\"body\": 1}");
        CLOCK.advance(Duration.ofSeconds(61));

        String printed = runTask("?queue=one-a");

        assertThat(printed).contains("queue one-a: expired 1, dead-lettered 0, dropped 0");
        assertThat(printed).contains("expired 1");
        assertThat(printed).doesNotContain("one-b");
        assertThat(API.browse("one-a")).isEmpty();
        assertThat(API.browse("one-b")).as("another queue is left as it was").hasSize(1);

        assertThat(runTask("?queue=one-b")).contains("queue one-b: expired 1");
        assertThat(API.browse("one-b")).isEmpty();
    }

    @Test
    void theAdminTaskForAMissingQueueSaysItIsNotFound() {
        Response response = ADMIN.target("http://localhost:" + APP.getAdminPort() + "/tasks/cleanup?queue=missing")
                .request()
                .post(Entity.text(""));
        String printed = response.readEntity(String.class);

        assertThat(response.getStatus()).isLessThan(500);
        assertThat(printed).contains("missing").contains("not found");
    }

    // ---- the periodic run

    @Test
    void thePeriodicCleanupRemovesExpiredAndExhaustedMessagesByItself() throws Exception {
        MutableClock clock = ConveyorTestApp.clock();
        try (TestDatabase db = TestDatabase.create()) {
            DropwizardAppExtension<ConveyorConfiguration> app = ConveyorTestApp.extension(
                    db,
                    clock,
                    ConfigOverride.config("cleanup.enabled", "true"),
                    ConfigOverride.config("cleanup.interval", "200ms"));
            app.before();
            try {
                Api api = new Api(app);
                api.createQueue("periodic", "'message_retention_seconds': 60");
                api.createQueue("periodic-dlq");
                api.createQueue(
                        "periodic-dead",
                        "'max_deliveries': 1, 'dead_letter_queue_id': 'periodic-dlq', 'ack_deadline_seconds': 30");
                api.publish("periodic", "[{\"body\": \"old\"}, {\"body\": \"old\"}]");
                String exhausted = api.publish("periodic-dead", "{\"body\": \"dead\"}")
                        .get(0)
                        .get("id")
                        .asText();
                api.receive("periodic-dead", 1);
                // Several runs go by while nothing is due: they take nothing.
                Thread.sleep(600);
                assertThat(api.browse("periodic")).hasSize(2);
                assertThat(api.browse("periodic-dead")).hasSize(1);

                clock.advance(Duration.ofSeconds(61));
                String young = api.publish("periodic", "{\"body\": \"young\"}")
                        .get(0)
                        .get("id")
                        .asText();

                await(
                        Duration.ofSeconds(10),
                        () -> api.browse("periodic").size() == 1
                                && api.browse("periodic-dead").isEmpty());
                JsonNode left = api.browse("periodic");
                assertThat(left).hasSize(1);
                assertThat(left.get(0).get("id").asText()).isEqualTo(young);
                JsonNode dead = api.browse("periodic-dlq");
                assertThat(dead).hasSize(1);
                assertThat(dead.get(0).get("id").asText()).isEqualTo(exhausted);
                assertThat(api.browse("periodic-dead")).isEmpty();
            } finally {
                app.after();
            }
            await(
                    Duration.ofSeconds(5),
                    () -> Thread.getAllStackTraces().keySet().stream()
                            .noneMatch(t -> t.isAlive() && t.getName().equals("conveyor-cleanup")));
        }
    }

    // ---- the one-shot command

    @Test
    void theCleanupCommandCleansEveryQueueOnceAndPrintsWhatItDid() throws Exception {
        // The command follows the database server's clock: the messages are made two minutes in its past.
        MutableClock clock = new MutableClock(Instant.now().minusSeconds(120).truncatedTo(ChronoUnit.MICROS));
        try (TestDatabase db = TestDatabase.create()) {
            DropwizardAppExtension<ConveyorConfiguration> app = ConveyorTestApp.extension(db, clock);
            app.before();
            try {
                Api api = new Api(app);
                api.createQueue("cmd-expiring", "'message_retention_seconds': 60");
                api.createQueue("cmd-dlq");
                api.createQueue(
                        "cmd-dead",
                        "'max_deliveries': 1, 'dead_letter_queue_id': 'cmd-dlq', 'ack_deadline_seconds': 30");
                String old = api.publish("cmd-expiring", "{\"body\": \"old\"}")
                        .get(0)
                        .get("id")
                        .asText();
                String exhausted = api.publish("cmd-dead", "{\"body\": \"dead\"}")
                        .get(0)
                        .get("id")
                        .asText();
                api.receive("cmd-dead", 1);
                clock.set(Instant.now().truncatedTo(ChronoUnit.MICROS));
                String young = api.publish("cmd-expiring", "{\"body\": \"young\"}")
                        .get(0)
                        .get("id")
                        .asText();
                assertThat(api.browse("cmd-expiring")).hasSize(2);

                String printed = runCommand(db, "cleanup", CONFIG);

                assertThat(printed.lines().toList())
                        .contains(
                                "queue cmd-expiring: expired 1, dead-lettered 0, dropped 0",
                                "queue cmd-dead: expired 0, dead-lettered 1, dropped 0",
                                "total: expired 1, dead-lettered 1, dropped 0");
                JsonNode left = api.browse("cmd-expiring");
                assertThat(left).hasSize(1);
                assertThat(left.get(0).get("id").asText()).isEqualTo(young).isNotEqualTo(old);
                assertThat(api.browse("cmd-dead")).isEmpty();
                assertThat(api.browse("cmd-dlq").get(0).get("id").asText()).isEqualTo(exhausted);
                assertThat(runCommand(db, "cleanup", CONFIG))
                        .as("a second run finds nothing to do")
                        .contains("total: expired 0, dead-lettered 0, dropped 0");
            } finally {
                app.after();
            }
        }
    }

    /** POSTs to the admin task and answers what it printed. */
    private static String runTask(String query) {
        Response response = ADMIN.target("http://localhost:" + APP.getAdminPort() + "/tasks/cleanup" + query)
                .request()
                .post(Entity.text(""));
        String printed = response.readEntity(String.class);
        assertThat(response.getStatus())
                .as("status of the task, which printed: %s", printed)
                .isEqualTo(200);
        return printed;
    }

    /** Runs a command in-process against {@code db} and answers what it printed to standard output. */
    private static String runCommand(TestDatabase db, String... arguments) throws Exception {
        PrintStream original = System.out;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        System.setProperty("dw.database.url", db.url());
        System.setProperty("dw.database.user", db.user());
        System.setProperty("dw.database.password", db.password());
        System.setOut(new PrintStream(new Tee(original, captured), true, StandardCharsets.UTF_8));
        try {
            new ConveyorApplication().run(arguments);
        } finally {
            System.setOut(original);
            System.clearProperty("dw.database.url");
            System.clearProperty("dw.database.user");
            System.clearProperty("dw.database.password");
        }
        return captured.toString(StandardCharsets.UTF_8);
    }

    private static void await(Duration timeout, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            assertThat(System.nanoTime())
                    .as("the condition held within %s", timeout)
                    .isLessThan(deadline);
            Thread.sleep(50);
        }
    }

    /** Writes to the console and keeps a copy. */
    private static final class Tee extends OutputStream {
        private final OutputStream first;
        private final OutputStream second;

        Tee(OutputStream first, OutputStream second) {
            this.first = first;
            this.second = second;
        }

        @Override
        public void write(int b) throws java.io.IOException {
            first.write(b);
            second.write(b);
        }

        @Override
        public void write(byte[] b, int off, int len) throws java.io.IOException {
            first.write(b, off, len);
            second.write(b, off, len);
        }

        @Override
        public void flush() throws java.io.IOException {
            first.flush();
            second.flush();
        }
    }
}
