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
 * Redrive (moving a queue's messages, typically a dead-letter queue's, to another queue) and purge over HTTP.
 * Time moves only when the test moves CLOCK.
 */
@ExtendWith(DropwizardExtensionsSupport.class)
class RedrivePurgeApiTest {
    static final TestDatabase DB = TestDatabase.create();
    static final MutableClock CLOCK = ConveyorTestApp.clock();
    static final DropwizardAppExtension<ConveyorConfiguration> APP = ConveyorTestApp.extension(DB, CLOCK);
    static final Api API = new Api(APP);

    @AfterAll
    static void dropDatabase() {
        DB.close();
    }

    // ---- redrive

    @Test
    void redriveMovesEveryMessageBackVisibleAtOnceWithNoDeliveryAttempts() {
        API.createQueue("all-dlq", "'delivery_delay_seconds': 300");
        API.createQueue(
                "all-src", "'max_deliveries': 1, 'dead_letter_queue_id': 'all-dlq', 'delivery_delay_seconds': 600");
        List<String> ids = ids(API.publish(
                "all-src",
                "[{\"body\": 0, \"delay_seconds\": 0}, {\"body\": 1, \"delay_seconds\": 0},"
                        + " {\"body\": 2, \"delay_seconds\": 0, \"label\": \"l\", \"attributes\": {\"a\": \"b\"}}]"));
        // Each used its one delivery and was nacked: in the dead-letter queue, delayed 300 s there.
        JsonNode received = API.receive("all-src", 10);
        assertThat(received).hasSize(3);
        for (JsonNode m : received) {
            API.post(
                            "/v1/queues/all-src/nack",
                            j("{'receipts': %s}", Api.array(m.get("receipt").asText())))
                    .expect(200);
        }
        assertThat(API.stats("all-dlq").get("delayed").asInt()).isEqualTo(3);

        JsonNode answer = API.post("/v1/queues/all-dlq/redrive", "{\"destination_queue_id\": \"all-src\"}")
                .expect(200);

        assertThat(answer).isEqualTo(Api.parse("{\"moved\": 3}"));
        assertThat(API.total("all-dlq")).isZero();
        JsonNode back = API.browse("all-src");
        assertThat(ids(back)).containsExactlyElementsOf(ids);
        for (JsonNode m : back) {
            assertThat(m.get("queue_id").asText()).isEqualTo("all-src");
            assertThat(m.get("delivery_attempts").asInt()).isZero();
            assertThat(m.get("lease_expires_at").isNull()).isTrue();
        }
        assertThat(back.get(2).get("label").asText()).isEqualTo("l");
        assertThat(back.get(2).get("attributes")).isEqualTo(Api.parse("{\"a\": \"b\"}"));
        JsonNode stats = API.stats("all-src");
        assertThat(stats.get("available").asInt())
                .as("visible at once, not after either queue's delay")
                .isEqualTo(3);
        assertThat(stats.get("delayed").asInt()).isZero();

        JsonNode again = API.receive("all-src", 10);
        assertThat(ids(again)).containsExactlyElementsOf(ids);
        again.forEach(m -> assertThat(m.get("delivery_attempts").asInt()).isEqualTo(1));
    }

    @Test
    void redriveOfAnEmptyQueueMovesNothing() {
        API.createQueue("empty-from");
        API.createQueue("empty-to");

        assertThat(API.post("/v1/queues/empty-from/redrive", "{\"destination_queue_id\": \"empty-to\"}")
                        .expect(200))
                .isEqualTo(Api.parse("{\"moved\": 0}"));
    }

    @Test
    void redriveWithIdsMovesOnlyThoseMessages() {
        API.createQueue("ids-from");
        API.createQueue("ids-to");
        List<String> ids = ids(API.publish("ids-from", "[{\"body\": 0}, {\"body\": 1}, {\"body\": 2}, {\"body\": 3}]"));
        // An id of a message in another queue is not this queue's to move.
        API.createQueue("ids-elsewhere");
        String elsewhere =
                API.publish("ids-elsewhere", "{\"body\": 9}").get(0).get("id").asText();

        JsonNode answer = API.post(
                        "/v1/queues/ids-from/redrive",
                        j(
                                "{'destination_queue_id': 'ids-to', 'ids': %s}",
                                Api.array(ids.get(0), ids.get(2), elsewhere)))
                .expect(200);

        assertThat(answer).isEqualTo(Api.parse("{\"moved\": 2}"));
        assertThat(ids(API.browse("ids-to"))).containsExactly(ids.get(0), ids.get(2));
        assertThat(ids(API.browse("ids-from"))).containsExactly(ids.get(1), ids.get(3));
        assertThat(ids(API.browse("ids-elsewhere"))).containsExactly(elsewhere);
    }

    @Test
    void redriveWithMaxMessagesMovesExactlyThatMany() {
        API.createQueue("max-from");
        API.createQueue("max-to");
        List<String> ids = ids(
                API.publish("max-from", "[{\"body\": 0}, {\"body\": 1}, {\"body\": 2}, {\"body\": 3}, {\"body\": 4}]"));

        JsonNode two = API.post(
                        "/v1/queues/max-from/redrive", "{\"destination_queue_id\": \"max-to\", \"max_messages\": 2}")
                .expect(200);

        assertThat(two).isEqualTo(Api.parse("{\"moved\": 2}"));
        assertThat(API.total("max-to")).isEqualTo(2);
        assertThat(API.total("max-from")).isEqualTo(3);
        JsonNode rest = API.post(
                        "/v1/queues/max-from/redrive", "{\"destination_queue_id\": \"max-to\", \"max_messages\": 10}")
                .expect(200);
        assertThat(rest).isEqualTo(Api.parse("{\"moved\": 3}"));
        assertThat(ids(API.browse("max-to"))).containsExactlyInAnyOrderElementsOf(ids);
        assertThat(API.total("max-from")).isZero();
    }

    @Test
    void redriveLeavesMessagesThatAreLeasedRightNow() {
        API.createQueue("leased-from", "'ack_deadline_seconds': 30");
        API.createQueue("leased-to");
        List<String> ids = ids(API.publish("leased-from", "[{\"body\": 0}, {\"body\": 1}, {\"body\": 2}]"));
        JsonNode leased = API.receive("leased-from", 1).get(0);
        assertThat(leased.get("id").asText()).isEqualTo(ids.get(0));

        JsonNode answer = API.post("/v1/queues/leased-from/redrive", "{\"destination_queue_id\": \"leased-to\"}")
                .expect(200);

        assertThat(answer).isEqualTo(Api.parse("{\"moved\": 2}"));
        assertThat(ids(API.browse("leased-to"))).containsExactly(ids.get(1), ids.get(2));
        assertThat(ids(API.browse("leased-from"))).containsExactly(ids.get(0));
        // Also when named by id, or when there is room under max_messages.
        assertThat(API.post(
                                "/v1/queues/leased-from/redrive",
                                j("{'destination_queue_id': 'leased-to', 'ids': %s}", Api.array(ids.get(0))))
                        .expect(200))
                .isEqualTo(Api.parse("{\"moved\": 0}"));
        assertThat(API.post(
                                "/v1/queues/leased-from/redrive",
                                "{\"destination_queue_id\": \"leased-to\", \"max_messages\": 5}")
                        .expect(200))
                .isEqualTo(Api.parse("{\"moved\": 0}"));
        // The consumer's lease is intact.
        assertThat(Api.texts(
                        API.ack("leased-from", leased.get("receipt").asText()).get("succeeded")))
                .hasSize(1);
    }

    @Test
    void aMessageWhoseLeaseRanOutIsRedriven() {
        API.createQueue("ran-out-from", "'ack_deadline_seconds': 30");
        API.createQueue("ran-out-to");
        API.publish("ran-out-from", "{\"body\": 0}");
        String receipt = API.receive("ran-out-from", 1).get(0).get("receipt").asText();
        CLOCK.advance(Duration.ofSeconds(31));

        assertThat(API.post("/v1/queues/ran-out-from/redrive", "{\"destination_queue_id\": \"ran-out-to\"}")
                        .expect(200))
                .isEqualTo(Api.parse("{\"moved\": 1}"));

        assertThat(API.browse("ran-out-to").get(0).get("delivery_attempts").asInt())
                .isZero();
        assertThat(API.ack("ran-out-from", receipt).get("failed")).hasSize(1);
        assertThat(API.ack("ran-out-to", receipt).get("failed")).hasSize(1);
        assertThat(API.total("ran-out-to")).isEqualTo(1);
    }

    @Test
    void redriveToTheSameQueueIs422() {
        API.createQueue("self");
        API.publish("self", "{\"body\": 0}");

        assertThat(API.post("/v1/queues/self/redrive", "{\"destination_queue_id\": \"self\"}")
                        .errors())
                .anySatisfy(e -> assertThat(e).contains("destination_queue_id"));
        assertThat(API.stats("self").get("available").asInt()).isEqualTo(1);
    }

    @Test
    void redriveToOrFromAMissingQueueIs404NamingIt() {
        API.createQueue("present");
        API.publish("present", "{\"body\": 0}");

        assertThat(API.post("/v1/queues/present/redrive", "{\"destination_queue_id\": \"absent-to\"}")
                        .error(404))
                .contains("absent-to");
        assertThat(API.post("/v1/queues/absent-from/redrive", "{\"destination_queue_id\": \"present\"}")
                        .error(404))
                .contains("absent-from");
        assertThat(API.total("present")).isEqualTo(1);
        assertThat(API.get("/v1/queues/absent-to").status()).isEqualTo(404);
    }

    @Test
    void aBadRedriveRequestIsRefusedAndMovesNothing() {
        API.createQueue("bad-from");
        API.createQueue("bad-to");
        API.publish("bad-from", "{\"body\": 0}");

        assertThat(API.post("/v1/queues/bad-from/redrive", "{\"destination_queue_id\": \"bad-to\", \"maximum\": 1}")
                        .error(400))
                .contains("maximum");
        assertThat(API.post("/v1/queues/bad-from/redrive", "{\"destination_queue_id\": \"\"}")
                        .errors())
                .anySatisfy(e -> assertThat(e).contains("destination_queue_id"));
        // Without a destination, each message goes back to its source; this one was never dead-lettered.
        assertThat(API.post("/v1/queues/bad-from/redrive", "{}")
                        .expect(200)
                        .get("skipped")
                        .asInt())
                .isEqualTo(1);
        assertThat(API.post(
                                "/v1/queues/bad-from/redrive",
                                "{\"destination_queue_id\": \"bad-to\", \"max_messages\": 0}")
                        .errors())
                .anySatisfy(e -> assertThat(e).contains("max_messages"));
        assertThat(API.post(
                                "/v1/queues/bad-from/redrive",
                                "{\"destination_queue_id\": \"bad-to\", \"ids\": [\"nope\"]}")
                        .errors())
                .anySatisfy(e -> assertThat(e).contains("ids"));
        assertThat(API.post("/v1/queues/bad-from/redrive", "{\"destination_queue_id\": \"bad-to\"")
                        .status())
                .isEqualTo(400);
        assertThat(API.postNothing("/v1/queues/bad-from/redrive").status())
                .as("no body at all")
                .isBetween(400, 422);

        assertThat(API.total("bad-from")).isEqualTo(1);
        assertThat(API.total("bad-to")).isZero();
    }

    // ---- purge

    @Test
    void purgeDeletesEveryMessageInFlightAndDelayedOnesToo() {
        API.createQueue("purge", "'ack_deadline_seconds': 30");
        API.publish(
                "purge",
                "[{\"body\": 0}, {\"body\": 1}, {\"body\": 2}, {\"body\": 3, \"delay_seconds\": 60},"
                        + " {\"body\": 4, \"delay_seconds\": 60}]");
        JsonNode inFlight = API.receive("purge", 2);
        JsonNode before = API.stats("purge");
        assertThat(before.get("in_flight").asInt()).isEqualTo(2);
        assertThat(before.get("delayed").asInt()).isEqualTo(2);

        JsonNode answer = API.postNothing("/v1/queues/purge/purge").expect(200);

        assertThat(answer).isEqualTo(Api.parse("{\"deleted\": 5}"));
        JsonNode stats = API.stats("purge");
        assertThat(stats.get("total").asInt()).isZero();
        assertThat(stats.get("in_flight").asInt()).isZero();
        assertThat(API.browse("purge")).isEmpty();
        CLOCK.advance(Duration.ofSeconds(61));
        assertThat(API.receive("purge", 10)).isEmpty();
        assertThat(API.ack("purge", inFlight.get(0).get("receipt").asText()).get("failed"))
                .hasSize(1);
    }

    @Test
    void receiptsOfPurgedMessagesFailPerItem() {
        API.createQueue("purged-receipts", "'ack_deadline_seconds': 30");
        API.publish("purged-receipts", "[{\"body\": 0}, {\"body\": 1}, {\"body\": 2}]");
        JsonNode inFlight = API.receive("purged-receipts", 3);
        String first = inFlight.get(0).get("receipt").asText();
        String second = inFlight.get(1).get("receipt").asText();
        String third = inFlight.get(2).get("receipt").asText();
        API.postNothing("/v1/queues/purged-receipts/purge").expect(200);

        JsonNode ack = API.ack("purged-receipts", first);
        assertThat(ack.get("succeeded")).isEmpty();
        assertThat(ack.get("failed")).hasSize(1);
        assertThat(ack.get("failed").get(0).get("receipt").asText()).isEqualTo(first);
        assertThat(ack.get("failed").get(0).get("reason").asText()).isNotBlank();
        JsonNode nack = API.post("/v1/queues/purged-receipts/nack", j("{'receipts': %s}", Api.array(second)))
                .expect(200);
        assertThat(nack.get("succeeded")).isEmpty();
        assertThat(nack.get("failed")).hasSize(1);
        assertThat(nack.get("failed").get(0).get("receipt").asText()).isEqualTo(second);
        JsonNode extend = API.post(
                        "/v1/queues/purged-receipts/extend", j("{'receipts': %s, 'seconds': 60}", Api.array(third)))
                .expect(200);
        assertThat(extend.get("succeeded")).isEmpty();
        assertThat(extend.get("failed")).hasSize(1);
        assertThat(API.total("purged-receipts")).isZero();
    }

    @Test
    void aPurgedQueueKeepsItsSettingsAndTakesNewMessages() {
        API.createQueue("purge-reuse", "'max_deliveries': 4");
        API.createQueue("purge-other");
        API.publish("purge-reuse", "[{\"body\": 0}, {\"body\": 1}]");
        API.publish("purge-other", "{\"body\": \"untouched\"}");

        assertThat(API.postNothing("/v1/queues/purge-reuse/purge").expect(200))
                .isEqualTo(Api.parse("{\"deleted\": 2}"));
        assertThat(API.postNothing("/v1/queues/purge-reuse/purge").expect(200))
                .isEqualTo(Api.parse("{\"deleted\": 0}"));

        assertThat(API.total("purge-other")).isEqualTo(1);
        assertThat(API.get("/v1/queues/purge-reuse")
                        .expect(200)
                        .get("max_deliveries")
                        .asInt())
                .isEqualTo(4);
        API.publish("purge-reuse", "{\"body\": \"new\"}");
        assertThat(API.receive("purge-reuse", 10).get(0).get("body").asText()).isEqualTo("new");
    }

    @Test
    void purgeOfAMissingQueueIs404NamingIt() {
        assertThat(API.postNothing("/v1/queues/never-made/purge").error(404)).contains("never-made");
    }

    private static List<String> ids(JsonNode messages) {
        List<String> ids = new ArrayList<>();
        messages.forEach(m -> ids.add(m.get("id").asText()));
        return ids;
    }
}
