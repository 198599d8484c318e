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
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Receiving under a lease, ack, nack, extend, delays and labels; time moves only when the test moves CLOCK. */
@ExtendWith(DropwizardExtensionsSupport.class)
class ConsumeApiTest {
    static final TestDatabase DB = TestDatabase.create();
    static final MutableClock CLOCK = ConveyorTestApp.clock();
    static final DropwizardAppExtension<ConveyorConfiguration> APP = ConveyorTestApp.extension(DB, CLOCK);
    static final Api API = new Api(APP);

    static final List<String> MESSAGE_FIELDS = List.of(
            "id",
            "queue_id",
            "body",
            "attributes",
            "label",
            "delivery_attempts",
            "created_at",
            "lease_expires_at",
            "receipt",
            "dead_letter",
            "group_id",
            "sequence_number");

    @AfterAll
    static void dropDatabase() {
        DB.close();
    }

    // ---- receive

    @Test
    void aReceiveRightAfterAPutUsesTheNewSettingsThoughTheOldOnesWereJustRead() {
        API.createQueue("retimed", "'ack_deadline_seconds': 30");
        API.publish("retimed", "[{\"body\": 1}, {\"body\": 2}]");
        Instant first = CLOCK.instant();
        assertThat(Api.timestamp(API.receive("retimed", 1).get(0).get("lease_expires_at")))
                .isEqualTo(first.plusSeconds(30));

        API.put("/v1/queues/retimed", "{\"ack_deadline_seconds\": 90}").expect(200);

        Instant second = CLOCK.instant();
        assertThat(Api.timestamp(API.receive("retimed", 1).get(0).get("lease_expires_at")))
                .isEqualTo(second.plusSeconds(90));
    }

    @Test
    void aReceiveRightAfterTheQueueWasDeletedIs404() {
        API.createQueue("short-lived");
        assertThat(API.receive("short-lived", 1)).isEmpty();

        API.delete("/v1/queues/short-lived").expect(204);

        API.post("/v1/queues/short-lived/receive", "{}").expect(404);
    }

    @Test
    void receiveAnswersTheMessageWithEveryField() {
        API.createQueue("shape", "'ack_deadline_seconds': 45");
        Instant published = CLOCK.instant();
        String id = API.publish(
                        "shape", "{\"body\": {\"n\": 1}, \"attributes\": {\"status\": \"paid\"}, \"label\": \"red\"}")
                .get(0)
                .get("id")
                .asText();
        Instant receivedAt = CLOCK.advance(Duration.ofMillis(1500));

        JsonNode answer =
                API.post("/v1/queues/shape/receive", "{\"max_messages\": 10}").expect(200);

        assertThat(answer.properties()).extracting(e -> e.getKey()).containsExactly("data");
        assertThat(answer.get("data")).hasSize(1);
        JsonNode message = answer.get("data").get(0);
        assertThat(message.properties())
                .extracting(e -> e.getKey())
                .containsExactlyInAnyOrderElementsOf(MESSAGE_FIELDS);
        assertThat(message.get("id").asText()).isEqualTo(id);
        assertThat(message.get("queue_id").asText()).isEqualTo("shape");
        assertThat(message.get("body")).isEqualTo(Api.parse("{\"n\": 1}"));
        assertThat(message.get("attributes")).isEqualTo(Api.parse("{\"status\": \"paid\"}"));
        assertThat(message.get("label").asText()).isEqualTo("red");
        assertThat(message.get("delivery_attempts").isInt()).isTrue();
        assertThat(message.get("delivery_attempts").asInt()).isEqualTo(1);
        assertThat(Api.timestamp(message.get("created_at"))).isEqualTo(published);
        assertThat(Api.timestamp(message.get("lease_expires_at"))).isEqualTo(receivedAt.plusSeconds(45));
        assertThat(message.get("receipt").asText()).isNotBlank();
    }

    @Test
    void aMessageWithoutAttributesOrLabelHasEmptyAttributesAndANullLabel() {
        API.createQueue("plain");
        API.publish("plain", "{\"body\": \"x\"}");

        JsonNode message = API.receive("plain", 1).get(0);

        assertThat(message.properties())
                .extracting(e -> e.getKey())
                .containsExactlyInAnyOrderElementsOf(MESSAGE_FIELDS);
        assertThat(message.get("attributes")).isEqualTo(Api.parse("{}"));
        assertThat(message.get("label").isNull()).isTrue();
    }

    @Test
    void receiveTakesAtMostMaxMessagesOldestFirst() {
        API.createQueue("oldest");
        for (int i = 0; i < 5; i++) {
            API.publish("oldest", "{\"body\": " + i + "}");
            CLOCK.advance(Duration.ofMillis(10));
        }

        assertThat(bodies(API.receive("oldest", 2))).containsExactly(0, 1);
        assertThat(bodies(API.receive("oldest", 2))).containsExactly(2, 3);
        assertThat(bodies(API.receive("oldest", 10))).containsExactly(4);
        assertThat(API.receive("oldest", 10)).isEmpty();
    }

    @Test
    void aBatchPublishedAtOneInstantIsReceivedInRequestOrder() {
        API.createQueue("one-instant");
        API.publish("one-instant", "[{\"body\": 0}, {\"body\": 1}, {\"body\": 2}, {\"body\": 3}]");
        API.publish("one-instant", "{\"body\": 4}");

        assertThat(bodies(API.receive("one-instant", 100))).containsExactly(0, 1, 2, 3, 4);
    }

    @Test
    void aLeasedMessageIsNotReceivedAgainUntilTheLeaseEnds() {
        API.createQueue("lease", "'ack_deadline_seconds': 30");
        API.publish("lease", "{\"body\": 1}");
        JsonNode first = API.receive("lease", 10).get(0);

        assertThat(API.receive("lease", 10)).isEmpty();
        CLOCK.advance(Duration.ofSeconds(29));
        assertThat(API.receive("lease", 10)).isEmpty();
        CLOCK.advance(Duration.ofSeconds(2));
        JsonNode second = API.receive("lease", 10).get(0);

        assertThat(second.get("id")).isEqualTo(first.get("id"));
        assertThat(second.get("delivery_attempts").asInt()).isEqualTo(2);
        assertThat(second.get("receipt").asText())
                .isNotEqualTo(first.get("receipt").asText());
        assertThat(Api.timestamp(second.get("lease_expires_at")))
                .isEqualTo(CLOCK.instant().plusSeconds(30));
    }

    @Test
    void aReceiveWithALabelGetsOnlyMessagesWithThatLabel() {
        API.createQueue("labels");
        API.publish(
                "labels",
                "[{\"body\": 0, \"label\": \"red\"}, {\"body\": 1}, {\"body\": 2, \"label\": \"blue\"},"
                        + " {\"body\": 3, \"label\": \"red\"}, {\"body\": 4, \"label\": \"Red\"}]");

        JsonNode red = API.receive("labels", "{\"max_messages\": 10, \"label\": \"red\"}");
        assertThat(bodies(red)).containsExactly(0, 3);
        red.forEach(m -> assertThat(m.get("label").asText()).isEqualTo("red"));
        assertThat(API.receive("labels", "{\"max_messages\": 10, \"label\": \"red\"}"))
                .isEmpty();
        assertThat(API.receive("labels", "{\"max_messages\": 10, \"label\": \"green\"}"))
                .isEmpty();
        assertThat(bodies(API.receive("labels", "{\"max_messages\": 10, \"label\": null}")))
                .containsExactly(1, 2, 4);
    }

    @Test
    void receiveBoundsAre422NamingTheField() {
        API.createQueue("recv-bounds");
        API.publish("recv-bounds", "{\"body\": 1}");

        assertThat(API.post("/v1/queues/recv-bounds/receive", "{\"max_messages\": 0}")
                        .errors())
                .anySatisfy(e -> assertThat(e).contains("max_messages"));
        assertThat(API.post("/v1/queues/recv-bounds/receive", "{\"max_messages\": 101}")
                        .errors())
                .anySatisfy(e -> assertThat(e).contains("max_messages"));
        assertThat(API.post("/v1/queues/recv-bounds/receive", "{\"wait_seconds\": 21}")
                        .errors())
                .anySatisfy(e -> assertThat(e).contains("wait_seconds"));
        assertThat(API.post("/v1/queues/recv-bounds/receive", "{\"wait_seconds\": -1}")
                        .errors())
                .anySatisfy(e -> assertThat(e).contains("wait_seconds"));
        assertThat(API.post("/v1/queues/recv-bounds/receive", "{\"max_messages\": \"5\"}")
                        .errors())
                .anySatisfy(e -> assertThat(e).contains("max_messages"));
        assertThat(API.post("/v1/queues/recv-bounds/receive", "{\"label\": \"" + "l".repeat(129) + "\"}")
                        .errors())
                .anySatisfy(e -> assertThat(e).contains("label"));
        List<String> both = API.post("/v1/queues/recv-bounds/receive", "{\"max_messages\": 101, \"wait_seconds\": 21}")
                .errors();
        assertThat(both).anySatisfy(e -> assertThat(e).contains("max_messages"));
        assertThat(both).anySatisfy(e -> assertThat(e).contains("wait_seconds"));
        assertThat(API.post("/v1/queues/recv-bounds/receive", "{\"max_message\": 5}")
                        .error(400))
                .contains("max_message");
        // Nothing was leased by the refused requests.
        assertThat(API.stats("recv-bounds").get("available").asInt()).isEqualTo(1);

        assertThat(API.receive("recv-bounds", "{\"max_messages\": 100, \"wait_seconds\": 0}"))
                .hasSize(1);
    }

    /** A well-formed number beyond a field's bounds is a validation failure naming the field, not malformed JSON. */
    @Test
    void aNumberBeyondTheRangeOfTheFieldsTypeIs422NamingTheField() {
        API.createQueue("huge-numbers");
        API.publish("huge-numbers", "{\"body\": 1}");

        assertThat(API.post("/v1/queues/huge-numbers/receive", "{\"max_messages\": 99999999999}")
                        .errors())
                .anySatisfy(e -> assertThat(e).contains("max_messages"));
        String receipt = API.receive("huge-numbers", 1).get(0).get("receipt").asText();
        assertThat(API.post(
                                "/v1/queues/huge-numbers/extend",
                                j("{'receipts': %s, 'seconds': 99999999999}", Api.array(receipt)))
                        .errors())
                .anySatisfy(e -> assertThat(e).contains("seconds"));
        assertThat(API.post(
                                "/v1/queues/huge-numbers/nack",
                                j("{'receipts': %s, 'delay_seconds': 99999999999}", Api.array(receipt)))
                        .errors())
                .anySatisfy(e -> assertThat(e).contains("delay_seconds"));
        assertThat(API.stats("huge-numbers").get("in_flight").asInt()).isEqualTo(1);
    }

    @Test
    void aMessageOlderThanTheQueuesRetentionIsNeverDelivered() {
        API.createQueue("retention", "'message_retention_seconds': 60");
        API.publish("retention", "{\"body\": 1}");
        CLOCK.advance(Duration.ofSeconds(30));
        API.publish("retention", "{\"body\": 2}");
        CLOCK.advance(Duration.ofSeconds(31));

        assertThat(bodies(API.receive("retention", 10))).containsExactly(2);
    }

    @Test
    void receiveOnAMissingQueueIs404NamingIt() {
        assertThat(API.post("/v1/queues/no-such-queue/receive", "{}").error(404))
                .contains("no-such-queue");
    }

    @Test
    void receiveWithoutAnyBodyUsesTheDefaults() {
        API.createQueue("no-body");
        API.publish("no-body", "[{\"body\": 1}, {\"body\": 2}]");

        JsonNode data =
                API.postNothing("/v1/queues/no-body/receive").expect(200).get("data");
        assertThat(bodies(data)).containsExactly(1); // max_messages defaults to 1

        JsonNode empty = API.post("/v1/queues/no-body/receive", "").expect(200).get("data");
        assertThat(bodies(empty)).containsExactly(2);
    }

    // ---- ack

    @Test
    void ackWithTheCurrentReceiptDeletesTheMessage() {
        API.createQueue("ack");
        API.publish("ack", "[{\"body\": 1}, {\"body\": 2}]");
        JsonNode received = API.receive("ack", 2);
        String r1 = received.get(0).get("receipt").asText();
        String r2 = received.get(1).get("receipt").asText();

        JsonNode outcome = API.post("/v1/queues/ack/ack", j("{'receipts': %s}", Api.array(r1, r2)))
                .expect(200);

        assertThat(outcome.properties()).extracting(e -> e.getKey()).containsExactlyInAnyOrder("succeeded", "failed");
        assertThat(Api.texts(outcome.get("succeeded"))).containsExactlyInAnyOrder(r1, r2);
        assertThat(outcome.get("failed").isArray()).isTrue();
        assertThat(outcome.get("failed")).isEmpty();
        assertThat(API.total("ack")).isZero();
        assertThat(API.browse("ack")).isEmpty();
        CLOCK.advance(Duration.ofSeconds(60));
        assertThat(API.receive("ack", 10)).isEmpty();
    }

    @Test
    void ackWithAStaleReceiptFailsAndChangesNothing() {
        API.createQueue("stale", "'ack_deadline_seconds': 10");
        API.publish("stale", "{\"body\": 1}");
        String old = API.receive("stale", 1).get(0).get("receipt").asText();
        CLOCK.advance(Duration.ofSeconds(11));
        String current = API.receive("stale", 1).get(0).get("receipt").asText();

        JsonNode outcome = API.ack("stale", old);

        assertThat(outcome.get("succeeded")).isEmpty();
        assertThat(outcome.get("failed")).hasSize(1);
        JsonNode failure = outcome.get("failed").get(0);
        assertThat(failure.properties()).extracting(e -> e.getKey()).containsExactlyInAnyOrder("receipt", "reason");
        assertThat(failure.get("receipt").asText()).isEqualTo(old);
        assertThat(failure.get("reason").asText()).isEqualTo("receipt_not_current");
        assertThat(API.total("stale")).isEqualTo(1);
        assertThat(API.stats("stale").get("in_flight").asInt()).isEqualTo(1);

        assertThat(Api.texts(API.ack("stale", current).get("succeeded"))).containsExactly(current);
        assertThat(API.total("stale")).isZero();
        // A receipt of a message acked already is no longer current either.
        assertThat(API.ack("stale", current).get("failed").get(0).get("reason").asText())
                .isEqualTo("receipt_not_current");
    }

    @Test
    void anAckAfterTheLeaseEndedButBeforeAnotherReceiveSucceeds() {
        API.createQueue("late-ack", "'ack_deadline_seconds': 5");
        API.publish("late-ack", "{\"body\": 1}");
        String receipt = API.receive("late-ack", 1).get(0).get("receipt").asText();
        CLOCK.advance(Duration.ofSeconds(60));
        assertThat(API.stats("late-ack").get("available").asInt()).isEqualTo(1);

        JsonNode outcome = API.ack("late-ack", receipt);

        assertThat(Api.texts(outcome.get("succeeded"))).containsExactly(receipt);
        assertThat(outcome.get("failed")).isEmpty();
        assertThat(API.total("late-ack")).isZero();
        assertThat(API.receive("late-ack", 1)).isEmpty();
    }

    @Test
    void nackAndExtendAfterTheLeaseEndedButBeforeAnotherReceiveSucceed() {
        API.createQueue("late-settle", "'ack_deadline_seconds': 5");
        API.publish("late-settle", "[{\"body\": 1}, {\"body\": 2}]");
        JsonNode leased = API.receive("late-settle", 2);
        String first = leased.get(0).get("receipt").asText();
        String second = leased.get(1).get("receipt").asText();
        CLOCK.advance(Duration.ofSeconds(10));

        JsonNode extended = API.post(
                        "/v1/queues/late-settle/extend", j("{'receipts': %s, 'seconds': 60}", Api.array(first)))
                .expect(200);
        JsonNode nacked = API.post(
                        "/v1/queues/late-settle/nack", j("{'receipts': %s, 'delay_seconds': 30}", Api.array(second)))
                .expect(200);

        assertThat(Api.texts(extended.get("succeeded"))).containsExactly(first);
        assertThat(Api.texts(nacked.get("succeeded"))).containsExactly(second);
        assertThat(API.receive("late-settle", 10)).isEmpty();
        JsonNode stats = API.stats("late-settle");
        assertThat(stats.get("in_flight").asInt()).isEqualTo(1);
        assertThat(stats.get("delayed").asInt()).isEqualTo(1);
    }

    @Test
    void aReceiptOfAnotherQueueFailsAndChangesNothing() {
        API.createQueue("mine");
        API.createQueue("theirs");
        API.publish("mine", "{\"body\": 1}");
        API.publish("theirs", "{\"body\": 2}");
        String theirs = API.receive("theirs", 1).get(0).get("receipt").asText();
        API.receive("mine", 1);

        for (String call : List.of("ack", "nack", "extend")) {
            JsonNode outcome = API.post(
                            "/v1/queues/mine/" + call,
                            j("{'receipts': %s%s}", Api.array(theirs), call.equals("extend") ? ", \"seconds\": 0" : ""))
                    .expect(200);
            assertThat(outcome.get("succeeded")).as(call).isEmpty();
            assertThat(outcome.get("failed").get(0).get("receipt").asText()).isEqualTo(theirs);
            assertThat(outcome.get("failed").get(0).get("reason").asText()).isEqualTo("receipt_not_current");
        }
        assertThat(API.total("theirs")).isEqualTo(1);
        assertThat(API.stats("theirs").get("in_flight").asInt()).isEqualTo(1);
        assertThat(API.stats("mine").get("in_flight").asInt()).isEqualTo(1);
    }

    @Test
    void aMalformedReceiptFailsAsMalformedNextToGoodOnes() {
        API.createQueue("malformed");
        API.publish("malformed", "{\"body\": 1}");
        String good = API.receive("malformed", 1).get(0).get("receipt").asText();

        JsonNode outcome = API.ack("malformed", "not-a-receipt", good, "");

        assertThat(Api.texts(outcome.get("succeeded"))).containsExactly(good);
        assertThat(outcome.get("failed")).hasSize(2);
        assertThat(outcome.get("failed").get(0).get("receipt").asText()).isEqualTo("not-a-receipt");
        assertThat(outcome.get("failed").get(0).get("reason").asText()).isEqualTo("malformed_receipt");
        assertThat(outcome.get("failed").get(1).get("receipt").asText()).isEqualTo("");
        assertThat(outcome.get("failed").get(1).get("reason").asText()).isEqualTo("malformed_receipt");
        assertThat(API.total("malformed")).isZero();
    }

    @Test
    void zeroOrMoreThan1000ReceiptsAre422() {
        API.createQueue("receipt-count");
        API.publish("receipt-count", "{\"body\": 1}");
        String receipt = API.receive("receipt-count", 1).get(0).get("receipt").asText();
        String[] tooMany = Collections.nCopies(1001, receipt).toArray(String[]::new);
        String[] most = Collections.nCopies(1000, "x").toArray(String[]::new);

        for (String call : List.of("ack", "nack", "extend")) {
            String extra = call.equals("extend") ? ", \"seconds\": 10" : "";
            assertThat(API.post("/v1/queues/receipt-count/" + call, "{\"receipts\": []" + extra + "}")
                            .errors())
                    .as(call)
                    .anySatisfy(e -> assertThat(e).contains("receipts"));
            assertThat(API.post(
                                    "/v1/queues/receipt-count/" + call,
                                    "{\"receipts\": " + Api.array(tooMany) + extra + "}")
                            .errors())
                    .as(call)
                    .anySatisfy(e -> assertThat(e).contains("receipts"));
            assertThat(API.post("/v1/queues/receipt-count/" + call, "{" + extra.replaceFirst("^, ", "") + "}")
                            .errors())
                    .as(call)
                    .anySatisfy(e -> assertThat(e).contains("receipts"));
            assertThat(API.post("/v1/queues/receipt-count/" + call, "{\"receipts\": " + Api.array(most) + extra + "}")
                            .expect(200)
                            .get("failed"))
                    .hasSize(1000);
        }
        assertThat(API.stats("receipt-count").get("in_flight").asInt()).isEqualTo(1);
    }

    @Test
    void ackNackAndExtendOnAMissingQueueAre404() {
        for (String call : List.of("ack", "nack", "extend")) {
            String body = call.equals("extend") ? "{\"receipts\": [\"x\"], \"seconds\": 1}" : "{\"receipts\": [\"x\"]}";
            assertThat(API.post("/v1/queues/gone-q/" + call, body).error(404))
                    .as(call)
                    .contains("gone-q");
        }
    }

    // ---- nack

    @Test
    void nackWithADelayMakesTheMessageVisibleAfterIt() {
        API.createQueue("nack-delay");
        API.publish("nack-delay", "{\"body\": 1}");
        String receipt = API.receive("nack-delay", 1).get(0).get("receipt").asText();

        JsonNode outcome = API.post(
                        "/v1/queues/nack-delay/nack", j("{'receipts': %s, 'delay_seconds': 10}", Api.array(receipt)))
                .expect(200);

        assertThat(Api.texts(outcome.get("succeeded"))).containsExactly(receipt);
        assertThat(outcome.get("failed")).isEmpty();
        assertThat(API.stats("nack-delay").get("delayed").asInt()).isEqualTo(1);
        assertThat(API.receive("nack-delay", 1)).isEmpty();
        CLOCK.advance(Duration.ofSeconds(9));
        assertThat(API.receive("nack-delay", 1)).isEmpty();
        CLOCK.advance(Duration.ofSeconds(1));
        JsonNode again = API.receive("nack-delay", 1);
        assertThat(again).hasSize(1);
        assertThat(again.get(0).get("delivery_attempts").asInt()).isEqualTo(2);
        // The nacked delivery's receipt is stale now.
        assertThat(API.ack("nack-delay", receipt)
                        .get("failed")
                        .get(0)
                        .get("reason")
                        .asText())
                .isEqualTo("receipt_not_current");
    }

    @Test
    void nackWithDelayZeroMakesTheMessageVisibleAtOnce() {
        API.createQueue("nack-zero", "'backoff_min_seconds': 60, 'backoff_max_seconds': 60");
        API.publish("nack-zero", "{\"body\": 1}");
        String receipt = API.receive("nack-zero", 1).get(0).get("receipt").asText();

        API.post("/v1/queues/nack-zero/nack", j("{'receipts': %s, 'delay_seconds': 0}", Api.array(receipt)))
                .expect(200);

        assertThat(API.receive("nack-zero", 1)).hasSize(1);
    }

    @Test
    void nackWithoutADelayUsesTheQueuesBackoff() {
        API.createQueue("backoff", "'backoff_min_seconds': 2, 'backoff_max_seconds': 10, 'ack_deadline_seconds': 600");
        API.publish("backoff", "{\"body\": 1}");

        // n-th delivery nacked: visible after min(10, 2 * 2^(n-1)) seconds: 2, 4, 8, 10.
        for (int wait : new int[] {2, 4, 8, 10}) {
            JsonNode message = API.receive("backoff", 1).get(0);
            API.post(
                            "/v1/queues/backoff/nack",
                            j(
                                    "{'receipts': %s}",
                                    Api.array(message.get("receipt").asText())))
                    .expect(200);
            CLOCK.advance(Duration.ofSeconds(wait - 1));
            assertThat(API.receive("backoff", 1))
                    .as("%d s after a nack that waits %d s", wait - 1, wait)
                    .isEmpty();
            CLOCK.advance(Duration.ofSeconds(1));
            assertThat(API.stats("backoff").get("available").asInt())
                    .as("after %d s", wait)
                    .isEqualTo(1);
        }
        assertThat(API.receive("backoff", 1).get(0).get("delivery_attempts").asInt())
                .isEqualTo(5);
    }

    @Test
    void nackWithoutBackoffMakesTheMessageVisibleAtOnce() {
        API.createQueue("no-backoff");
        API.publish("no-backoff", "{\"body\": 1}");
        String receipt = API.receive("no-backoff", 1).get(0).get("receipt").asText();

        API.post("/v1/queues/no-backoff/nack", j("{'receipts': %s, 'delay_seconds': null}", Api.array(receipt)))
                .expect(200);

        assertThat(API.receive("no-backoff", 1).get(0).get("delivery_attempts").asInt())
                .isEqualTo(2);
    }

    @Test
    void nackWithABadDelayIs422AndKeepsTheLease() {
        API.createQueue("nack-bad");
        API.publish("nack-bad", "{\"body\": 1}");
        String receipt = API.receive("nack-bad", 1).get(0).get("receipt").asText();

        assertThat(API.post("/v1/queues/nack-bad/nack", j("{'receipts': %s, 'delay_seconds': -1}", Api.array(receipt)))
                        .errors())
                .anySatisfy(e -> assertThat(e).contains("delay_seconds"));
        assertThat(API.post(
                                "/v1/queues/nack-bad/nack",
                                j("{'receipts': %s, 'delay_seconds': 43201}", Api.array(receipt)))
                        .errors())
                .anySatisfy(e -> assertThat(e).contains("delay_seconds"));
        assertThat(API.post("/v1/queues/nack-bad/nack", j("{'receipts': %s, 'delay': 5}", Api.array(receipt)))
                        .error(400))
                .contains("delay");

        assertThat(API.stats("nack-bad").get("in_flight").asInt()).isEqualTo(1);
    }

    // ---- extend

    @Test
    void extendKeepsTheMessageLeasedPastItsOriginalDeadline() {
        API.createQueue("extend", "'ack_deadline_seconds': 30");
        API.publish("extend", "{\"body\": 1}");
        String receipt = API.receive("extend", 1).get(0).get("receipt").asText();
        CLOCK.advance(Duration.ofSeconds(20));

        JsonNode outcome = API.post(
                        "/v1/queues/extend/extend", j("{'receipts': %s, 'seconds': 60}", Api.array(receipt)))
                .expect(200);

        assertThat(Api.texts(outcome.get("succeeded"))).containsExactly(receipt);
        assertThat(outcome.get("failed")).isEmpty();
        assertThat(Api.timestamp(API.browse("extend").get(0).get("lease_expires_at")))
                .isEqualTo(CLOCK.instant().plusSeconds(60));
        CLOCK.advance(Duration.ofSeconds(15)); // past the original deadline
        assertThat(API.receive("extend", 1)).isEmpty();
        CLOCK.advance(Duration.ofSeconds(44));
        assertThat(API.receive("extend", 1)).isEmpty();
        CLOCK.advance(Duration.ofSeconds(1));
        assertThat(API.receive("extend", 1)).hasSize(1);
    }

    @Test
    void theExtendedReceiptStillAcks() {
        API.createQueue("extend-ack");
        API.publish("extend-ack", "{\"body\": 1}");
        String receipt = API.receive("extend-ack", 1).get(0).get("receipt").asText();
        API.post("/v1/queues/extend-ack/extend", j("{'receipts': %s, 'seconds': 120}", Api.array(receipt)))
                .expect(200);
        CLOCK.advance(Duration.ofSeconds(100));

        assertThat(Api.texts(API.ack("extend-ack", receipt).get("succeeded"))).containsExactly(receipt);
        assertThat(API.total("extend-ack")).isZero();
    }

    @Test
    void extendByZeroReleasesTheMessageAtOnce() {
        API.createQueue("extend-zero");
        API.publish("extend-zero", "{\"body\": 1}");
        String receipt = API.receive("extend-zero", 1).get(0).get("receipt").asText();

        API.post("/v1/queues/extend-zero/extend", j("{'receipts': %s, 'seconds': 0}", Api.array(receipt)))
                .expect(200);

        JsonNode again = API.receive("extend-zero", 1);
        assertThat(again).hasSize(1);
        assertThat(again.get(0).get("delivery_attempts").asInt()).isEqualTo(2);
    }

    @Test
    void extendWithAStaleReceiptFails() {
        API.createQueue("extend-stale", "'ack_deadline_seconds': 5");
        API.publish("extend-stale", "{\"body\": 1}");
        String old = API.receive("extend-stale", 1).get(0).get("receipt").asText();
        CLOCK.advance(Duration.ofSeconds(6));
        JsonNode current = API.receive("extend-stale", 1).get(0);

        JsonNode outcome = API.post(
                        "/v1/queues/extend-stale/extend", j("{'receipts': %s, 'seconds': 0}", Api.array(old)))
                .expect(200);

        assertThat(outcome.get("succeeded")).isEmpty();
        assertThat(outcome.get("failed").get(0).get("reason").asText()).isEqualTo("receipt_not_current");
        assertThat(API.browse("extend-stale").get(0).get("lease_expires_at"))
                .isEqualTo(current.get("lease_expires_at"));
        assertThat(API.receive("extend-stale", 1)).isEmpty();
    }

    @Test
    void extendWithoutSecondsOrWithBadSecondsIs422() {
        API.createQueue("extend-bad");
        API.publish("extend-bad", "{\"body\": 1}");
        String receipt = API.receive("extend-bad", 1).get(0).get("receipt").asText();

        assertThat(API.post("/v1/queues/extend-bad/extend", j("{'receipts': %s}", Api.array(receipt)))
                        .errors())
                .anySatisfy(e -> assertThat(e).contains("seconds"));
        assertThat(API.post("/v1/queues/extend-bad/extend", j("{'receipts': %s, 'seconds': -1}", Api.array(receipt)))
                        .errors())
                .anySatisfy(e -> assertThat(e).contains("seconds"));
        assertThat(API.post("/v1/queues/extend-bad/extend", j("{'receipts': %s, 'seconds': 43201}", Api.array(receipt)))
                        .errors())
                .anySatisfy(e -> assertThat(e).contains("seconds"));
        assertThat(API.post("/v1/queues/extend-bad/extend", j("{'receipts': %s, 'seconds': '60'}", Api.array(receipt)))
                        .errors())
                .anySatisfy(e -> assertThat(e).contains("seconds"));

        assertThat(API.stats("extend-bad").get("in_flight").asInt()).isEqualTo(1);
    }

    // ---- delivery delay

    @Test
    void theQueuesDeliveryDelayHoldsNewMessagesBack() {
        API.createQueue("queue-delay", "'delivery_delay_seconds': 5");
        API.publish("queue-delay", "{\"body\": 1}");

        assertThat(API.receive("queue-delay", 1)).isEmpty();
        assertThat(API.stats("queue-delay").get("delayed").asInt()).isEqualTo(1);
        CLOCK.advance(Duration.ofSeconds(4));
        assertThat(API.receive("queue-delay", 1)).isEmpty();
        CLOCK.advance(Duration.ofSeconds(1));
        assertThat(API.receive("queue-delay", 1)).hasSize(1);
    }

    @Test
    void aMessagesDelaySecondsOverridesTheQueuesDelay() {
        API.createQueue("message-delay", "'delivery_delay_seconds': 5");
        API.publish(
                "message-delay",
                "[{\"body\": \"later\", \"delay_seconds\": 20}, {\"body\": \"now\", \"delay_seconds\": 0},"
                        + " {\"body\": \"default\"}]");

        assertThat(API.receive("message-delay", 10))
                .extracting(m -> m.get("body").asText())
                .containsExactly("now");
        CLOCK.advance(Duration.ofSeconds(5));
        assertThat(API.receive("message-delay", 10))
                .extracting(m -> m.get("body").asText())
                .containsExactly("default");
        CLOCK.advance(Duration.ofSeconds(14));
        assertThat(API.receive("message-delay", 10)).isEmpty();
        CLOCK.advance(Duration.ofSeconds(1));
        assertThat(API.receive("message-delay", 10))
                .extracting(m -> m.get("body").asText())
                .containsExactly("later");
    }

    private static List<Integer> bodies(JsonNode messages) {
        return java.util.stream.StreamSupport.stream(messages.spliterator(), false)
                .map(m -> m.get("body").asInt())
                .toList();
    }
}
