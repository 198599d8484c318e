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
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Dead letters over HTTP: a queue with max_deliveries never delivers a message more often; the delivery that
 * used up the last attempt, ending without an ack (lease ran out, or nack), moves the message to the
 * dead-letter queue, or drops it when there is none. Time moves only when the test moves CLOCK.
 */
@ExtendWith(DropwizardExtensionsSupport.class)
class DeadLetterApiTest {
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

    // ---- moving to the dead-letter queue when the last lease runs out

    @Test
    void anExhaustedMessageWhoseLeaseRanOutIsMovedToTheDeadLetterQueueAtTheNextReceive() {
        API.createQueue("expiry-dlq");
        API.createQueue(
                "expiry", "'max_deliveries': 2, 'dead_letter_queue_id': 'expiry-dlq', 'ack_deadline_seconds': 30");
        Instant published = CLOCK.instant();
        String id = API.publish(
                        "expiry",
                        "{\"body\": {\"order\": 7, \"items\": [1, 2]}, \"attributes\": {\"status\": \"paid\"}, \"label\": \"red\"}")
                .get(0)
                .get("id")
                .asText();
        CLOCK.advance(Duration.ofSeconds(1));

        JsonNode first = API.receive("expiry", 10);
        assertThat(first).hasSize(1);
        assertThat(first.get(0).get("delivery_attempts").asInt()).isEqualTo(1);
        CLOCK.advance(PAST_THE_LEASE);
        JsonNode second = API.receive("expiry", 10);
        assertThat(second).hasSize(1);
        assertThat(second.get(0).get("delivery_attempts").asInt()).isEqualTo(2);
        CLOCK.advance(PAST_THE_LEASE);

        assertThat(API.receive("expiry", 10))
                .as("a third delivery of a message allowed two")
                .isEmpty();
        assertThat(API.browse("expiry")).isEmpty();
        assertThat(API.total("expiry")).isZero();

        JsonNode dead = API.browse("expiry-dlq");
        assertThat(dead).hasSize(1);
        JsonNode kept = dead.get(0);
        assertThat(kept.get("id").asText()).isEqualTo(id);
        assertThat(kept.get("queue_id").asText()).isEqualTo("expiry-dlq");
        assertThat(kept.get("body")).isEqualTo(Api.parse("{\"order\": 7, \"items\": [1, 2]}"));
        assertThat(kept.get("attributes")).isEqualTo(Api.parse("{\"status\": \"paid\"}"));
        assertThat(kept.get("label").asText()).isEqualTo("red");
        assertThat(Api.timestamp(kept.get("created_at"))).isEqualTo(published);
        assertThat(kept.get("delivery_attempts").asInt()).isZero();
        assertThat(kept.get("lease_expires_at").isNull()).isTrue();
        assertThat(API.stats("expiry-dlq").get("available").asInt()).isEqualTo(1);

        JsonNode fromDlq = API.receive("expiry-dlq", 10);
        assertThat(fromDlq).hasSize(1);
        assertThat(fromDlq.get(0).get("id").asText()).isEqualTo(id);
        assertThat(fromDlq.get(0).get("queue_id").asText()).isEqualTo("expiry-dlq");
        assertThat(fromDlq.get(0).get("delivery_attempts").asInt()).isEqualTo(1);
        assertThat(fromDlq.get(0).get("label").asText()).isEqualTo("red");
        assertThat(API.ack("expiry-dlq", receipt(fromDlq.get(0))).get("succeeded"))
                .hasSize(1);
        assertThat(API.total("expiry-dlq")).isZero();
    }

    @Test
    void aReceiveWithALabelAlsoMovesTheExhaustedMessageOut() {
        API.createQueue("label-dlq");
        API.createQueue("label-src", "'max_deliveries': 1, 'dead_letter_queue_id': 'label-dlq'");
        API.publish("label-src", "{\"body\": 1, \"label\": \"blue\"}");
        API.receive("label-src", 1);
        CLOCK.advance(PAST_THE_LEASE);

        assertThat(API.receive("label-src", "{\"label\": \"blue\"}")).isEmpty();

        assertThat(API.browse("label-dlq")).hasSize(1);
        assertThat(API.total("label-src")).isZero();
    }

    @Test
    void aDeadLetterQueueWithADeliveryDelayHoldsTheMovedMessageForThatDelay() {
        API.createQueue("delayed-dlq", "'delivery_delay_seconds': 30");
        API.createQueue("delayed-src", "'max_deliveries': 1, 'dead_letter_queue_id': 'delayed-dlq'");
        API.publish("delayed-src", "{\"body\": \"late\"}");
        API.receive("delayed-src", 1);
        CLOCK.advance(PAST_THE_LEASE);

        assertThat(API.receive("delayed-src", 1)).isEmpty();
        JsonNode stats = API.stats("delayed-dlq");
        assertThat(stats.get("delayed").asInt()).isEqualTo(1);
        assertThat(stats.get("available").asInt()).isZero();
        assertThat(stats.get("total").asInt()).isEqualTo(1);
        assertThat(API.receive("delayed-dlq", 1)).isEmpty();

        CLOCK.advance(Duration.ofSeconds(29));
        assertThat(API.receive("delayed-dlq", 1)).as("29 s into a 30 s delay").isEmpty();
        CLOCK.advance(Duration.ofMillis(999));
        assertThat(API.receive("delayed-dlq", 1))
                .as("1 ms before the delay is over")
                .isEmpty();
        CLOCK.advance(Duration.ofMillis(1));
        JsonNode received = API.receive("delayed-dlq", 1);
        assertThat(received).hasSize(1);
        assertThat(received.get(0).get("body").asText()).isEqualTo("late");
    }

    @Test
    void aMessageIsNeverDeliveredMoreThanMaxDeliveriesTimes() {
        API.createQueue("rounds-dlq");
        API.createQueue(
                "rounds", "'max_deliveries': 3, 'dead_letter_queue_id': 'rounds-dlq', 'ack_deadline_seconds': 30");
        API.publish("rounds", "[{\"body\": 0}, {\"body\": 1}, {\"body\": 2}, {\"body\": 3}, {\"body\": 4}]");
        Map<String, Integer> deliveries = new HashMap<>();

        for (int round = 0; round < 12; round++) {
            JsonNode received = API.receive("rounds", 100);
            for (JsonNode m : received) {
                int count = deliveries.merge(m.get("id").asText(), 1, Integer::sum);
                assertThat(m.get("delivery_attempts").asInt()).isEqualTo(count).isLessThanOrEqualTo(3);
            }
            // Half the rounds give the messages back at once, the others let the leases run out.
            if (round % 2 == 0 && !received.isEmpty()) {
                String[] receipts = new String[received.size()];
                for (int i = 0; i < received.size(); i++) {
                    receipts[i] = receipt(received.get(i));
                }
                JsonNode outcome = API.post(
                                "/v1/queues/rounds/nack",
                                j("{'receipts': %s, 'delay_seconds': 0}", Api.array(receipts)))
                        .expect(200);
                assertThat(outcome.get("succeeded")).hasSize(receipts.length);
            } else {
                CLOCK.advance(PAST_THE_LEASE);
            }
        }

        assertThat(deliveries).hasSize(5);
        assertThat(deliveries.values()).containsOnly(3);
        assertThat(API.total("rounds")).isZero();
        assertThat(API.browse("rounds-dlq")).hasSize(5);
    }

    @Test
    void statsDoNotCountAnExhaustedMessageWhoseLeaseRanOutAsAvailable() {
        API.createQueue("stats-dlq");
        API.createQueue("stats-src", "'max_deliveries': 1, 'dead_letter_queue_id': 'stats-dlq'");
        API.publish("stats-src", "{\"body\": 1}");
        API.receive("stats-src", 1);
        assertThat(API.stats("stats-src").get("in_flight").asInt()).isEqualTo(1);
        CLOCK.advance(PAST_THE_LEASE);

        // Nothing can be received from the queue any more: the message is on its way to the dead-letter queue.
        JsonNode stats = API.stats("stats-src");

        assertThat(stats.get("available").asInt()).as("available in %s", stats).isZero();
        assertThat(stats.get("oldest_available_age_seconds").isNull())
                .as("age in %s", stats)
                .isTrue();
        assertThat(stats.get("total").asInt()).as("total in %s", stats).isZero();
        assertThat(API.receive("stats-src", 1)).isEmpty();
        assertThat(API.stats("stats-dlq").get("available").asInt()).isEqualTo(1);
    }

    @Test
    void aLowerMaxDeliveriesSetLaterAppliesToMessagesAlreadyDelivered() {
        API.createQueue("lowered-dlq");
        API.createQueue("lowered", "'max_deliveries': 5, 'ack_deadline_seconds': 30");
        String id = API.publish("lowered", "{\"body\": 1}").get(0).get("id").asText();
        API.receive("lowered", 1);
        CLOCK.advance(PAST_THE_LEASE);
        API.receive("lowered", 1);
        CLOCK.advance(PAST_THE_LEASE);

        API.put(
                        "/v1/queues/lowered",
                        "{\"max_deliveries\": 2, \"dead_letter_queue_id\": \"lowered-dlq\","
                                + " \"ack_deadline_seconds\": 30}")
                .expect(200);

        assertThat(API.receive("lowered", 1))
                .as("two deliveries made, two allowed now")
                .isEmpty();
        assertThat(API.browse("lowered-dlq").get(0).get("id").asText()).isEqualTo(id);
    }

    // ---- nack of the last delivery

    @Test
    void aNackOfTheLastDeliveryDeadLettersTheMessageAtOnce() {
        API.createQueue("nack-dlq");
        API.createQueue(
                "nack-src",
                "'max_deliveries': 2, 'dead_letter_queue_id': 'nack-dlq',"
                        + " 'backoff_min_seconds': 60, 'backoff_max_seconds': 60");
        String id = API.publish("nack-src", "{\"body\": \"n\", \"attributes\": {\"k\": \"v\"}}")
                .get(0)
                .get("id")
                .asText();

        String firstReceipt = receipt(API.receive("nack-src", 1).get(0));
        JsonNode firstNack = nack("nack-src", "{'receipts': %s, 'delay_seconds': 0}", firstReceipt);
        assertThat(Api.texts(firstNack.get("succeeded"))).containsExactly(firstReceipt);
        assertThat(API.browse("nack-dlq"))
                .as("a nack with deliveries left does not dead-letter")
                .isEmpty();

        JsonNode second = API.receive("nack-src", 1).get(0);
        assertThat(second.get("delivery_attempts").asInt()).isEqualTo(2);
        // No delay_seconds: the queue's backoff would hold it 60 s, but it has no delivery left.
        JsonNode lastNack = nack("nack-src", "{'receipts': %s}", receipt(second));
        assertThat(Api.texts(lastNack.get("succeeded"))).containsExactly(receipt(second));
        assertThat(lastNack.get("failed")).isEmpty();

        // Without any receive on the source and without a cleanup, the message is in the dead-letter queue.
        JsonNode dead = API.browse("nack-dlq");
        assertThat(dead).hasSize(1);
        assertThat(dead.get(0).get("id").asText()).isEqualTo(id);
        assertThat(dead.get(0).get("attributes")).isEqualTo(Api.parse("{\"k\": \"v\"}"));
        assertThat(dead.get(0).get("delivery_attempts").asInt()).isZero();
        assertThat(API.browse("nack-src")).isEmpty();
        assertThat(API.total("nack-src")).isZero();
        assertThat(API.receive("nack-dlq", 1).get(0).get("id").asText()).isEqualTo(id);
    }

    @Test
    void aNackOfTheLastDeliveryWithADelayStillDeadLettersAtOnce() {
        API.createQueue("nack-delay-dlq");
        API.createQueue("nack-delay-src", "'max_deliveries': 1, 'dead_letter_queue_id': 'nack-delay-dlq'");
        API.publish("nack-delay-src", "{\"body\": 1}");
        String receipt = receipt(API.receive("nack-delay-src", 1).get(0));

        JsonNode outcome = nack("nack-delay-src", "{'receipts': %s, 'delay_seconds': 600}", receipt);

        assertThat(Api.texts(outcome.get("succeeded"))).containsExactly(receipt);
        assertThat(API.total("nack-delay-src")).isZero();
        assertThat(API.stats("nack-delay-dlq").get("available").asInt()).isEqualTo(1);
    }

    // ---- without a dead-letter queue

    @Test
    void withoutADeadLetterQueueAnExhaustedMessageIsDropped() {
        API.createQueue("drop", "'max_deliveries': 1");
        API.publish("drop", "[{\"body\": \"expires\"}, {\"body\": \"nacked\"}]");
        JsonNode received = API.receive("drop", 10);
        assertThat(received).hasSize(2);

        JsonNode outcome = nack("drop", "{'receipts': %s, 'delay_seconds': 0}", receipt(received.get(1)));
        assertThat(outcome.get("succeeded")).hasSize(1);
        assertThat(API.total("drop")).as("the nacked one is dropped at once").isEqualTo(1);
        CLOCK.advance(PAST_THE_LEASE);

        assertThat(API.receive("drop", 10)).isEmpty();
        assertThat(API.browse("drop")).isEmpty();
        JsonNode stats = API.stats("drop");
        assertThat(stats.get("total").asInt()).isZero();
        assertThat(stats.get("available").asInt()).isZero();
        assertThat(stats.get("in_flight").asInt()).isZero();
    }

    // ---- the cleanup

    @Test
    void theCleanupDeadLettersAnExhaustedMessageWhoseLeaseRanOut() {
        API.createQueue("clean-dlq");
        API.createQueue("clean-src", "'max_deliveries': 1, 'dead_letter_queue_id': 'clean-dlq'");
        String id = API.publish("clean-src", "{\"body\": 1}").get(0).get("id").asText();
        API.receive("clean-src", 1);

        JsonNode whileLeased = API.postNothing("/v1/queues/clean-src/cleanup").expect(200);
        assertThat(whileLeased)
                .isEqualTo(Api.parse(
                        "{\"queue_id\": \"clean-src\", \"expired\": 0, \"dead_lettered\": 0, \"dropped\": 0}"));
        assertThat(API.stats("clean-src").get("in_flight").asInt())
                .as("a live lease is left alone")
                .isEqualTo(1);

        CLOCK.advance(PAST_THE_LEASE);
        JsonNode report = API.postNothing("/v1/queues/clean-src/cleanup").expect(200);

        assertThat(report)
                .isEqualTo(Api.parse(
                        "{\"queue_id\": \"clean-src\", \"expired\": 0, \"dead_lettered\": 1, \"dropped\": 0}"));
        assertThat(API.total("clean-src")).isZero();
        JsonNode dead = API.browse("clean-dlq");
        assertThat(dead).hasSize(1);
        assertThat(dead.get(0).get("id").asText()).isEqualTo(id);
        assertThat(API.postNothing("/v1/queues/clean-src/cleanup").expect(200))
                .as("nothing left to do")
                .isEqualTo(Api.parse(
                        "{\"queue_id\": \"clean-src\", \"expired\": 0, \"dead_lettered\": 0, \"dropped\": 0}"));
    }

    @Test
    void theCleanupDropsAnExhaustedMessageOfAQueueWithoutADeadLetterQueue() {
        API.createQueue("clean-drop", "'max_deliveries': 2");
        API.publish("clean-drop", "[{\"body\": 1}, {\"body\": 2}]");
        API.receive("clean-drop", 10);
        CLOCK.advance(PAST_THE_LEASE);
        API.receive("clean-drop", 1);
        CLOCK.advance(PAST_THE_LEASE);

        JsonNode report = API.postNothing("/v1/queues/clean-drop/cleanup").expect(200);

        // One had its two deliveries, the other only one: it stays.
        assertThat(report)
                .isEqualTo(Api.parse(
                        "{\"queue_id\": \"clean-drop\", \"expired\": 0, \"dead_lettered\": 0, \"dropped\": 1}"));
        assertThat(API.total("clean-drop")).isEqualTo(1);
        assertThat(API.receive("clean-drop", 10).get(0).get("delivery_attempts").asInt())
                .isEqualTo(2);
    }

    @Test
    void theCleanupOfAMissingQueueIs404() {
        assertThat(API.postNothing("/v1/queues/no-such-queue/cleanup").error(404))
                .contains("no-such-queue");
    }

    // ---- receipts of dead-lettered messages

    @Test
    void anAckWithAReceiptOfAMessageThatWasDeadLetteredFails() {
        API.createQueue("late-ack-dlq");
        API.createQueue("late-ack", "'max_deliveries': 1, 'dead_letter_queue_id': 'late-ack-dlq'");
        API.publish("late-ack", "[{\"body\": 1}, {\"body\": 2}]");
        JsonNode received = API.receive("late-ack", 10);
        CLOCK.advance(PAST_THE_LEASE);
        API.postNothing("/v1/queues/late-ack/cleanup").expect(200);

        String byCleanup = receipt(received.get(0));
        JsonNode outcome = API.ack("late-ack", byCleanup);

        assertThat(outcome.get("succeeded")).isEmpty();
        assertThat(outcome.get("failed")).hasSize(1);
        assertThat(outcome.get("failed").get(0).get("receipt").asText()).isEqualTo(byCleanup);
        assertThat(outcome.get("failed").get(0).get("reason").asText()).isNotBlank();
        // Nor does the receipt work on the dead-letter queue, and the message is still there.
        assertThat(API.ack("late-ack-dlq", byCleanup).get("succeeded")).isEmpty();
        assertThat(nack("late-ack", "{'receipts': %s}", receipt(received.get(1)))
                        .get("failed"))
                .hasSize(1);
        assertThat(API.browse("late-ack-dlq")).hasSize(2);
    }

    @Test
    void anAckAfterTheLastLeaseRanOutButBeforeTheMessageWasMovedStillSucceeds() {
        API.createQueue("just-late-dlq");
        API.createQueue("just-late", "'max_deliveries': 1, 'dead_letter_queue_id': 'just-late-dlq'");
        API.publish("just-late", "{\"body\": 1}");
        String receipt = receipt(API.receive("just-late", 1).get(0));
        CLOCK.advance(PAST_THE_LEASE);

        JsonNode outcome = API.ack("just-late", receipt);

        assertThat(Api.texts(outcome.get("succeeded"))).containsExactly(receipt);
        assertThat(API.receive("just-late", 1)).isEmpty();
        assertThat(API.total("just-late")).isZero();
        assertThat(API.total("just-late-dlq")).as("acked, so not dead-lettered").isZero();
    }

    @Test
    void aMessageInTheDeadLetterQueueCountsItsDeliveriesAfreshThere() {
        API.createQueue("second-dlq");
        API.createQueue("first-dlq", "'max_deliveries': 2, 'dead_letter_queue_id': 'second-dlq'");
        API.createQueue("chained", "'max_deliveries': 1, 'dead_letter_queue_id': 'first-dlq'");
        String id = API.publish("chained", "{\"body\": 1}").get(0).get("id").asText();
        API.receive("chained", 1);
        CLOCK.advance(PAST_THE_LEASE);
        assertThat(API.receive("chained", 1)).isEmpty();

        Set<Integer> attempts = new HashSet<>();
        for (int i = 0; i < 4; i++) {
            API.receive("first-dlq", 1)
                    .forEach(m -> attempts.add(m.get("delivery_attempts").asInt()));
            CLOCK.advance(PAST_THE_LEASE);
        }

        assertThat(attempts).containsExactlyInAnyOrder(1, 2);
        assertThat(API.total("first-dlq")).isZero();
        assertThat(API.browse("second-dlq").get(0).get("id").asText()).isEqualTo(id);
    }

    private static String receipt(JsonNode message) {
        return message.get("receipt").asText();
    }

    /** Nacks with a JSON template whose one {@code %s} takes the receipts array; answers the outcome. */
    private static JsonNode nack(String queueId, String template, String... receipts) {
        return API.post("/v1/queues/" + queueId + "/nack", j(template, Api.array(receipts)))
                .expect(200);
    }
}
