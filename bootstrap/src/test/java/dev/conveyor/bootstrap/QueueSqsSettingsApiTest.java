package dev.conveyor.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.conveyor.application.fakes.MutableClock;
import dev.conveyor.postgres.testing.TestDatabase;
import io.dropwizard.testing.junit5.DropwizardAppExtension;
import io.dropwizard.testing.junit5.DropwizardExtensionsSupport;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The queue settings added for the SQS endpoint, on /v1: receive_wait_seconds, max_message_bytes and
 * allowed_dead_letter_sources, through create, GET, PUT and PATCH, with their bounds.
 */
@ExtendWith(DropwizardExtensionsSupport.class)
class QueueSqsSettingsApiTest {
    static final TestDatabase DB = TestDatabase.create();
    static final MutableClock CLOCK = ConveyorTestApp.clock();
    static final DropwizardAppExtension<ConveyorConfiguration> APP = ConveyorTestApp.extension(DB, CLOCK);
    static final Api API = new Api(APP);

    @AfterAll
    static void dropDatabase() {
        DB.close();
    }

    @Test
    void theSettingsHaveDefaultsAndAreSetReplacedAndPatched() {
        JsonNode plain = API.post("/v1/queues", "{\"id\": \"v1-plain\"}").expect(201);
        assertThat(plain.get("receive_wait_seconds").asInt()).isZero();
        assertThat(plain.get("max_message_bytes").asInt()).isEqualTo(262_144);
        assertThat(plain.has("allowed_dead_letter_sources")).isTrue();
        assertThat(plain.get("allowed_dead_letter_sources").isNull()).isTrue();

        JsonNode created = API.post(
                        "/v1/queues",
                        "{\"id\": \"v1-set\", \"receive_wait_seconds\": 20, \"max_message_bytes\": 1024,"
                                + " \"allowed_dead_letter_sources\": [\"v1-plain\"]}")
                .expect(201);
        assertThat(created.get("receive_wait_seconds").asInt()).isEqualTo(20);
        assertThat(created.get("max_message_bytes").asInt()).isEqualTo(1024);
        assertThat(Api.texts(created.get("allowed_dead_letter_sources"))).containsExactly("v1-plain");
        assertThat(API.get("/v1/queues/v1-set").expect(200)).isEqualTo(created);

        JsonNode patched = API.patch(
                        "/v1/queues/v1-set", "{\"receive_wait_seconds\": 5, \"allowed_dead_letter_sources\": []}")
                .expect(200);
        assertThat(patched.get("receive_wait_seconds").asInt()).isEqualTo(5);
        assertThat(patched.get("max_message_bytes").asInt()).isEqualTo(1024);
        assertThat(patched.get("allowed_dead_letter_sources")).isEmpty();
        JsonNode reset = API.patch(
                        "/v1/queues/v1-set", "{\"allowed_dead_letter_sources\": null, \"max_message_bytes\": null}")
                .expect(200);
        assertThat(reset.get("allowed_dead_letter_sources").isNull()).isTrue();
        assertThat(reset.get("max_message_bytes").asInt()).isEqualTo(262_144);
        assertThat(reset.get("receive_wait_seconds").asInt()).isEqualTo(5);

        JsonNode replaced =
                API.put("/v1/queues/v1-set", "{\"max_message_bytes\": 2048}").expect(200);
        assertThat(replaced.get("receive_wait_seconds").asInt()).isZero();
        assertThat(replaced.get("max_message_bytes").asInt()).isEqualTo(2048);
    }

    @Test
    void outOfBoundValuesAreRefusedNamingEachAndChangeNothing() {
        API.post("/v1/queues", "{\"id\": \"v1-bounds\"}").expect(201);
        JsonNode before = API.get("/v1/queues/v1-bounds").expect(200);

        JsonNode refused = API.patch(
                        "/v1/queues/v1-bounds", "{\"receive_wait_seconds\": 21, \"max_message_bytes\": 262145}")
                .expect(422);
        assertThat(refused.toString()).contains("receive_wait_seconds", "max_message_bytes");
        String eleven = "[\"a0\",\"a1\",\"a2\",\"a3\",\"a4\",\"a5\",\"a6\",\"a7\",\"a8\",\"a9\",\"a10\"]";
        assertThat(API.patch("/v1/queues/v1-bounds", "{\"allowed_dead_letter_sources\": " + eleven + "}")
                        .expect(422)
                        .toString())
                .contains("allowed_dead_letter_sources", "1 to 10");
        API.post("/v1/queues", "{\"id\": \"v1-never\", \"max_message_bytes\": 1023}")
                .expect(422);
        API.post("/v1/queues", "{\"id\": \"v1-never\", \"allowed_dead_letter_sources\": [\"not a name\"]}")
                .expect(422);
        API.put("/v1/queues/v1-bounds", "{\"receive_wait_seconds\": -1}").expect(422);
        assertThat(API.get("/v1/queues/v1-bounds").expect(200)).isEqualTo(before);
        API.get("/v1/queues/v1-never").expect(404);
    }
}
