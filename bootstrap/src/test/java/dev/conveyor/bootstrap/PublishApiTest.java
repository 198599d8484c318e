package dev.conveyor.bootstrap;

import static dev.conveyor.bootstrap.Api.j;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.conveyor.application.fakes.MutableClock;
import dev.conveyor.postgres.testing.TestDatabase;
import io.dropwizard.testing.junit5.DropwizardAppExtension;
import io.dropwizard.testing.junit5.DropwizardExtensionsSupport;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Publishing to a queue and to a topic: the answer, bounds, atomic batches, fan-out, malformed JSON, capacity. */
@ExtendWith(DropwizardExtensionsSupport.class)
class PublishApiTest {
    static final TestDatabase DB = TestDatabase.create();
    static final MutableClock CLOCK = ConveyorTestApp.clock();
    static final DropwizardAppExtension<ConveyorConfiguration> APP = ConveyorTestApp.extension(DB, CLOCK);
    static final Api API = new Api(APP);

    static final int MAX_BODY = 256 * 1024;

    @AfterAll
    static void dropDatabase() {
        DB.close();
    }

    // ---- the answer

    @Test
    void publishingOneObjectAnswers201WithAUuidV7AndTheQueue() {
        API.createQueue("one");

        JsonNode answer = API.post("/v1/queues/one/messages", "{\"body\": {\"order\": 42}}")
                .expect(201);

        assertThat(answer.properties()).extracting(e -> e.getKey()).containsExactly("data");
        assertThat(answer.get("data")).hasSize(1);
        JsonNode published = answer.get("data").get(0);
        assertThat(published.properties()).extracting(e -> e.getKey()).containsExactlyInAnyOrder("id", "queue_ids");
        UUID id = uuidV7(published.get("id"));
        assertThat(Api.texts(published.get("queue_ids"))).containsExactly("one");
        JsonNode stored = API.browse("one");
        assertThat(stored).hasSize(1);
        assertThat(stored.get(0).get("id").asText()).isEqualTo(id.toString());
        assertThat(stored.get(0).get("body")).isEqualTo(Api.parse("{\"order\": 42}"));
    }

    @Test
    void anArrayOfThreeAnswersThreeResultsInRequestOrder() {
        API.createQueue("three");

        JsonNode data = API.publish("three", "[{\"body\": \"first\"}, {\"body\": \"second\"}, {\"body\": \"third\"}]");

        assertThat(data).hasSize(3);
        List<UUID> ids = new ArrayList<>();
        for (JsonNode published : data) {
            ids.add(uuidV7(published.get("id")));
            assertThat(Api.texts(published.get("queue_ids"))).containsExactly("three");
        }
        assertThat(ids).doesNotHaveDuplicates();
        assertThat(ids.stream().map(UUID::toString).toList()).isSorted(); // time-ordered, in request order
        JsonNode stored = API.browse("three");
        assertThat(stored).hasSize(3);
        for (int i = 0; i < 3; i++) {
            assertThat(stored.get(i).get("id").asText()).isEqualTo(ids.get(i).toString());
        }
        assertThat(stored).extracting(m -> m.get("body").asText()).containsExactly("first", "second", "third");
    }

    @Test
    void aBatchOf100IsAcceptedAndOf0Or101IsRefusedStoringNothing() {
        API.createQueue("batch-size");

        assertThat(API.post("/v1/queues/batch-size/messages", "[]").errors())
                .anySatisfy(e -> assertThat(e).contains("1 to 100"));
        assertThat(API.post("/v1/queues/batch-size/messages", batch(101)).errors())
                .anySatisfy(e -> assertThat(e).contains("1 to 100"));
        assertThat(API.total("batch-size")).isZero();

        assertThat(API.publish("batch-size", batch(100))).hasSize(100);
        assertThat(API.total("batch-size")).isEqualTo(100);
    }

    // ---- bodies

    @ParameterizedTest
    @ValueSource(
            strings = {
                "{\"order\": 42, \"items\": [1, 2.50, {\"sku\": \"x\"}], \"nested\": {\"empty\": {}, \"none\": null}}",
                "[1, \"two\", 3.0, null, false, [], {}]",
                "\"a string with \\\"quotes\\\", a \\\\ backslash, a\\nnewline, caf\u00e9 and \\ud83d\\ude80\"",
                "1.10",
                "12345678901234567890123456789",
                "-0.5e-7",
                "0",
                "true",
                "false",
                "null",
                "\"\"",
                "\"\\\\u0000 is just text here\""
            })
    void everyKindOfJsonBodyComesBackAsTheSameValue(String body) {
        String queue = "kind-" + Integer.toHexString(body.hashCode());
        API.createQueue(queue);
        JsonNode expected = Api.parse(body);

        API.publish(queue, "{\"body\": " + body + "}");

        JsonNode browsed = API.browse(queue).get(0).get("body");
        JsonNode received = API.receive(queue, 1).get(0).get("body");
        for (JsonNode actual : List.of(browsed, received)) {
            assertThat(actual).isEqualTo(expected);
            if (!expected.isContainerNode()) {
                assertThat(actual.toString()).as("digits and escapes kept").isEqualTo(expected.toString());
            }
        }
    }

    @Test
    void numbersKeepTheirDigitsOnTheWire() {
        API.createQueue("digits");
        API.publish("digits", "{\"body\": 1.10}");

        String browsed = API.get("/v1/queues/digits/messages").expect(200).toString();
        String browsedText = API.get("/v1/queues/digits/messages").text();
        String receivedText = API.post("/v1/queues/digits/receive", "{}").text();

        assertThat(browsed).contains("1.10");
        assertThat(browsedText.replace(" ", "")).contains("\"body\":1.10");
        assertThat(receivedText.replace(" ", "")).contains("\"body\":1.10");
    }

    @Test
    void aBodyOfExactly256KibAsJsonIsAcceptedAndOneByteMoreIsRefused() {
        API.createQueue("big-body");
        String atBound = "\"" + "a".repeat(MAX_BODY - 2) + "\"";
        String overBound = "\"" + "a".repeat(MAX_BODY - 1) + "\"";

        assertThat(API.post("/v1/queues/big-body/messages", "{\"body\": " + overBound + "}")
                        .errors())
                .anySatisfy(e -> assertThat(e).contains("body"));
        assertThat(API.total("big-body")).isZero();

        API.publish("big-body", "{\"body\": " + atBound + "}");
        assertThat(API.receive("big-body", 1).get(0).get("body").asText()).hasSize(MAX_BODY - 2);
    }

    @Test
    void aMissingBodyIs422NamingIt() {
        API.createQueue("no-body");
        assertThat(API.post("/v1/queues/no-body/messages", "{\"label\": \"x\"}").errors())
                .anySatisfy(e -> assertThat(e).contains("body"));
        assertThat(API.total("no-body")).isZero();
    }

    // ---- attributes, label, delay

    @Test
    void attributesMustBeStrings() {
        API.createQueue("attr-type");
        for (String value : List.of("1", "true", "null", "{}", "[\"x\"]")) {
            assertThat(API.post(
                                    "/v1/queues/attr-type/messages",
                                    "{\"body\": 1, \"attributes\": {\"k\": " + value + "}}")
                            .errors())
                    .as("attribute value %s", value)
                    .anySatisfy(e -> assertThat(e).contains("attributes"));
        }
        assertThat(API.total("attr-type")).isZero();
    }

    @Test
    void atMost32AttributesWithBoundedKeysAndValues() {
        API.createQueue("attr-bounds");

        assertThat(API.post("/v1/queues/attr-bounds/messages", "{\"body\": 1, \"attributes\": " + attributes(33) + "}")
                        .errors())
                .anySatisfy(e -> assertThat(e).contains("attributes"));
        assertThat(API.post(
                                "/v1/queues/attr-bounds/messages",
                                j("{'body': 1, 'attributes': {'%s': 'v'}}", "k".repeat(129)))
                        .errors())
                .anySatisfy(e -> assertThat(e).contains("attributes"));
        assertThat(API.post(
                                "/v1/queues/attr-bounds/messages",
                                j("{'body': 1, 'attributes': {'k': '%s'}}", "v".repeat(1025)))
                        .errors())
                .anySatisfy(e -> assertThat(e).contains("attributes"));
        assertThat(API.total("attr-bounds")).isZero();

        API.publish("attr-bounds", "{\"body\": 1, \"attributes\": " + attributes(32) + "}");
        API.publish("attr-bounds", j("{'body': 2, 'attributes': {'%s': '%s'}}", "k".repeat(128), "v".repeat(1024)));
        JsonNode received = API.receive("attr-bounds", 2);
        assertThat(received.get(0).get("attributes")).isEqualTo(Api.parse(attributes(32)));
        assertThat(received.get(1).get("attributes").get("k".repeat(128)).asText())
                .hasSize(1024);
    }

    @Test
    void aLabelOf129CharactersIsRefusedAnd128Accepted() {
        API.createQueue("label-bounds");

        assertThat(API.post("/v1/queues/label-bounds/messages", j("{'body': 1, 'label': '%s'}", "l".repeat(129)))
                        .errors())
                .anySatisfy(e -> assertThat(e).contains("label"));
        assertThat(API.post("/v1/queues/label-bounds/messages", "{\"body\": 1, \"label\": 7}")
                        .errors())
                .anySatisfy(e -> assertThat(e).contains("label"));
        assertThat(API.total("label-bounds")).isZero();

        API.publish("label-bounds", j("{'body': 1, 'label': '%s'}", "l".repeat(128)));
        assertThat(API.receive("label-bounds", 1).get(0).get("label").asText()).hasSize(128);
    }

    @Test
    void delaySecondsIsBetween0And900() {
        API.createQueue("delay-bounds");

        for (String bad : List.of("901", "-1", "\"5\"", "1.5")) {
            assertThat(API.post("/v1/queues/delay-bounds/messages", "{\"body\": 1, \"delay_seconds\": " + bad + "}")
                            .errors())
                    .as("delay_seconds %s", bad)
                    .anySatisfy(e -> assertThat(e).contains("delay_seconds"));
        }
        assertThat(API.total("delay-bounds")).isZero();

        API.publish("delay-bounds", "[{\"body\": 1, \"delay_seconds\": 900}, {\"body\": 2, \"delay_seconds\": 0}]");
        assertThat(API.stats("delay-bounds").get("delayed").asLong()).isEqualTo(1);
        assertThat(API.stats("delay-bounds").get("available").asLong()).isEqualTo(1);
    }

    /** A well-formed number beyond a field's bounds is a validation failure naming the field, not malformed JSON. */
    @Test
    void aDelayBeyondTheRangeOfAnIntegerIs422NamingIt() {
        API.createQueue("huge-delay");

        assertThat(API.post("/v1/queues/huge-delay/messages", "{\"body\": 1, \"delay_seconds\": 99999999999}")
                        .errors())
                .anySatisfy(e -> assertThat(e).contains("delay_seconds"));
        assertThat(API.post(
                                "/v1/queues/huge-delay/messages",
                                "[{\"body\": 1}, {\"body\": 2, \"delay_seconds\": 99999999999}]")
                        .errors())
                .anySatisfy(e -> assertThat(e).startsWith("[1].").contains("delay_seconds"));
        assertThat(API.total("huge-delay")).isZero();
    }

    @Test
    void anUnknownFieldInAMessageIs400NamingIt() {
        API.createQueue("msg-unknown");
        assertThat(API.post("/v1/queues/msg-unknown/messages", "{\"body\": 1, \"delay\": 5}")
                        .error(400))
                .contains("delay");
        assertThat(API.post("/v1/queues/msg-unknown/messages", "[{\"body\": 1}, {\"body\": 2, \"lable\": \"x\"}]")
                        .error(400))
                .contains("lable");
        assertThat(API.total("msg-unknown")).isZero();
    }

    // ---- atomic batches

    @Test
    void anInvalidMessageInABatchIsReportedByIndexAndNothingOfTheBatchIsStored() {
        API.createQueue("atomic");

        List<String> errors = API.post(
                        "/v1/queues/atomic/messages",
                        "[{\"body\": 1},"
                                + j("{'body': 2, 'label': '%s'}, {'body': 3}, {'label': 'no body'}]", "l".repeat(129)))
                .errors();

        assertThat(errors).anySatisfy(e -> assertThat(e).startsWith("[1].").contains("label"));
        assertThat(errors).anySatisfy(e -> assertThat(e).startsWith("[3].").contains("body"));
        assertThat(errors).noneSatisfy(e -> assertThat(e).startsWith("[0]"));
        assertThat(errors).noneSatisfy(e -> assertThat(e).startsWith("[2]"));
        assertThat(API.total("atomic")).isZero();
    }

    @Test
    void aWrongTypeInABatchIsReportedWithItsIndex() {
        API.createQueue("atomic-type");

        List<String> errors = API.post(
                        "/v1/queues/atomic-type/messages", "[{\"body\": 1}, {\"body\": 2, \"attributes\": {\"k\": 5}}]")
                .errors();

        assertThat(errors).anySatisfy(e -> assertThat(e).startsWith("[1].").contains("attributes"));
        assertThat(API.total("atomic-type")).isZero();
    }

    @Test
    void anInvalidMessageInATopicBatchStoresNothingInAnyQueue() {
        API.createTopic("atomic-t");
        API.createQueue("atomic-t-q1");
        API.createQueue("atomic-t-q2");
        API.subscribe("atomic-t-s1", "atomic-t", "atomic-t-q1", "null");
        API.subscribe("atomic-t-s2", "atomic-t", "atomic-t-q2", "null");

        assertThat(API.post("/v1/topics/atomic-t/messages", "[{\"body\": 1}, {\"body\": 2, \"delay_seconds\": 901}]")
                        .errors())
                .anySatisfy(e -> assertThat(e).startsWith("[1].").contains("delay_seconds"));

        assertThat(API.total("atomic-t-q1")).isZero();
        assertThat(API.total("atomic-t-q2")).isZero();
    }

    // ---- topics

    @Test
    void aTopicFansOutToExactlyTheQueuesWhoseFiltersMatch() {
        API.createTopic("fan");
        Map<String, String> filters = Map.of(
                "fan-all", "null",
                "fan-empty", "{}",
                "fan-paid", "{\"status\": [\"paid\"]}",
                "fan-paid-or-processed", "{\"status\": [\"paid\", \"processed\"]}",
                "fan-paid-eu", "{\"status\": [\"paid\"], \"region\": [\"eu\"]}");
        filters.forEach((queue, filter) -> {
            API.createQueue(queue);
            API.subscribe(queue + "-sub", "fan", queue, filter);
        });
        API.createQueue("fan-unsubscribed");

        JsonNode data = API.publishToTopic(
                "fan",
                "["
                        + "{\"body\": 0, \"attributes\": {\"status\": \"paid\", \"region\": \"eu\"}},"
                        + "{\"body\": 1, \"attributes\": {\"status\": \"processed\"}},"
                        + "{\"body\": 2, \"attributes\": {\"status\": \"paid\", \"region\": \"us\"}},"
                        + "{\"body\": 3},"
                        + "{\"body\": 4, \"attributes\": {\"region\": \"eu\"}},"
                        + "{\"body\": 5, \"attributes\": {\"status\": \"PAID\", \"region\": \"eu\"}}]");

        assertThat(data).hasSize(6);
        assertThat(queues(data.get(0)))
                .containsExactlyInAnyOrder("fan-all", "fan-empty", "fan-paid", "fan-paid-or-processed", "fan-paid-eu");
        assertThat(queues(data.get(1))).containsExactlyInAnyOrder("fan-all", "fan-empty", "fan-paid-or-processed");
        assertThat(queues(data.get(2)))
                .containsExactlyInAnyOrder("fan-all", "fan-empty", "fan-paid", "fan-paid-or-processed");
        assertThat(queues(data.get(3))).containsExactlyInAnyOrder("fan-all", "fan-empty");
        assertThat(queues(data.get(4))).containsExactlyInAnyOrder("fan-all", "fan-empty");
        assertThat(queues(data.get(5))).containsExactlyInAnyOrder("fan-all", "fan-empty");
        data.forEach(published -> uuidV7(published.get("id")));

        // Each queue holds exactly the copies the answer listed, under the published ids.
        for (String queue : filters.keySet()) {
            List<String> expectedIds = new ArrayList<>();
            data.forEach(p -> {
                if (queues(p).contains(queue)) {
                    expectedIds.add(p.get("id").asText());
                }
            });
            assertThat(API.browse(queue))
                    .extracting(m -> m.get("id").asText())
                    .as("messages of %s", queue)
                    .containsExactlyElementsOf(expectedIds);
        }
        assertThat(API.total("fan-unsubscribed")).isZero();
        JsonNode copy = API.receive("fan-paid-eu", 1).get(0);
        assertThat(copy.get("queue_id").asText()).isEqualTo("fan-paid-eu");
        assertThat(copy.get("attributes")).isEqualTo(Api.parse("{\"status\": \"paid\", \"region\": \"eu\"}"));
    }

    @Test
    void aTopicWithoutSubscriptionsAcceptsAndStoresNowhere() {
        API.createTopic("lonely");
        API.createQueue("lonely-bystander");

        JsonNode data = API.post("/v1/topics/lonely/messages", "[{\"body\": 1}, {\"body\": 2}]")
                .expect(201)
                .get("data");

        assertThat(data).hasSize(2);
        for (JsonNode published : data) {
            uuidV7(published.get("id"));
            assertThat(published.get("queue_ids").isArray()).isTrue();
            assertThat(published.get("queue_ids")).isEmpty();
        }
        assertThat(API.total("lonely-bystander")).isZero();
    }

    @Test
    void publishingToAMissingQueueOrTopicIs404NamingIt() {
        assertThat(API.post("/v1/queues/no-such-q/messages", "{\"body\": 1}").error(404))
                .contains("no-such-q");
        assertThat(API.post("/v1/topics/no-such-t/messages", "{\"body\": 1}").error(404))
                .contains("no-such-t");
    }

    // ---- malformed JSON

    @ParameterizedTest
    @ValueSource(
            strings = {
                "{\"body\": \"a\\u0000b\"}",
                "{\"body\": {\"k\\u0000\": 1}}",
                "{\"body\": 1, \"attributes\": {\"k\": \"\\u0000\"}}",
                "{\"body\": 1, \"label\": \"x\\u0000\"}"
            })
    void anEscapedNulAnywhereIs400(String json) {
        String queue = "nul-" + Integer.toHexString(json.hashCode());
        API.createQueue(queue);
        assertThat(API.post("/v1/queues/" + queue + "/messages", json).error(400))
                .isNotBlank();
        assertThat(API.total(queue)).isZero();
    }

    @Test
    void rawInvalidUtf8Is400() throws Exception {
        API.createQueue("bad-utf8");
        for (byte[] bad : List.of(new byte[] {(byte) 0xC3, (byte) 0x28}, new byte[] {(byte) 0xFF}, new byte[] {
            (byte) 0xED, (byte) 0xA0, (byte) 0x80
        })) {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            bytes.write("{\"body\": \"x".getBytes(StandardCharsets.UTF_8));
            bytes.write(bad);
            bytes.write("y\"}".getBytes(StandardCharsets.UTF_8));

            assertThat(API.postBytes("/v1/queues/bad-utf8/messages", bytes.toByteArray())
                            .error(400))
                    .isNotBlank();
        }
        assertThat(API.total("bad-utf8")).isZero();
    }

    /**
     * Overlong encodings and code points past U+10FFFF are invalid UTF-8 (RFC 3629) like any other bad byte; an
     * overlong NUL (C0 80) must not smuggle in the \u0000 the escaped form is refused for.
     */
    @ParameterizedTest
    @ValueSource(strings = {"c080", "c1bf", "e08080", "f0808080", "f4908080"})
    void overlongAndOutOfRangeUtf8Is400(String hex) throws Exception {
        String queue = "overlong-" + hex;
        API.createQueue(queue);

        Api.Reply reply = API.postBytes(
                "/v1/queues/" + queue + "/messages",
                bytes("{\"body\": \"x", HexFormat.of().parseHex(hex), "y\"}"));

        assertThat(reply.error(400)).isNotBlank();
        assertThat(API.total(queue)).isZero();
    }

    /** An overlong NUL in any string of a message is refused as invalid UTF-8, never stored and never a 500. */
    @ParameterizedTest
    @ValueSource(
            strings = {
                "{\"body\": {\"k@\": 1}}",
                "{\"body\": 1, \"label\": \"x@\"}",
                "{\"body\": 1, \"attributes\": {\"k\": \"x@\"}}",
                "{\"body\": 1, \"attributes\": {\"k@\": \"v\"}}"
            })
    void anOverlongNulInAnyFieldIs400(String template) throws Exception {
        String queue = "overlong-nul-" + Integer.toHexString(template.hashCode());
        API.createQueue(queue);
        int at = template.indexOf('@');

        Api.Reply reply = API.postBytes(
                "/v1/queues/" + queue + "/messages",
                bytes(template.substring(0, at), new byte[] {(byte) 0xC0, (byte) 0x80}, template.substring(at + 1)));

        assertThat(reply.error(400)).isNotBlank();
        assertThat(API.total(queue)).isZero();
    }

    /**
     * A lone surrogate escape ("\ud800") is either refused or kept: it must not be stored as something else
     * (the contract: a body "returned as the same value").
     */
    @ParameterizedTest
    @ValueSource(
            strings = {
                "{\"body\": \"\\ud800\"}",
                "{\"body\": \"a\\udc00b\"}",
                "{\"body\": 1, \"label\": \"\\udfff\"}",
                "{\"body\": 1, \"attributes\": {\"k\": \"\\ud800\"}}"
            })
    void aLoneSurrogateEscapeIsRefusedOrKeptButNeverAltered(String json) {
        String queue = "surrogate-" + Integer.toHexString(json.hashCode());
        API.createQueue(queue);

        Api.Reply reply = API.post("/v1/queues/" + queue + "/messages", json);

        if (reply.status() == 201) {
            JsonNode sent = Api.parse(json);
            JsonNode stored = API.browse(queue).get(0);
            for (String field : List.of("body", "label", "attributes")) {
                if (sent.has(field)) {
                    assertThat(stored.get(field)).as("%s as stored", field).isEqualTo(sent.get(field));
                }
            }
        } else {
            assertThat(reply.status()).as("refused with %s", reply.text()).isIn(400, 422);
            assertThat(API.total(queue)).isZero();
        }
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "{\"body\": 1, \"body\": 2}",
                "{\"body\": {\"a\": 1, \"a\": 2}}",
                "{\"body\": 1, \"attributes\": {\"k\": \"v\", \"k\": \"w\"}}",
                "[{\"body\": 1}, {\"body\": 2, \"label\": \"a\", \"label\": \"b\"}]"
            })
    void duplicateKeysAre400(String json) {
        String queue = "dupkey-" + Integer.toHexString(json.hashCode());
        API.createQueue(queue);
        assertThat(API.post("/v1/queues/" + queue + "/messages", json).error(400))
                .isNotBlank();
        assertThat(API.total(queue)).isZero();
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "{\"body\": 1} x",
                "{\"body\": 1}{\"body\": 2}",
                "[{\"body\": 1}] ]",
                "{\"body\": 1}]",
                "{\"body\": 1",
                "{body: 1}",
                "{\"body\": 01}"
            })
    void trailingGarbageAndOtherMalformedJsonAre400(String json) {
        String queue = "garbage-" + Integer.toHexString(json.hashCode());
        API.createQueue(queue);
        assertThat(API.post("/v1/queues/" + queue + "/messages", json).error(400))
                .isNotBlank();
        assertThat(API.total(queue)).isZero();
    }

    @Test
    void malformedJsonToATopicIs400AndStoresNothing() {
        API.createTopic("malformed-t");
        API.createQueue("malformed-t-q");
        API.subscribe("malformed-t-s", "malformed-t", "malformed-t-q", "null");

        assertThat(API.post("/v1/topics/malformed-t/messages", "{\"body\": 1} {")
                        .error(400))
                .isNotBlank();
        assertThat(API.post("/v1/topics/malformed-t/messages", "{\"body\": \"\\u0000\"}")
                        .error(400))
                .isNotBlank();
        assertThat(API.total("malformed-t-q")).isZero();
    }

    // ---- capacity

    @Test
    void aPublishThatWouldPassMaxMessagesIs429AndStoresNothingOfIt() {
        API.createQueue("cap", "'max_messages': 3");
        API.publish("cap", "[{\"body\": 1}, {\"body\": 2}]");

        Api.Reply refused = API.post("/v1/queues/cap/messages", "[{\"body\": 3}, {\"body\": 4}]");

        assertThat(refused.error(429)).contains("cap");
        assertThat(refused.retryAfter()).isNotBlank();
        assertThat(API.total("cap")).isEqualTo(2);
        assertThat(API.browse("cap")).extracting(m -> m.get("body").asInt()).containsExactly(1, 2);

        // Leased messages count too; what fits is still accepted, and acking frees room.
        JsonNode leased = API.receive("cap", 2);
        API.publish("cap", "{\"body\": 3}");
        API.post("/v1/queues/cap/messages", "{\"body\": 4}").error(429);
        API.ack("cap", leased.get(0).get("receipt").asText());
        API.publish("cap", "{\"body\": 4}");
        assertThat(API.total("cap")).isEqualTo(3);
    }

    @Test
    void aTopicPublishIntoAFullQueueIs429AndStoresNothingInTheOtherQueues() {
        API.createTopic("cap-t");
        API.createQueue("cap-t-big");
        API.createQueue("cap-t-small", "'max_messages': 1");
        API.createQueue("cap-t-roomy", "'max_messages': 100");
        API.subscribe("cap-t-s1", "cap-t", "cap-t-big", "null");
        API.subscribe("cap-t-s2", "cap-t", "cap-t-small", "{\"size\": [\"small\"]}");
        API.subscribe("cap-t-s3", "cap-t", "cap-t-roomy", "null");
        API.publishToTopic("cap-t", "{\"body\": 0, \"attributes\": {\"size\": \"small\"}}");

        Api.Reply refused = API.post(
                "/v1/topics/cap-t/messages", "[{\"body\": 1}, {\"body\": 2, \"attributes\": {\"size\": \"small\"}}]");

        assertThat(refused.error(429)).contains("cap-t-small");
        assertThat(API.total("cap-t-big")).isEqualTo(1);
        assertThat(API.total("cap-t-small")).isEqualTo(1);
        assertThat(API.total("cap-t-roomy")).isEqualTo(1);

        // Messages the full queue's filter does not take still go through.
        JsonNode data = API.publishToTopic("cap-t", "{\"body\": 3}");
        assertThat(queues(data.get(0))).containsExactlyInAnyOrder("cap-t-big", "cap-t-roomy");
    }

    // ---- helpers

    /** Asserts a UUIDv7 (version 7, RFC variant, a time near now) and answers it. */
    private static UUID uuidV7(JsonNode node) {
        assertThat(node.isTextual()).isTrue();
        assertThat(node.asText()).matches("[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}");
        UUID id = UUID.fromString(node.asText());
        assertThat(id.version()).isEqualTo(7);
        assertThat(id.variant()).isEqualTo(2);
        Instant time = Instant.ofEpochMilli(id.getMostSignificantBits() >>> 16);
        assertThat(time)
                .isBetween(
                        CLOCK.instant().minus(Duration.ofDays(1)), Instant.now().plus(Duration.ofDays(1)));
        return id;
    }

    private static byte[] bytes(String before, byte[] raw, String after) throws java.io.IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        bytes.write(before.getBytes(StandardCharsets.UTF_8));
        bytes.write(raw);
        bytes.write(after.getBytes(StandardCharsets.UTF_8));
        return bytes.toByteArray();
    }

    private static List<String> queues(JsonNode published) {
        return Api.texts(published.get("queue_ids"));
    }

    private static String batch(int n) {
        return IntStream.range(0, n).mapToObj(i -> "{\"body\": " + i + "}").collect(Collectors.joining(",", "[", "]"));
    }

    private static String attributes(int n) {
        return IntStream.range(0, n)
                .mapToObj(i -> "\"k" + i + "\": \"v" + i + "\"")
                .collect(Collectors.joining(",", "{", "}"));
    }
}
