package dev.conveyor.bootstrap.console;

import static org.assertj.core.api.Assertions.assertThat;

import dev.conveyor.bootstrap.ConveyorConfiguration;
import dev.conveyor.postgres.testing.TestDatabase;
import io.dropwizard.testing.junit5.DropwizardAppExtension;
import io.dropwizard.testing.junit5.DropwizardExtensionsSupport;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The screenshots the README shows, docs/console-overview.png and docs/console-queue.png, taken of a small shop's
 * queues: orders fanned out by a topic, a consumer keeping up and one not, and a few dead letters.
 */
@ExtendWith(DropwizardExtensionsSupport.class)
class ConsoleScreenshotsTest {
    static final TestDatabase DB = TestDatabase.create();
    static final DropwizardAppExtension<ConveyorConfiguration> APP = ConsoleApp.withoutAuth(DB);
    static final ConsoleApi API = new ConsoleApi(APP::getLocalPort);
    static Browser browser;

    @BeforeAll
    static void start() {
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

    private static Path docs() {
        return Path.of(System.getProperty("conveyor.repository", "..")).resolve("docs");
    }

    @Test
    void overview() {
        browser.resize(1280, 900);
        browser.open("/");
        browser.waitForText("tr[data-queue='payments-dead'] .total", "3");
        browser.waitForText("#topics", "order-events");

        Path file = docs().resolve("console-overview.png");
        browser.screenshot(file);
        assertThat(file).isRegularFile();
    }

    @Test
    void queuePage() throws Exception {
        browser.resize(1280, 900);
        browser.open("/queues/payments-dead");
        browser.waitForCount("#messages .message-row", 3);

        Path file = docs().resolve("console-queue.png");
        browser.screenshot(file);
        assertThat(Files.size(file)).isPositive();
    }
}
