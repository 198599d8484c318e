package dev.conveyor.bootstrap.console;

import static org.assertj.core.api.Assertions.assertThat;

import dev.conveyor.bootstrap.ConveyorConfiguration;
import dev.conveyor.postgres.testing.TestDatabase;
import io.dropwizard.testing.junit5.DropwizardAppExtension;
import io.dropwizard.testing.junit5.DropwizardExtensionsSupport;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The screenshots the README shows, docs/console-overview.png and docs/console-queue.png, taken of a small shop's
 * queues: orders fanned out by a topic, a consumer keeping up and one not, and a few dead letters. Retaken into
 * docs/ with {@code ./mvnw -B verify -pl bootstrap -am -Dtest=ConsoleScreenshotsTest -Dconveyor.screenshots=docs
 * -Dsurefire.failIfNoSpecifiedTests=false}.
 */
@ExtendWith(DropwizardExtensionsSupport.class)
class ConsoleScreenshotsTest {
    static final TestDatabase DB = TestDatabase.create();
    static final DropwizardAppExtension<ConveyorConfiguration> APP = ConsoleApp.withoutAuth(DB);
    static final ConsoleApi API = new ConsoleApi(APP::getLocalPort);
    static Browser browser;

    @BeforeAll
    static void start() throws SQLException {
        browser = Browser.start(API.base());
        API.createQueue("payments-dead", "");
        API.createQueue("payments", "'max_deliveries': 1, 'dead_letter_queue_id': 'payments-dead'");
        API.createQueue("shipping", "");
        API.createQueue("email-notifications", "'ack_deadline_seconds': 60");
        API.createTopic("order-events");
        API.createTopic("user-events");
        API.subscribe("orders-to-payments", "order-events", "payments", "{\"status\": [\"placed\"]}");
        API.subscribe(
                "orders-to-shipping",
                "order-events",
                "shipping",
                "{\"status\": [\"paid\"], \"region\": [\"eu\", \"us\"]}");
        API.subscribe("orders-to-email", "order-events", "email-notifications", "{}");
        API.subscribe("signups-to-email", "user-events", "email-notifications", "{\"type\": [\"signup\"]}");
        String[] regions = {"eu", "us", "eu", "apac"};
        for (int i = 0; i < 24; i++) {
            String status = i % 3 == 0 ? "paid" : "placed";
            API.publishToTopic(
                    "order-events",
                    "{\"body\": {\"order_id\": \"ord-" + (10_400 + i) + "\", \"total\": " + (19 + i * 7)
                            + ", \"currency\": \"EUR\", \"customer\": {\"id\": \"c-" + (200 + i % 9)
                            + "\", \"tier\": \"" + (i % 4 == 0 ? "gold" : "standard") + "\"}}, \"attributes\": "
                            + "{\"status\": \"" + status + "\", \"region\": \"" + regions[i % 4] + "\"}}");
        }
        API.publishToTopic("user-events", "{\"body\": {\"user\": \"ada\"}, \"attributes\": {\"type\": \"signup\"}}");
        API.receiveAndAck("payments", 10);
        API.receiveAndNack("payments", 3);
        API.receiveAndAck("shipping", 4);
        writeAnHourOfHistory();
    }

    /**
     * The hour before the test as the sampler would have recorded it, so that the pictures show a service that has
     * been running, not one started a second ago: the e-mail consumer stopped 20 minutes ago and its backlog grows,
     * payments dead-lettered a few messages 15 minutes ago. Written in 20 s steps (the 1 h charts' step at a 1 s
     * sampling interval), up to half a minute ago, where the real samples take over.
     */
    private static void writeAnHourOfHistory() throws SQLException {
        long now = Instant.now().getEpochSecond() / 20 * 20;
        try (Connection c = DB.connect();
                PreparedStatement sample = c.prepareStatement("INSERT INTO queue_stats_samples (queue_id, sampled_at, "
                        + "available, in_flight, delayed, oldest_available_age_seconds) VALUES (?, ?, ?, ?, 0, ?) "
                        + "ON CONFLICT DO NOTHING");
                PreparedStatement activity = c.prepareStatement("INSERT INTO queue_activity (queue_id, bucket, "
                        + "published, received, acked, nacked, dead_lettered, expired) VALUES (?, ?, ?, ?, ?, 0, ?, 0) "
                        + "ON CONFLICT DO NOTHING");
                PreparedStatement sampled = c.prepareStatement(
                        "INSERT INTO stats_samples (sampled_at) VALUES (?) ON CONFLICT DO NOTHING")) {
            for (long at = now - 3600; at <= now - 40; at += 20) {
                int step = (int) ((at - (now - 3600)) / 20); // 0 to 178
                Timestamp time = Timestamp.from(Instant.ofEpochSecond(at));
                boolean emailDown = step >= 120;
                boolean dlqBurst = step >= 132 && step < 136;
                record Row(
                        String queue,
                        long available,
                        long inFlight,
                        Long oldest,
                        int published,
                        int received,
                        int deadLettered) {}
                List<Row> rows = List.of(
                        new Row(
                                "email-notifications",
                                emailDown ? 3 + (step - 120) * 22 / 58 : 2 + step % 3,
                                emailDown ? 0 : 1,
                                emailDown ? (long) (step - 120) * 20 : 1L,
                                8,
                                emailDown ? 0 : 8,
                                0),
                        new Row("payments", wave(step, 3, 2), 2, 1L, 6, 6, dlqBurst ? 1 : 0),
                        new Row(
                                "payments-dead",
                                step >= 132 ? 3 : 0,
                                0,
                                step >= 132 ? (long) (step - 132) * 20 : null,
                                dlqBurst ? 1 : 0,
                                0,
                                0),
                        new Row("shipping", wave(step + 7, 2, 2), 1, 1L, 2, 2, 0));
                for (Row row : rows) {
                    sample.setString(1, row.queue());
                    sample.setTimestamp(2, time);
                    sample.setLong(3, row.available());
                    sample.setLong(4, row.inFlight());
                    sample.setObject(5, row.oldest());
                    sample.addBatch();
                    activity.setString(1, row.queue());
                    activity.setTimestamp(2, time);
                    activity.setInt(3, row.published());
                    activity.setInt(4, row.received() + row.deadLettered());
                    activity.setInt(5, row.received());
                    activity.setInt(6, row.deadLettered());
                    activity.addBatch();
                }
                sampled.setTimestamp(1, time);
                sampled.addBatch();
            }
            sample.executeBatch();
            activity.executeBatch();
            sampled.executeBatch();
        }
    }

    /** A backlog that rises and falls slowly around {@code middle}, as one whose consumers keep up does. */
    private static long wave(int step, int middle, int swing) {
        return Math.round(middle + swing * Math.sin(step / 6.0));
    }

    @AfterAll
    static void stop() {
        try {
            if (browser != null) {
                browser.close();
            }
        } finally {
            DB.close();
        }
    }

    /**
     * Where the screenshots go: the repository's docs/, for the README, when asked with
     * {@code -Dconveyor.screenshots=docs}; otherwise target/screenshots, so that a build leaves the repository as it
     * found it.
     */
    private static Path docs() {
        Path folder = "docs".equals(System.getProperty("conveyor.screenshots"))
                ? Path.of(System.getProperty("conveyor.repository", "..")).resolve("docs")
                : Path.of("target", "screenshots");
        try {
            return Files.createDirectories(folder);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @Test
    void overview() {
        browser.resize(1280, 900);
        browser.open("/");
        browser.waitForText("tr[data-queue='payments-dead'] .total", "3");
        browser.waitForText("#topics", "order-events");
        browser.waitForText("tr[data-queue='email-notifications'] .status", "nobody receiving");

        Path file = docs().resolve("console-overview.png");
        browser.screenshot(file);
        assertThat(file).isRegularFile();
    }

    @Test
    void queuePage() throws Exception {
        browser.resize(1280, 900);
        browser.resize(1280, 1400);
        browser.open("/queues/email-notifications");
        browser.waitForText("#queue-problems", "nobody receiving");
        browser.waitForCount("#messages .message-row", 25);
        browser.find("#depth-chart canvas");
        browser.type("#search-json-path", "$.total > 150");
        browser.click("#search-button");
        browser.waitForCount("#messages .message-row", 5);

        Path file = docs().resolve("console-queue.png");
        browser.screenshot(file);
        browser.resize(1280, 800);
        assertThat(Files.size(file)).isPositive();
    }
}
