package dev.conveyor.bootstrap;

import static dev.conveyor.bootstrap.Api.j;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.conveyor.application.fakes.MutableClock;
import dev.conveyor.postgres.testing.TestDatabase;
import io.dropwizard.testing.junit5.DropwizardAppExtension;
import io.dropwizard.testing.junit5.DropwizardExtensionsSupport;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A dead letter shows where it came from ({@code dead_letter}: source queue, reason, time) on browse and on
 * receive, and a redrive without a destination sends each message back there. Time moves only when the test
 * moves CLOCK.
 */
@ExtendWith(DropwizardExtensionsSupport.class)
class DeadLetterOriginApiTest {
    static final TestDatabase DB = TestDatabase.create();
    static final MutableClock CLOCK = ConveyorTestApp.clock();
    static final DropwizardAppExtension<ConveyorConfiguration> APP = ConveyorTestApp.extension(DB, CLOCK);
    static final Api API = new Api(APP);

    /** Longer than every test queue's 30 s ack deadline: a lease taken before this advance has run out. */
    static final Duration PAST_THE_LEASE = Duration.ofSeconds(31);

    @AfterAll
    static void dropDatabase() {
        DB.close();
    }

    private static Instant now() {
        return CLOCK.instant().truncatedTo(ChronoUnit.MICROS);
    }

    /** A queue allowing {@code maxDeliveries}, with a 30 s lease, dead-lettering into {@code dlq}. */
    private static void source(String id, int maxDeliveries, String dlq) {
        API.createQueue(
                id,
                "'max_deliveries': " + maxDeliveries + ", 'dead_letter_queue_id': '" + dlq
                        + "', 'ack_deadline_seconds': 30");
    }

    private static String publishOne(String queueId, int body) {
        return API.publish(queueId, "{\"body\": " + body + "}").get(0).get("id").asText();
    }

    private static void assertOrigin(JsonNode message, String source, String lastDelivery, Instant at) {
        JsonNode origin = message.get("dead_letter");
        assertThat(origin.get("source_queue_id").asText()).isEqualTo(source);
        assertThat(origin.get("reason").asText()).isEqualTo("max_deliveries");
        assertThat(origin.get("last_delivery").asText()).isEqualTo(lastDelivery);
        assertThat(Api.timestamp(origin.get("at"))).isEqualTo(at);
        assertThat(origin.size()).as("fields of %s", origin).isEqualTo(4);
    }

    private static JsonNode only(JsonNode messages) {
        assertThat(messages).hasSize(1);
        return messages.get(0);
    }

    // ---- what is kept, and shown

    @Test
    void aMessageNeverDeadLetteredShowsDeadLetterNull() {
        API.createQueue("plain");
        publishOne("plain", 1);

        JsonNode browsed = only(API.browse("plain"));
        assertThat(browsed.has("dead_letter")).isTrue();
        assertThat(browsed.get("dead_letter").isNull()).isTrue();
        assertThat(only(API.receive("plain", 1)).get("dead_letter").isNull()).isTrue();
    }

    @Test
    void aNackOfTheLastDeliveryRecordsTheSourceTheReasonAndTheTime() {
        API.createQueue("nacked-dlq");
        source("nacked", 1, "nacked-dlq");
        String id = publishOne("nacked", 1);
        String receipt = only(API.receive("nacked", 1)).get("receipt").asText();
        CLOCK.advance(Duration.ofSeconds(5));
        Instant nackedAt = now();

        API.post("/v1/queues/nacked/nack", j("{'receipts': %s}", Api.array(receipt)))
                .expect(200);

        JsonNode browsed = only(API.browse("nacked-dlq"));
        assertThat(browsed.get("id").asText()).isEqualTo(id);
        assertOrigin(browsed, "nacked", "nacked", nackedAt);
        CLOCK.advance(Duration.ofSeconds(1));
        JsonNode received = only(API.receive("nacked-dlq", 1));
        assertThat(received.get("id").asText()).isEqualTo(id);
        assertOrigin(received, "nacked", "nacked", nackedAt);
    }

    @Test
    void aLeaseThatRanOutOnTheLastDeliveryIsRecordedByTheNextReceive() {
        API.createQueue("expired-dlq");
        source("expired", 2, "expired-dlq");
        publishOne("expired", 1);
        API.receive("expired", 1);
        CLOCK.advance(PAST_THE_LEASE);
        API.receive("expired", 1);
        CLOCK.advance(PAST_THE_LEASE);
        Instant movedAt = now();

        assertThat(API.receive("expired", 1)).isEmpty();

        assertOrigin(only(API.browse("expired-dlq")), "expired", "lease_expired", movedAt);
        assertOrigin(only(API.receive("expired-dlq", 1)), "expired", "lease_expired", movedAt);
    }

    @Test
    void aLeaseThatRanOutOnTheLastDeliveryIsRecordedByTheCleanup() {
        API.createQueue("cleaned-dlq");
        source("cleaned", 1, "cleaned-dlq");
        publishOne("cleaned", 1);
        API.receive("cleaned", 1);
        CLOCK.advance(Duration.ofMinutes(5));
        Instant cleanedAt = now();

        API.postNothing("/v1/queues/cleaned/cleanup").expect(200);

        assertOrigin(only(API.browse("cleaned-dlq")), "cleaned", "lease_expired", cleanedAt);
    }

    @Test
    void aMessageDeadLetteredASecondTimeShowsOnlyTheLatestSource() {
        API.createQueue("second-last");
        source("second-dlq", 1, "second-last");
        source("second-src", 1, "second-dlq");
        publishOne("second-src", 1);
        String first = only(API.receive("second-src", 1)).get("receipt").asText();
        API.post("/v1/queues/second-src/nack", j("{'receipts': %s}", Api.array(first)))
                .expect(200);
        API.receive("second-dlq", 1);
        CLOCK.advance(PAST_THE_LEASE);
        Instant again = now();

        assertThat(API.receive("second-dlq", 1)).isEmpty();

        assertOrigin(only(API.browse("second-last")), "second-dlq", "lease_expired", again);
    }

    // ---- redrive

    /** Dead-letters {@code n} fresh messages of {@code source} into its dead-letter queue by nacks; their ids. */
    private static List<String> deadLettered(String source, int n) {
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            ids.add(publishOne(source, i));
        }
        JsonNode received = API.receive(source, n);
        assertThat(received).hasSize(n);
        List<String> receipts = new ArrayList<>();
        received.forEach(m -> receipts.add(m.get("receipt").asText()));
        API.post("/v1/queues/" + source + "/nack", j("{'receipts': %s}", Api.array(receipts.toArray(String[]::new))))
                .expect(200);
        return ids;
    }

    private static List<String> ids(JsonNode messages) {
        List<String> ids = new ArrayList<>();
        messages.forEach(m -> ids.add(m.get("id").asText()));
        return ids;
    }

    @Test
    void aRedriveWithoutADestinationSendsEachMessageBackToItsOwnSource() {
        API.createQueue("back-dlq");
        source("back-orders", 1, "back-dlq");
        source("back-payments", 1, "back-dlq");
        source("back-gone", 1, "back-dlq");
        List<String> orders = deadLettered("back-orders", 2);
        List<String> payments = deadLettered("back-payments", 3);
        List<String> orphaned = deadLettered("back-gone", 1);
        API.delete("/v1/queues/back-gone").expect(204);
        String plain = publishOne("back-dlq", 99);
        CLOCK.advance(Duration.ofSeconds(1));

        JsonNode answer = API.post("/v1/queues/back-dlq/redrive", "{}").expect(200);

        assertThat(answer)
                .isEqualTo(Api.parse("{\"moved\": 5, \"skipped\": 2, \"skipped_by_reason\": {\"not_dead_lettered\": 1,"
                        + " \"source_queue_missing\": 1, \"source_is_this_queue\": 0}}"));
        assertThat(ids(API.browse("back-orders"))).containsExactlyInAnyOrderElementsOf(orders);
        assertThat(ids(API.browse("back-payments"))).containsExactlyInAnyOrderElementsOf(payments);
        assertThat(ids(API.browse("back-dlq"))).containsExactlyInAnyOrder(plain, orphaned.get(0));
        for (JsonNode back : API.browse("back-payments")) {
            assertThat(back.get("dead_letter").isNull())
                    .as("a redriven message is no longer a dead letter")
                    .isTrue();
            assertThat(back.get("delivery_attempts").asInt()).isZero();
        }
        // The one whose source is gone keeps its record, naming the queue that no longer exists.
        JsonNode left = API.browse("back-dlq");
        for (JsonNode m : left) {
            if (m.get("id").asText().equals(orphaned.get(0))) {
                assertThat(m.get("dead_letter").get("source_queue_id").asText()).isEqualTo("back-gone");
            }
        }
        // Visible at once in their sources.
        assertThat(API.stats("back-orders").get("available").asInt()).isEqualTo(2);
        assertThat(API.receive("back-payments", 10)).hasSize(3);
    }

    @Test
    void aRedriveWithoutADestinationTakesIdsAndMaxMessagesAndLeavesLeasedOnes() {
        API.createQueue("pick-dlq");
        source("pick-src", 1, "pick-dlq");
        List<String> dead = deadLettered("pick-src", 4);
        JsonNode leased = only(API.receive("pick-dlq", 1));

        JsonNode listed = API.post(
                        "/v1/queues/pick-dlq/redrive", j("{'ids': %s}", Api.array(dead.toArray(String[]::new))))
                .expect(200);
        assertThat(listed.get("moved").asInt()).as("the leased one stays").isEqualTo(3);
        assertThat(listed.get("skipped").asInt()).isZero();
        assertThat(ids(API.browse("pick-dlq"))).containsExactly(leased.get("id").asText());

        CLOCK.advance(PAST_THE_LEASE);
        JsonNode capped =
                API.post("/v1/queues/pick-dlq/redrive", "{\"max_messages\": 1}").expect(200);
        assertThat(capped.get("moved").asInt()).isEqualTo(1);
        assertThat(API.total("pick-dlq")).isZero();
    }

    @Test
    void aRedriveToADestinationStillAnswersOnlyMovedAndClearsTheRecord() {
        API.createQueue("dest-dlq");
        API.createQueue("dest-elsewhere");
        source("dest-src", 1, "dest-dlq");
        List<String> dead = deadLettered("dest-src", 2);

        JsonNode answer = API.post("/v1/queues/dest-dlq/redrive", "{\"destination_queue_id\": \"dest-elsewhere\"}")
                .expect(200);

        assertThat(answer).isEqualTo(Api.parse("{\"moved\": 2}"));
        JsonNode moved = API.browse("dest-elsewhere");
        assertThat(ids(moved)).containsExactlyInAnyOrderElementsOf(dead);
        moved.forEach(m -> assertThat(m.get("dead_letter").isNull()).isTrue());
        assertThat(API.post("/v1/queues/dest-elsewhere/redrive", "{}").expect(200))
                .as("redriven, they have no source to go back to")
                .isEqualTo(Api.parse("{\"moved\": 0, \"skipped\": 2, \"skipped_by_reason\": {\"not_dead_lettered\": 2,"
                        + " \"source_queue_missing\": 0, \"source_is_this_queue\": 0}}"));
        assertThat(API.total("dest-elsewhere")).isEqualTo(2);
    }

    @Test
    void aRedriveWithoutADestinationRefusesBadInputAndAMissingQueue() {
        API.createQueue("refuse-dlq");
        publishOne("refuse-dlq", 1);

        assertThat(API.post("/v1/queues/refuse-dlq/redrive", "{\"max_messages\": 0}")
                        .errors())
                .anySatisfy(e -> assertThat(e).contains("max_messages"));
        assertThat(API.post("/v1/queues/refuse-dlq/redrive", "{\"ids\": [\"nope\"]}")
                        .errors())
                .anySatisfy(e -> assertThat(e).contains("ids"));
        assertThat(API.post("/v1/queues/refuse-nowhere/redrive", "{}").error(404))
                .contains("refuse-nowhere");
        assertThat(API.post("/v1/queues/refuse-dlq/redrive", "{\"destination_queue_id\": \"\"}")
                        .errors())
                .anySatisfy(e -> assertThat(e).contains("destination_queue_id"));
        assertThat(API.total("refuse-dlq")).isEqualTo(1);
    }

    // ---- the contract, as the OpenAPI document states it

    @Test
    void theOpenApiDocumentShowsTheDeadLetterAndTheOptionalDestination() {
        JsonNode schemas = API.get("/openapi.json").expect(200).at("/components/schemas");

        JsonNode deadLetter = schemas.at("/MessageResponse/properties/dead_letter");
        assertThat(deadLetter.path("$ref").asText()).isEqualTo("#/components/schemas/DeadLetter");
        assertThat(schemas.at("/DeadLetter/nullable").asBoolean()).isTrue();
        assertThat(schemas.at("/MessageResponse/required"))
                .extracting(JsonNode::asText)
                .contains("dead_letter");
        assertThat(schemas.at("/DeadLetter/properties").has("source_queue_id")).isTrue();
        assertThat(schemas.at("/DeadLetter/properties/reason/description").asText())
                .contains("max_deliveries");
        assertThat(schemas.at("/DeadLetter/properties/last_delivery/enum"))
                .extracting(JsonNode::asText)
                .containsExactly("nacked", "lease_expired");
        assertThat(schemas.at("/DeadLetter/properties").has("at")).isTrue();
        assertThat(schemas.at("/RedriveRequest/required").isMissingNode()
                        || !schemas.at("/RedriveRequest/required").toString().contains("destination_queue_id"))
                .as("destination_queue_id is optional")
                .isTrue();
        assertThat(schemas.at("/RedriveResponse/properties").has("skipped_by_reason"))
                .isTrue();
    }
}
