package dev.conveyor.bootstrap;

import static dev.conveyor.bootstrap.Api.j;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.conveyor.application.fakes.MutableClock;
import dev.conveyor.postgres.testing.TestDatabase;
import io.dropwizard.testing.junit5.DropwizardAppExtension;
import io.dropwizard.testing.junit5.DropwizardExtensionsSupport;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * {@code PATCH /v1/queues/{id}}: a JSON Merge Patch of the settings. A member given changes its setting, one left
 * out keeps it, null resets it to its default; the result is checked as a PUT's is, and a refusal changes nothing.
 */
@ExtendWith(DropwizardExtensionsSupport.class)
class QueuePatchApiTest {
    static final TestDatabase DB = TestDatabase.create();
    static final MutableClock CLOCK = ConveyorTestApp.clock();
    static final DropwizardAppExtension<ConveyorConfiguration> APP = ConveyorTestApp.extension(DB, CLOCK);
    static final Api API = new Api(APP);

    /** Every setting away from its default, and each one's default. */
    private static final String EVERY_SETTING = "'ack_deadline_seconds': 60, 'message_retention_seconds': 600,"
            + " 'delivery_delay_seconds': 5, 'max_deliveries': 3, 'dead_letter_queue_id': 'patch-dlq',"
            + " 'backoff_min_seconds': 1, 'backoff_max_seconds': 4, 'max_messages': 10";

    @AfterAll
    static void dropDatabase() {
        DB.close();
    }

    /** A queue with every setting away from its default, dead-lettering into patch-dlq. */
    private static JsonNode queueWithEverySetting(String id) {
        if (API.get("/v1/queues/patch-dlq").status() == 404) {
            API.createQueue("patch-dlq");
        }
        return API.createQueue(id, EVERY_SETTING);
    }

    /** The queue as answered, with {@code field} set to {@code value} and updated_at as {@code updated}. */
    private static JsonNode with(JsonNode queue, String field, String valueJson, JsonNode updated) {
        ObjectNode expected = queue.deepCopy();
        expected.set(field, Api.parse(valueJson));
        expected.set("updated_at", updated.get("updated_at"));
        return expected;
    }

    @ParameterizedTest(name = "{0}: {1}")
    @CsvSource(
            delimiter = '|',
            value = {
                "ack_deadline_seconds      | 45",
                "message_retention_seconds | 3600",
                "delivery_delay_seconds    | 0",
                "max_deliveries            | 7",
                "dead_letter_queue_id      | \"patch-dlq-2\"",
                "backoff_min_seconds       | 2",
                "backoff_max_seconds       | 8",
                "max_messages              | 500"
            })
    void aSettingGivenChangesAndEveryOtherKeepsItsValue(String field, String value) {
        String id = "set-" + field.replace('_', '-');
        JsonNode before = queueWithEverySetting(id);
        if (API.get("/v1/queues/patch-dlq-2").status() == 404) {
            API.createQueue("patch-dlq-2");
        }
        Instant later = CLOCK.advance(Duration.ofSeconds(3));

        JsonNode after =
                API.patch("/v1/queues/" + id, j("{'%s': %s}", field, value)).expect(200);

        assertThat(after).isEqualTo(with(before, field, value, after));
        assertThat(Api.timestamp(after.get("updated_at"))).isEqualTo(later);
        assertThat(API.get("/v1/queues/" + id).expect(200)).isEqualTo(after);
    }

    @ParameterizedTest(name = "{0} null resets it to {1}")
    @CsvSource(
            delimiter = '|',
            value = {
                "ack_deadline_seconds      | 30",
                "message_retention_seconds | 1209600",
                "delivery_delay_seconds    | 0",
                "max_deliveries            | null",
                "dead_letter_queue_id      | null",
                "backoff_min_seconds       | 0",
                "max_messages              | null"
            })
    void nullResetsASettingToItsDefaultAndKeepsTheOthers(String field, String defaultValue) {
        String id = "reset-" + field.replace('_', '-');
        JsonNode before = queueWithEverySetting(id);

        JsonNode after = API.patch("/v1/queues/" + id, j("{'%s': null}", field)).expect(200);

        assertThat(after).isEqualTo(with(before, field, defaultValue, after));
    }

    @Test
    void resettingBackoffMaxAloneIsRefusedBecauseTheMergedSettingsBreakABound() {
        JsonNode before = queueWithEverySetting("reset-backoff-max");

        List<String> errors = API.patch("/v1/queues/reset-backoff-max", "{\"backoff_max_seconds\": null}")
                .errors();

        assertThat(errors).containsExactly("backoff_min_seconds must not be greater than backoff_max_seconds");
        assertThat(API.get("/v1/queues/reset-backoff-max").expect(200)).isEqualTo(before);
        API.patch("/v1/queues/reset-backoff-max", "{\"backoff_min_seconds\": null, \"backoff_max_seconds\": null}")
                .expect(200);
    }

    @Test
    void changingOneSettingKeepsDeadLetteringWherePutWouldSwitchItOff() {
        queueWithEverySetting("keeps-dlq");
        queueWithEverySetting("put-drops-dlq");

        JsonNode patched = API.patch("/v1/queues/keeps-dlq", "{\"ack_deadline_seconds\": 90}")
                .expect(200);
        JsonNode put = API.put("/v1/queues/put-drops-dlq", "{\"ack_deadline_seconds\": 90}")
                .expect(200);

        assertThat(patched.get("dead_letter_queue_id").asText()).isEqualTo("patch-dlq");
        assertThat(patched.get("max_deliveries").asInt()).isEqualTo(3);
        assertThat(patched.get("max_messages").asLong()).isEqualTo(10);
        // PUT stays a full replacement: every setting left out takes its default.
        assertThat(put.get("dead_letter_queue_id").isNull()).isTrue();
        assertThat(put.get("max_deliveries").isNull()).isTrue();
        assertThat(put.get("max_messages").isNull()).isTrue();
        assertThat(put.get("delivery_delay_seconds").asInt()).isZero();
    }

    @Test
    void deadLetterQueueIdNullTurnsDeadLetteringOffSoExhaustedMessagesAreDropped() {
        queueWithEverySetting("stop-dead-lettering");
        API.patch("/v1/queues/stop-dead-lettering", "{\"delivery_delay_seconds\": 0, \"max_deliveries\": 1}")
                .expect(200);
        long deadBefore = API.total("patch-dlq");

        API.patch("/v1/queues/stop-dead-lettering", "{\"dead_letter_queue_id\": null}")
                .expect(200);
        API.publish("stop-dead-lettering", "{\"body\": 1}");
        String receipt =
                API.receive("stop-dead-lettering", 1).get(0).get("receipt").asText();
        API.post("/v1/queues/stop-dead-lettering/nack", j("{'receipts': ['%s']}", receipt))
                .expect(200);

        assertThat(API.total("stop-dead-lettering")).isZero();
        assertThat(API.total("patch-dlq")).isEqualTo(deadBefore);
    }

    @Test
    void aPatchAppliesAtOnceToThisInstancesConsumers() {
        API.createQueue("patch-applies");
        API.receive("patch-applies", 1); // the settings are now remembered by this instance's consumers

        API.patch("/v1/queues/patch-applies", "{\"ack_deadline_seconds\": 120}").expect(200);
        API.publish("patch-applies", "{\"body\": 1}");
        JsonNode received = API.receive("patch-applies", 1);

        assertThat(Api.timestamp(received.get(0).get("lease_expires_at")))
                .isEqualTo(CLOCK.instant().plusSeconds(120));
    }

    @Test
    void plainJsonIsAcceptedAsAMergePatchToo() {
        API.createQueue("patch-as-json");

        JsonNode after = API.patch("/v1/queues/patch-as-json", "{\"delivery_delay_seconds\": 7}", "application/json")
                .expect(200);

        assertThat(after.get("delivery_delay_seconds").asInt()).isEqualTo(7);
    }

    @Test
    void anotherMediaTypeIs415() {
        API.createQueue("patch-as-text");

        assertThat(API.patch("/v1/queues/patch-as-text", "{\"delivery_delay_seconds\": 7}", "text/plain")
                        .error(415))
                .isNotBlank();
    }

    @Test
    void anEmptyPatchChangesNothing() {
        JsonNode before = queueWithEverySetting("empty-patch");
        CLOCK.advance(Duration.ofSeconds(3));

        assertThat(API.patch("/v1/queues/empty-patch", "{}").expect(200)).isEqualTo(before);
        assertThat(API.get("/v1/queues/empty-patch").expect(200)).isEqualTo(before);
    }

    @Test
    void valuesOutOfBoundsAre422ListingEveryProblemAndChangeNothing() {
        JsonNode before = queueWithEverySetting("bad-values");

        List<String> all = API.patch(
                        "/v1/queues/bad-values",
                        "{\"ack_deadline_seconds\": 0, \"delivery_delay_seconds\": 901, \"max_messages\": 0,"
                                + " \"max_deliveries\": 1001}")
                .errors();

        assertThat(all)
                .containsExactlyInAnyOrder(
                        "ack_deadline_seconds must be between 1 and 43200",
                        "delivery_delay_seconds must be between 0 and 900",
                        "max_deliveries must be between 1 and 1000",
                        "max_messages must be at least 1");
        assertThat(API.get("/v1/queues/bad-values").expect(200)).isEqualTo(before);
    }

    @Test
    void aValueOfTheWrongTypeIs422NamingTheField() {
        JsonNode before = queueWithEverySetting("wrong-type");

        assertThat(API.patch("/v1/queues/wrong-type", "{\"ack_deadline_seconds\": \"soon\"}")
                        .errors())
                .containsExactly("ack_deadline_seconds must be an integer");
        assertThat(API.get("/v1/queues/wrong-type").expect(200)).isEqualTo(before);
    }

    @Test
    void anUnknownMemberIs400NamingItAndChangesNothing() {
        JsonNode before = queueWithEverySetting("unknown-member");

        String message = API.patch("/v1/queues/unknown-member", "{\"ack_deadline\": 5, \"max_messages\": 99}")
                .error(400);

        assertThat(message).contains("'ack_deadline'").contains("ack_deadline_seconds");
        assertThat(API.get("/v1/queues/unknown-member").expect(200)).isEqualTo(before);
    }

    @Test
    void theIdCannotBePatched() {
        JsonNode before = queueWithEverySetting("patch-the-id");

        assertThat(API.patch("/v1/queues/patch-the-id", "{\"id\": \"renamed\"}").error(400))
                .contains("'id'");
        assertThat(API.get("/v1/queues/patch-the-id").expect(200)).isEqualTo(before);
        assertThat(API.get("/v1/queues/renamed").status()).isEqualTo(404);
    }

    @Test
    void aBodyThatIsNoObjectIsRefusedAndChangesNothing() {
        JsonNode before = queueWithEverySetting("no-object");

        assertThat(API.patch("/v1/queues/no-object", "null").errors()).isNotEmpty();
        assertThat(API.patch("/v1/queues/no-object", "[]").error(400)).isNotBlank();
        assertThat(API.patch("/v1/queues/no-object", "5").error(400)).isNotBlank();
        assertThat(API.patch("/v1/queues/no-object", "{\"max_messages\": 5").error(400))
                .startsWith("malformed JSON");
        assertThat(API.get("/v1/queues/no-object").expect(200)).isEqualTo(before);
    }

    @Test
    void aMissingQueueIs404AndCreatesNothing() {
        assertThat(API.patch("/v1/queues/never-made", "{\"ack_deadline_seconds\": 5}")
                        .error(404))
                .contains("never-made");
        assertThat(API.get("/v1/queues/never-made").status()).isEqualTo(404);
    }

    @Test
    void theDeadLetterQueueMustExistAndNotBeTheQueueItselfAndNothingChanges() {
        JsonNode before = queueWithEverySetting("dlq-rules");

        assertThat(API.patch("/v1/queues/dlq-rules", "{\"dead_letter_queue_id\": \"nowhere\"}")
                        .errors())
                .singleElement()
                .asString()
                .contains("dead_letter_queue_id")
                .contains("nowhere");
        assertThat(API.patch("/v1/queues/dlq-rules", "{\"dead_letter_queue_id\": \"dlq-rules\"}")
                        .errors())
                .singleElement()
                .asString()
                .contains("dead_letter_queue_id");
        assertThat(API.patch("/v1/queues/dlq-rules", "{\"dead_letter_queue_id\": \"not a name\"}")
                        .errors())
                .singleElement()
                .asString()
                .startsWith("dead_letter_queue_id");
        assertThat(API.get("/v1/queues/dlq-rules").expect(200)).isEqualTo(before);
    }

    @Test
    void aLoopOfDeadLetterQueuesIs409AndChangesNothing() {
        API.createQueue("loop-b");
        JsonNode a = API.createQueue("loop-a", "'dead_letter_queue_id': 'loop-b'");

        String message = API.patch("/v1/queues/loop-b", "{\"dead_letter_queue_id\": \"loop-a\"}")
                .error(409);

        assertThat(message).contains("loop-b -> loop-a -> loop-b");
        assertThat(API.get("/v1/queues/loop-b")
                        .expect(200)
                        .get("dead_letter_queue_id")
                        .isNull())
                .isTrue();
        assertThat(API.get("/v1/queues/loop-a").expect(200)).isEqualTo(a);
    }

    @Test
    void concurrentPatchesOfDifferentSettingsAllTakeEffect() throws Exception {
        API.createQueue("contended");
        List<String> patches = List.of(
                "{\"ack_deadline_seconds\": 61}",
                "{\"message_retention_seconds\": 601}",
                "{\"delivery_delay_seconds\": 6}",
                "{\"max_deliveries\": 4}",
                "{\"backoff_max_seconds\": 9}",
                "{\"max_messages\": 11}");
        ExecutorService threads = Executors.newFixedThreadPool(patches.size());
        try {
            for (int round = 0; round < 5; round++) {
                API.put("/v1/queues/contended", "{}").expect(200);
                List<CompletableFuture<Integer>> answers = new ArrayList<>();
                for (String patch : patches) {
                    answers.add(CompletableFuture.supplyAsync(
                            () -> API.patch("/v1/queues/contended", patch).status(), threads));
                }
                for (CompletableFuture<Integer> answer : answers) {
                    assertThat(answer.get(30, TimeUnit.SECONDS)).isEqualTo(200);
                }

                JsonNode after = API.get("/v1/queues/contended").expect(200);
                assertThat(after.get("ack_deadline_seconds").asInt()).isEqualTo(61);
                assertThat(after.get("message_retention_seconds").asInt()).isEqualTo(601);
                assertThat(after.get("delivery_delay_seconds").asInt()).isEqualTo(6);
                assertThat(after.get("max_deliveries").asInt()).isEqualTo(4);
                assertThat(after.get("backoff_max_seconds").asInt()).isEqualTo(9);
                assertThat(after.get("max_messages").asLong()).isEqualTo(11);
            }
        } finally {
            threads.shutdownNow();
        }
    }
}
