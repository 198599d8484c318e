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
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** {@code /v1/queues}: settings, their bounds and defaults, replacement, dead-letter links, deletion, lists. */
@ExtendWith(DropwizardExtensionsSupport.class)
class QueuesApiTest {
    static final TestDatabase DB = TestDatabase.create();
    static final MutableClock CLOCK = ConveyorTestApp.clock();
    static final DropwizardAppExtension<ConveyorConfiguration> APP = ConveyorTestApp.extension(DB, CLOCK);
    static final Api API = new Api(APP);

    static final List<String> FIELDS = List.of(
            "id",
            "ack_deadline_seconds",
            "message_retention_seconds",
            "delivery_delay_seconds",
            "max_deliveries",
            "dead_letter_queue_id",
            "backoff_min_seconds",
            "backoff_max_seconds",
            "max_messages",
            "receive_wait_seconds",
            "max_message_bytes",
            "allowed_dead_letter_sources",
            "fifo",
            "content_based_deduplication",
            "deduplication_window_seconds",
            "deduplication_scope",
            "fifo_throughput_limit",
            "created_at",
            "updated_at");

    @AfterAll
    static void dropDatabase() {
        DB.close();
    }

    @Test
    void createWithOnlyAnIdAnswersEveryFieldWithItsDefault() {
        JsonNode queue = API.post("/v1/queues", "{\"id\": \"defaults\"}").expect(201);

        assertThat(queue.properties()).extracting(e -> e.getKey()).containsExactlyInAnyOrderElementsOf(FIELDS);
        assertThat(queue.get("id").asText()).isEqualTo("defaults");
        assertThat(queue.get("ack_deadline_seconds").isInt()).isTrue();
        assertThat(queue.get("ack_deadline_seconds").asInt()).isEqualTo(30);
        assertThat(queue.get("message_retention_seconds").asInt()).isEqualTo(1_209_600);
        assertThat(queue.get("delivery_delay_seconds").asInt()).isEqualTo(0);
        assertThat(queue.get("max_deliveries").isNull()).isTrue();
        assertThat(queue.get("dead_letter_queue_id").isNull()).isTrue();
        assertThat(queue.get("backoff_min_seconds").asInt()).isEqualTo(0);
        assertThat(queue.get("backoff_max_seconds").asInt()).isEqualTo(0);
        assertThat(queue.get("max_messages").isNull()).isTrue();
        assertThat(queue.get("fifo").asBoolean()).isFalse();
        assertThat(queue.get("content_based_deduplication").asBoolean()).isFalse();
        assertThat(queue.get("deduplication_window_seconds").asInt()).isEqualTo(300);
        assertThat(queue.get("deduplication_scope").asText()).isEqualTo("queue");
        assertThat(queue.get("fifo_throughput_limit").asText()).isEqualTo("per_queue");
        assertThat(Api.timestamp(queue.get("created_at"))).isEqualTo(CLOCK.instant());
        assertThat(Api.timestamp(queue.get("updated_at"))).isEqualTo(CLOCK.instant());

        assertThat(API.get("/v1/queues/defaults").expect(200)).isEqualTo(queue);
    }

    @Test
    void createWithEverySettingAnswersThem() {
        API.createQueue("all-dlq");
        JsonNode queue = API.post(
                        "/v1/queues",
                        "{\"id\": \"all-set\", \"ack_deadline_seconds\": 45,"
                                + " \"message_retention_seconds\": 3600, \"delivery_delay_seconds\": 7, \"max_deliveries\": 5,"
                                + " \"dead_letter_queue_id\": \"all-dlq\", \"backoff_min_seconds\": 3, \"backoff_max_seconds\": 60,"
                                + " \"max_messages\": 5000000000}")
                .expect(201);

        assertThat(queue.get("ack_deadline_seconds").asInt()).isEqualTo(45);
        assertThat(queue.get("message_retention_seconds").asInt()).isEqualTo(3600);
        assertThat(queue.get("delivery_delay_seconds").asInt()).isEqualTo(7);
        assertThat(queue.get("max_deliveries").asInt()).isEqualTo(5);
        assertThat(queue.get("dead_letter_queue_id").asText()).isEqualTo("all-dlq");
        assertThat(queue.get("backoff_min_seconds").asInt()).isEqualTo(3);
        assertThat(queue.get("backoff_max_seconds").asInt()).isEqualTo(60);
        assertThat(queue.get("max_messages").asLong()).isEqualTo(5_000_000_000L);
        assertThat(API.get("/v1/queues/all-set").expect(200)).isEqualTo(queue);
    }

    @Test
    void aQueueThatExistsAlreadyIs409NamingItAndKeepsItsSettings() {
        API.createQueue("dup-queue", "'ack_deadline_seconds': 10");

        assertThat(API.post("/v1/queues", "{\"id\": \"dup-queue\", \"ack_deadline_seconds\": 20}")
                        .error(409))
                .contains("dup-queue");
        assertThat(API.get("/v1/queues/dup-queue")
                        .expect(200)
                        .get("ack_deadline_seconds")
                        .asInt())
                .isEqualTo(10);
    }

    @Test
    void anInvalidNameIs422NamingTheId() {
        for (String name : List.of("", "-x", "a b", "x".repeat(129))) {
            assertThat(API.post("/v1/queues", j("{'id': '%s'}", name)).errors())
                    .anySatisfy(e -> assertThat(e).startsWith("id "));
        }
        assertThat(API.post("/v1/queues", "{}").errors())
                .anySatisfy(e -> assertThat(e).contains("id"));
    }

    /** Every bounded setting: both edges are accepted, one step outside either edge is refused naming the field. */
    @ParameterizedTest(name = "{0}: {1}..{2}")
    @CsvSource({
        "ack_deadline_seconds,      1,  43200,   0,  43201, ''",
        "message_retention_seconds, 60, 1209600, 59, 1209601, ''",
        "delivery_delay_seconds,    0,  900,     -1, 901, ''",
        "max_deliveries,            1,  1000,    0,  1001, ''",
        "backoff_min_seconds,       0,  43200,   -1, 43201, ', \"backoff_max_seconds\": 43200'",
        "backoff_max_seconds,       0,  43200,   -1, 43201, ''",
        "max_messages,              1,  9223372036854775807, 0, -1, ''"
    })
    void eachBoundIsAcceptedAtItsEdgesAndRefusedJustOutside(
            String field, long low, long high, long belowLow, long aboveHigh, String extra) {
        String base = "b-" + field.replace('_', '-');
        for (long ok : new long[] {low, high}) {
            String id = base + "-ok-" + (ok == low ? "low" : "high");
            JsonNode queue = API.post("/v1/queues", "{\"id\": \"" + id + "\", \"" + field + "\": " + ok + extra + "}")
                    .expect(201);
            assertThat(queue.get(field).asLong()).isEqualTo(ok);
        }
        for (long bad : new long[] {belowLow, aboveHigh}) {
            String id = base + "-bad-" + (bad == belowLow ? "low" : "high");
            List<String> errors = API.post(
                            "/v1/queues", "{\"id\": \"" + id + "\", \"" + field + "\": " + bad + extra + "}")
                    .errors();
            assertThat(errors)
                    .as("errors for %s = %s", field, bad)
                    .anySatisfy(e -> assertThat(e).contains(field));
            assertThat(API.get("/v1/queues/" + id).status()).isEqualTo(404);
        }
    }

    @Test
    void severalBadSettingsAreAllListed() {
        List<String> errors = API.post(
                        "/v1/queues",
                        "{\"id\": \"many-bad\", \"ack_deadline_seconds\": 0,"
                                + " \"message_retention_seconds\": 1, \"delivery_delay_seconds\": 901, \"max_deliveries\": 0,"
                                + " \"max_messages\": 0}")
                .errors();

        assertThat(errors).hasSize(5);
        for (String field : List.of(
                "ack_deadline_seconds",
                "message_retention_seconds",
                "delivery_delay_seconds",
                "max_deliveries",
                "max_messages")) {
            assertThat(errors).anySatisfy(e -> assertThat(e).contains(field));
        }
        assertThat(API.get("/v1/queues/many-bad").status()).isEqualTo(404);
    }

    /** README: "Bounds and names are checked all at once" — a bad name does not hide the bad settings, or back. */
    @Test
    void aBadNameAndBadSettingsAreAllListedTogether() {
        List<String> errors = API.post(
                        "/v1/queues",
                        "{\"id\": \"-bad-name\", \"ack_deadline_seconds\": 0, \"delivery_delay_seconds\": 901}")
                .errors();

        assertThat(errors).anySatisfy(e -> assertThat(e).startsWith("id "));
        assertThat(errors).anySatisfy(e -> assertThat(e).contains("ack_deadline_seconds"));
        assertThat(errors).anySatisfy(e -> assertThat(e).contains("delivery_delay_seconds"));
    }

    @Test
    void backoffMinAboveBackoffMaxIs422() {
        List<String> errors = API.post(
                        "/v1/queues",
                        "{\"id\": \"backoff-inverted\", \"backoff_min_seconds\": 10, \"backoff_max_seconds\": 5}")
                .errors();

        assertThat(errors)
                .anySatisfy(e -> assertThat(e).contains("backoff_min_seconds").contains("backoff_max_seconds"));
        assertThat(API.get("/v1/queues/backoff-inverted").status()).isEqualTo(404);
        API.post("/v1/queues", "{\"id\": \"backoff-equal\", \"backoff_min_seconds\": 5, \"backoff_max_seconds\": 5}")
                .expect(201);
    }

    @Test
    void aFieldOfTheWrongJsonTypeIs422NamingIt() {
        assertThat(API.post("/v1/queues", "{\"id\": \"wrong-type\", \"ack_deadline_seconds\": \"30\"}")
                        .errors())
                .anySatisfy(e -> assertThat(e).contains("ack_deadline_seconds"));
        assertThat(API.post("/v1/queues", "{\"id\": \"wrong-type\", \"ack_deadline_seconds\": 30.5}")
                        .errors())
                .anySatisfy(e -> assertThat(e).contains("ack_deadline_seconds"));
        assertThat(API.post("/v1/queues", "{\"id\": \"wrong-type\", \"max_deliveries\": true}")
                        .errors())
                .anySatisfy(e -> assertThat(e).contains("max_deliveries"));
        assertThat(API.post("/v1/queues", "{\"id\": 12}").errors())
                .anySatisfy(e -> assertThat(e).contains("id"));
        assertThat(API.post("/v1/queues", "{\"id\": \"wrong-type\", \"dead_letter_queue_id\": 5}")
                        .errors())
                .anySatisfy(e -> assertThat(e).contains("dead_letter_queue_id"));
        assertThat(API.get("/v1/queues/wrong-type").status()).isEqualTo(404);
    }

    /** A well-formed number beyond a field's bounds is a validation failure naming the field, not malformed JSON. */
    @Test
    void aNumberBeyondTheRangeOfTheFieldsTypeIs422NamingTheField() {
        assertThat(API.post("/v1/queues", "{\"id\": \"huge\", \"ack_deadline_seconds\": 99999999999}")
                        .errors())
                .anySatisfy(e -> assertThat(e).contains("ack_deadline_seconds"));
        assertThat(API.post("/v1/queues", "{\"id\": \"huge\", \"max_messages\": 100000000000000000000000}")
                        .errors())
                .anySatisfy(e -> assertThat(e).contains("max_messages"));
        assertThat(API.get("/v1/queues/huge").status()).isEqualTo(404);
    }

    @Test
    void anUnknownFieldIs400NamingItAndCreatesNothing() {
        String message = API.post("/v1/queues", "{\"id\": \"misspelt\", \"ack_deadline_secs\": 60}")
                .error(400);

        assertThat(message).contains("ack_deadline_secs");
        assertThat(API.get("/v1/queues/misspelt").status()).isEqualTo(404);
    }

    @Test
    void aBodyThatIsNotAnObjectIsRefused() {
        assertThat(API.post("/v1/queues", "[]").status()).isIn(400, 422);
        assertThat(API.post("/v1/queues", "null").status()).isIn(400, 422);
        assertThat(API.post("/v1/queues", "{\"id\": \"half\"").error(400)).isNotBlank();
    }

    @Test
    void getOfAMissingQueueIs404NamingIt() {
        assertThat(API.get("/v1/queues/no-such-queue").error(404)).contains("no-such-queue");
    }

    @Test
    void putReplacesTheSettingsAndALeftOutFieldReturnsToItsDefault() {
        API.createQueue("dlq-for-put");
        JsonNode created = API.createQueue(
                "put-me",
                "'ack_deadline_seconds': 60, 'delivery_delay_seconds': 5,"
                        + " 'max_messages': 10, 'max_deliveries': 3, 'dead_letter_queue_id': 'dlq-for-put',"
                        + " 'backoff_min_seconds': 1, 'backoff_max_seconds': 4, 'message_retention_seconds': 600");
        Instant later = CLOCK.advance(Duration.ofSeconds(5));

        JsonNode updated =
                API.put("/v1/queues/put-me", "{\"ack_deadline_seconds\": 45}").expect(200);

        assertThat(updated.properties()).extracting(e -> e.getKey()).containsExactlyInAnyOrderElementsOf(FIELDS);
        assertThat(updated.get("id").asText()).isEqualTo("put-me");
        assertThat(updated.get("ack_deadline_seconds").asInt()).isEqualTo(45);
        assertThat(updated.get("message_retention_seconds").asInt()).isEqualTo(1_209_600);
        assertThat(updated.get("delivery_delay_seconds").asInt()).isEqualTo(0);
        assertThat(updated.get("max_deliveries").isNull()).isTrue();
        assertThat(updated.get("dead_letter_queue_id").isNull()).isTrue();
        assertThat(updated.get("backoff_min_seconds").asInt()).isEqualTo(0);
        assertThat(updated.get("backoff_max_seconds").asInt()).isEqualTo(0);
        assertThat(updated.get("max_messages").isNull()).isTrue();
        assertThat(updated.get("created_at")).isEqualTo(created.get("created_at"));
        assertThat(Api.timestamp(updated.get("updated_at"))).isEqualTo(later);
        assertThat(API.get("/v1/queues/put-me").expect(200)).isEqualTo(updated);
    }

    @Test
    void newSettingsApplyToMessagesAlreadyStored() {
        API.createQueue("put-applies", "'delivery_delay_seconds': 600");
        API.publish("put-applies", "{\"body\": 1}");
        assertThat(API.receive("put-applies", 1)).isEmpty();

        API.put("/v1/queues/put-applies", "{\"ack_deadline_seconds\": 120}").expect(200);
        CLOCK.advance(Duration.ofSeconds(600));
        JsonNode received = API.receive("put-applies", 1);

        assertThat(received).hasSize(1);
        assertThat(Api.timestamp(received.get(0).get("lease_expires_at")))
                .isEqualTo(CLOCK.instant().plusSeconds(120));
    }

    @Test
    void putWithAnIdFieldIs400AndChangesNothing() {
        JsonNode before = API.createQueue("put-with-id", "'ack_deadline_seconds': 10");

        String message = API.put("/v1/queues/put-with-id", "{\"id\": \"put-with-id\", \"ack_deadline_seconds\": 20}")
                .error(400);

        assertThat(message).contains("id");
        assertThat(API.get("/v1/queues/put-with-id").expect(200)).isEqualTo(before);
    }

    @Test
    void putWithABadSettingIs422AndChangesNothing() {
        JsonNode before = API.createQueue("put-bad", "'ack_deadline_seconds': 10");

        assertThat(API.put("/v1/queues/put-bad", "{\"ack_deadline_seconds\": 0}")
                        .errors())
                .anySatisfy(e -> assertThat(e).contains("ack_deadline_seconds"));
        assertThat(API.put("/v1/queues/put-bad", "{\"ack_deadline\": 20}").error(400))
                .contains("ack_deadline");
        assertThat(API.get("/v1/queues/put-bad").expect(200)).isEqualTo(before);
    }

    @Test
    void putOnAMissingQueueIs404AndCreatesNothing() {
        assertThat(API.put("/v1/queues/put-missing", "{\"ack_deadline_seconds\": 20}")
                        .error(404))
                .contains("put-missing");
        assertThat(API.get("/v1/queues/put-missing").status()).isEqualTo(404);
    }

    @Test
    void theDeadLetterQueueMustExist() {
        List<String> errors = API.post("/v1/queues", "{\"id\": \"dlq-missing\", \"dead_letter_queue_id\": \"nowhere\"}")
                .errors();
        assertThat(errors).anySatisfy(e -> assertThat(e).contains("dead_letter_queue_id"));
        assertThat(API.get("/v1/queues/dlq-missing").status()).isEqualTo(404);

        API.createQueue("dlq-missing-put");
        assertThat(API.put("/v1/queues/dlq-missing-put", "{\"dead_letter_queue_id\": \"nowhere\"}")
                        .errors())
                .anySatisfy(e -> assertThat(e).contains("dead_letter_queue_id"));
        assertThat(API.get("/v1/queues/dlq-missing-put")
                        .expect(200)
                        .get("dead_letter_queue_id")
                        .isNull())
                .isTrue();
    }

    @Test
    void aQueueCannotBeItsOwnDeadLetterQueue() {
        assertThat(API.post("/v1/queues", "{\"id\": \"dlq-self\", \"dead_letter_queue_id\": \"dlq-self\"}")
                        .errors())
                .anySatisfy(e -> assertThat(e).contains("dead_letter_queue_id"));
        assertThat(API.get("/v1/queues/dlq-self").status()).isEqualTo(404);

        API.createQueue("dlq-self-put");
        assertThat(API.put("/v1/queues/dlq-self-put", "{\"dead_letter_queue_id\": \"dlq-self-put\"}")
                        .errors())
                .anySatisfy(e -> assertThat(e).contains("dead_letter_queue_id"));
        assertThat(API.get("/v1/queues/dlq-self-put")
                        .expect(200)
                        .get("dead_letter_queue_id")
                        .isNull())
                .isTrue();
    }

    @Test
    void aLoopOfDeadLetterQueuesIs409NamingTheLoop() {
        API.createQueue("loop-b");
        API.createQueue("loop-a", "'dead_letter_queue_id': 'loop-b'");

        String message = API.put("/v1/queues/loop-b", "{\"dead_letter_queue_id\": \"loop-a\"}")
                .error(409);

        assertThat(message).contains("loop-b -> loop-a -> loop-b");
        assertThat(API.get("/v1/queues/loop-b")
                        .expect(200)
                        .get("dead_letter_queue_id")
                        .isNull())
                .isTrue();
    }

    @Test
    void aLongerLoopIs409AndAChainWithoutOneIsFine() {
        API.createQueue("chain-c");
        API.createQueue("chain-b", "'dead_letter_queue_id': 'chain-c'");
        API.createQueue("chain-a", "'dead_letter_queue_id': 'chain-b'");

        assertThat(API.put("/v1/queues/chain-c", "{\"dead_letter_queue_id\": \"chain-a\"}")
                        .error(409))
                .contains("chain-c -> chain-a -> chain-b -> chain-c");

        API.createQueue("chain-d");
        assertThat(API.put("/v1/queues/chain-c", "{\"dead_letter_queue_id\": \"chain-d\"}")
                        .expect(200)
                        .get("dead_letter_queue_id")
                        .asText())
                .isEqualTo("chain-d");
    }

    @Test
    void aQueueNamedAsAnothersDeadLetterQueueCannotBeDeletedUntilThatChanges() {
        API.createQueue("dl-target");
        API.createQueue("dl-source", "'dead_letter_queue_id': 'dl-target', 'max_deliveries': 3");

        String message = API.delete("/v1/queues/dl-target").error(409);

        assertThat(message).contains("dl-target").contains("dl-source");
        assertThat(API.get("/v1/queues/dl-target").status()).isEqualTo(200);

        API.put("/v1/queues/dl-source", "{\"max_deliveries\": 3}").expect(200);
        API.delete("/v1/queues/dl-target").expect(204);
        assertThat(API.get("/v1/queues/dl-target").status()).isEqualTo(404);
    }

    @Test
    void deleteRemovesTheQueueItsMessagesAndItsSubscriptions() {
        API.createTopic("del-q-topic");
        API.createQueue("del-q");
        API.createQueue("del-q-other");
        API.subscribe("del-q-sub", "del-q-topic", "del-q", "null");
        API.subscribe("del-q-sub-other", "del-q-topic", "del-q-other", "null");
        API.publishToTopic("del-q-topic", "[{\"body\": 1}, {\"body\": 2}]");
        assertThat(API.total("del-q")).isEqualTo(2);

        assertThat(API.delete("/v1/queues/del-q").expect(204)).isNull();

        assertThat(API.get("/v1/queues/del-q").error(404)).contains("del-q");
        assertThat(API.get("/v1/subscriptions/del-q-sub").status()).isEqualTo(404);
        assertThat(API.get("/v1/subscriptions/del-q-sub-other").status()).isEqualTo(200);
        assertThat(API.get("/v1/topics/del-q-topic").status()).isEqualTo(200);
        assertThat(API.total("del-q-other")).isEqualTo(2);
        assertThat(API.delete("/v1/queues/del-q").error(404)).contains("del-q");
        // A new queue of the same name starts empty and unsubscribed.
        API.createQueue("del-q");
        assertThat(API.total("del-q")).isZero();
        assertThat(API.browse("del-q")).isEmpty();
        assertThat(API.publishToTopic("del-q-topic", "{\"body\": 3}").get(0).get("queue_ids"))
                .extracting(JsonNode::asText)
                .containsExactly("del-q-other");
    }

    @Test
    void theListIsOrderedByNameAndPages() {
        for (String name : List.of("lq-b", "lq-A", "lq-a", "lq-0", "lq-.x")) {
            API.createQueue(name);
        }

        JsonNode all = API.get("/v1/queues?limit=1000").expect(200);
        List<String> names = names(all);
        assertThat(names).isSortedAccordingTo(String::compareTo);
        assertThat(names.stream().filter(n -> n.startsWith("lq-")).toList())
                .containsExactly("lq-.x", "lq-0", "lq-A", "lq-a", "lq-b");
        all.get("data")
                .forEach(q -> assertThat(q.properties())
                        .extracting(e -> e.getKey())
                        .containsExactlyInAnyOrderElementsOf(FIELDS));

        int start = names.indexOf("lq-0");
        JsonNode page = API.get("/v1/queues?limit=2&offset=" + start).expect(200);
        assertThat(page.properties()).extracting(e -> e.getKey()).containsExactlyInAnyOrder("data", "limit", "offset");
        assertThat(page.get("limit").asInt()).isEqualTo(2);
        assertThat(page.get("offset").asInt()).isEqualTo(start);
        assertThat(names(page)).containsExactly("lq-0", "lq-A");

        JsonNode defaults = API.get("/v1/queues").expect(200);
        assertThat(defaults.get("limit").asInt()).isEqualTo(100);
        assertThat(defaults.get("offset").asInt()).isEqualTo(0);
        for (String bad : List.of("limit=0", "limit=1001", "limit=abc", "offset=-1")) {
            assertThat(API.get("/v1/queues?" + bad).errors())
                    .anySatisfy(e -> assertThat(e).contains(bad.split("=")[0]));
        }
    }

    private static List<String> names(JsonNode page) {
        List<String> names = new ArrayList<>();
        page.get("data").forEach(q -> names.add(q.get("id").asText()));
        return names;
    }
}
