package dev.conveyor.bootstrap;

import static dev.conveyor.bootstrap.Api.j;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.conveyor.application.fakes.MutableClock;
import dev.conveyor.postgres.testing.TestDatabase;
import io.dropwizard.testing.junit5.DropwizardAppExtension;
import io.dropwizard.testing.junit5.DropwizardExtensionsSupport;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Retention over HTTP: a message older than its queue's message_retention_seconds is never delivered again,
 * is not counted, and is deleted by the cleanup. Time moves only when the test moves CLOCK.
 */
@ExtendWith(DropwizardExtensionsSupport.class)
class RetentionApiTest {
    static final TestDatabase DB = TestDatabase.create();
    static final MutableClock CLOCK = ConveyorTestApp.clock();
    static final DropwizardAppExtension<ConveyorConfiguration> APP = ConveyorTestApp.extension(DB, CLOCK);
    static final Api API = new Api(APP);

    @AfterAll
    static void dropDatabase() {
        DB.close();
    }

    @Test
    void aMessageOlderThanTheRetentionIsNotReceivedNorCountedAndTheCleanupDeletesIt() {
        API.createQueue("retained", "'message_retention_seconds': 60");
        String id =
                API.publish("retained", "{\"body\": \"old\"}").get(0).get("id").asText();

        CLOCK.advance(Duration.ofSeconds(59));
        JsonNode young = API.stats("retained");
        assertThat(young.get("total").asInt()).isEqualTo(1);
        assertThat(young.get("available").asInt()).isEqualTo(1);
        CLOCK.advance(Duration.ofSeconds(2));

        assertThat(API.receive("retained", 10)).isEmpty();
        JsonNode stats = API.stats("retained");
        assertThat(stats.get("total").asInt()).isZero();
        assertThat(stats.get("available").asInt()).isZero();
        assertThat(stats.get("delayed").asInt()).isZero();
        assertThat(stats.get("in_flight").asInt()).isZero();
        assertThat(stats.get("oldest_available_age_seconds").isNull()).isTrue();

        JsonNode report = API.postNothing("/v1/queues/retained/cleanup").expect(200);

        assertThat(report)
                .isEqualTo(Api.parse(
                        "{\"queue_id\": \"retained\", \"expired\": 1, \"dead_lettered\": 0, \"dropped\": 0}"));
        assertThat(ids(API.browse("retained"))).doesNotContain(id).isEmpty();
        assertThat(API.postNothing("/v1/queues/retained/cleanup")
                        .expect(200)
                        .get("expired")
                        .asInt())
                .isZero();
    }

    @Test
    void onlyTheMessagesOlderThanTheRetentionGo() {
        API.createQueue("mixed-age", "'message_retention_seconds': 60");
        List<String> old = ids(API.publish("mixed-age", "[{\"body\": 0}, {\"body\": 1}, {\"body\": 2}]"));
        CLOCK.advance(Duration.ofSeconds(30));
        String young =
                API.publish("mixed-age", "{\"body\": 3}").get(0).get("id").asText();
        CLOCK.advance(Duration.ofSeconds(31));

        assertThat(API.total("mixed-age")).isEqualTo(1);
        assertThat(API.postNothing("/v1/queues/mixed-age/cleanup")
                        .expect(200)
                        .get("expired")
                        .asInt())
                .isEqualTo(3);

        assertThat(ids(API.browse("mixed-age"))).containsExactly(young).doesNotContainAnyElementsOf(old);
        JsonNode received = API.receive("mixed-age", 10);
        assertThat(ids(received)).containsExactly(young);
    }

    @Test
    void aMessageWhoseLeaseOutlivesTheRetentionIsNotDeliveredAgain() {
        API.createQueue("leased-old", "'message_retention_seconds': 60, 'ack_deadline_seconds': 30");
        API.publish("leased-old", "{\"body\": 1}");
        CLOCK.advance(Duration.ofSeconds(50));
        assertThat(API.receive("leased-old", 1)).hasSize(1);
        CLOCK.advance(Duration.ofSeconds(31));

        assertThat(API.receive("leased-old", 1)).isEmpty();
        assertThat(API.total("leased-old")).isZero();
        assertThat(API.postNothing("/v1/queues/leased-old/cleanup")
                        .expect(200)
                        .get("expired")
                        .asInt())
                .isEqualTo(1);
        assertThat(API.browse("leased-old")).isEmpty();
    }

    @Test
    void aShorterRetentionSetLaterAppliesToMessagesAlreadyStored() {
        API.createQueue("shortened");
        API.publish("shortened", "{\"body\": 1}");
        CLOCK.advance(Duration.ofSeconds(120));
        assertThat(API.total("shortened")).isEqualTo(1);

        API.put("/v1/queues/shortened", "{\"message_retention_seconds\": 60}").expect(200);

        assertThat(API.receive("shortened", 1)).isEmpty();
        assertThat(API.total("shortened")).isZero();
        assertThat(API.postNothing("/v1/queues/shortened/cleanup").expect(200))
                .isEqualTo(Api.parse(
                        "{\"queue_id\": \"shortened\", \"expired\": 1, \"dead_lettered\": 0, \"dropped\": 0}"));
    }

    @Test
    void aDeadLetteredMessageKeepsItsAgeForTheDeadLetterQueuesRetention() {
        API.createQueue("aged-dlq", "'message_retention_seconds': 60");
        API.createQueue(
                "aged-src", "'max_deliveries': 1, 'dead_letter_queue_id': 'aged-dlq', 'ack_deadline_seconds': 600");
        API.publish("aged-src", "{\"body\": 1}");
        String receipt = API.receive("aged-src", 1).get(0).get("receipt").asText();
        CLOCK.advance(Duration.ofSeconds(120));

        API.post("/v1/queues/aged-src/nack", j("{'receipts': %s}", Api.array(receipt)))
                .expect(200);

        // Moved with its created_at of two minutes ago: older than the dead-letter queue keeps messages.
        assertThat(API.browse("aged-dlq")).hasSize(1);
        assertThat(API.receive("aged-dlq", 1)).isEmpty();
        assertThat(API.total("aged-dlq")).isZero();
        assertThat(API.postNothing("/v1/queues/aged-dlq/cleanup")
                        .expect(200)
                        .get("expired")
                        .asInt())
                .isEqualTo(1);
        assertThat(API.browse("aged-dlq")).isEmpty();
    }

    @Test
    void theCleanupDeletesAnExpiredExhaustedMessageRatherThanDeadLetteringIt() {
        API.createQueue("old-dead-dlq");
        API.createQueue(
                "old-dead",
                "'message_retention_seconds': 60, 'max_deliveries': 1,"
                        + " 'dead_letter_queue_id': 'old-dead-dlq', 'ack_deadline_seconds': 120");
        API.publish("old-dead", "{\"body\": 1}");
        API.receive("old-dead", 1);
        CLOCK.advance(Duration.ofSeconds(121));

        assertThat(API.postNothing("/v1/queues/old-dead/cleanup").expect(200))
                .isEqualTo(Api.parse(
                        "{\"queue_id\": \"old-dead\", \"expired\": 1, \"dead_lettered\": 0, \"dropped\": 0}"));
        assertThat(API.browse("old-dead-dlq")).isEmpty();
    }

    @Test
    void aReceiveDoesNotDeadLetterAnExpiredExhaustedMessageEither() {
        API.createQueue("old-recv-dlq");
        API.createQueue(
                "old-recv",
                "'message_retention_seconds': 60, 'max_deliveries': 1,"
                        + " 'dead_letter_queue_id': 'old-recv-dlq', 'ack_deadline_seconds': 120");
        API.publish("old-recv", "{\"body\": 1}");
        API.receive("old-recv", 1);
        CLOCK.advance(Duration.ofSeconds(121));

        assertThat(API.receive("old-recv", 1)).isEmpty();

        // Same state as above, so the same outcome as the cleanup's, whichever of the two comes first.
        assertThat(API.browse("old-recv-dlq"))
                .as("dead-lettered though past the retention")
                .isEmpty();
        assertThat(API.receive("old-recv-dlq", 1)).isEmpty();
    }

    @Test
    void aNackOfTheLastDeliveryOfAnExpiredMessageDoesNotDeadLetterIt() {
        API.createQueue("old-nack-dlq");
        API.createQueue(
                "old-nack",
                "'message_retention_seconds': 60, 'max_deliveries': 1,"
                        + " 'dead_letter_queue_id': 'old-nack-dlq', 'ack_deadline_seconds': 600");
        API.publish("old-nack", "{\"body\": 1}");
        String receipt = API.receive("old-nack", 1).get(0).get("receipt").asText();
        CLOCK.advance(Duration.ofSeconds(61));

        API.post("/v1/queues/old-nack/nack", j("{'receipts': %s}", Api.array(receipt)))
                .expect(200);

        assertThat(API.receive("old-nack-dlq", 1))
                .as("delivered though past the retention")
                .isEmpty();
        assertThat(API.browse("old-nack-dlq")).isEmpty();
    }

    @Test
    void oneCleanupDeletesTheExpiredAndDeadLettersTheExhausted() {
        API.createQueue("both-dlq");
        API.createQueue(
                "both",
                "'message_retention_seconds': 60, 'max_deliveries': 1,"
                        + " 'dead_letter_queue_id': 'both-dlq', 'ack_deadline_seconds': 30");
        API.publish("both", "{\"body\": \"expires\", \"delay_seconds\": 120}");
        CLOCK.advance(Duration.ofSeconds(20));
        String exhausted = API.publish("both", "{\"body\": \"exhausted\"}")
                .get(0)
                .get("id")
                .asText();
        API.receive("both", 10);
        CLOCK.advance(Duration.ofSeconds(41));

        JsonNode report = API.postNothing("/v1/queues/both/cleanup").expect(200);

        assertThat(report)
                .isEqualTo(Api.parse("{\"queue_id\": \"both\", \"expired\": 1, \"dead_lettered\": 1, \"dropped\": 0}"));
        assertThat(API.browse("both")).isEmpty();
        assertThat(ids(API.browse("both-dlq"))).containsExactly(exhausted);
    }

    private static List<String> ids(JsonNode messages) {
        List<String> ids = new ArrayList<>();
        messages.forEach(m -> ids.add(m.get("id").asText()));
        return ids;
    }
}
