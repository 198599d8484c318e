package dev.conveyor.bootstrap;

import static dev.conveyor.bootstrap.Api.j;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.conveyor.application.fakes.MutableClock;
import dev.conveyor.postgres.testing.TestDatabase;
import io.dropwizard.testing.junit5.DropwizardAppExtension;
import io.dropwizard.testing.junit5.DropwizardExtensionsSupport;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Nack backoff over HTTP: a nack without delay_seconds makes the message visible again after
 * min(backoff_max, backoff_min * 2^(n-1)) seconds, n being the delivery nacked. Time moves only with CLOCK.
 */
@ExtendWith(DropwizardExtensionsSupport.class)
class BackoffApiTest {
    static final TestDatabase DB = TestDatabase.create();
    static final MutableClock CLOCK = ConveyorTestApp.clock();
    static final DropwizardAppExtension<ConveyorConfiguration> APP = ConveyorTestApp.extension(DB, CLOCK);
    static final Api API = new Api(APP);

    @AfterAll
    static void dropDatabase() {
        DB.close();
    }

    @Test
    void successiveNacksWaitTwoFourEightThenTheMaximum() {
        API.createQueue("doubling", "'backoff_min_seconds': 2, 'backoff_max_seconds': 10, 'ack_deadline_seconds': 600");
        API.publish("doubling", "{\"body\": 1}");

        int delivery = 0;
        for (int wait : new int[] {2, 4, 8, 10, 10}) {
            JsonNode message = receiveOne("doubling");
            delivery++;
            assertThat(message.get("delivery_attempts").asInt()).isEqualTo(delivery);
            JsonNode outcome = nack("doubling", "{'receipts': %s}", receipt(message));
            assertThat(Api.texts(outcome.get("succeeded"))).containsExactly(receipt(message));

            assertVisibleAfter("doubling", Duration.ofSeconds(wait), "nack of delivery " + delivery);
        }
        assertThat(receiveOne("doubling").get("delivery_attempts").asInt()).isEqualTo(6);
    }

    @Test
    void aNackedMessageWaitingForItsBackoffCountsAsDelayed() {
        API.createQueue("backoff-stats", "'backoff_min_seconds': 5, 'backoff_max_seconds': 5");
        API.publish("backoff-stats", "{\"body\": 1}");
        nack("backoff-stats", "{'receipts': %s}", receipt(receiveOne("backoff-stats")));

        JsonNode stats = API.stats("backoff-stats");
        assertThat(stats.get("delayed").asInt()).isEqualTo(1);
        assertThat(stats.get("available").asInt()).isZero();
        assertThat(stats.get("in_flight").asInt()).isZero();
        assertThat(stats.get("oldest_available_age_seconds").isNull()).isTrue();
    }

    @Test
    void anExplicitDelayOverridesTheBackoff() {
        API.createQueue("override", "'backoff_min_seconds': 2, 'backoff_max_seconds': 10, 'ack_deadline_seconds': 600");
        API.publish("override", "{\"body\": 1}");

        // First delivery: the backoff would be 2 s; the nack asks for 5.
        nack("override", "{'receipts': %s, 'delay_seconds': 5}", receipt(receiveOne("override")));
        assertVisibleAfter("override", Duration.ofSeconds(5), "delay_seconds 5 over a 2 s backoff");

        // Second delivery: the backoff would be 4 s; the nack asks for 1.
        nack("override", "{'receipts': %s, 'delay_seconds': 1}", receipt(receiveOne("override")));
        assertVisibleAfter("override", Duration.ofSeconds(1), "delay_seconds 1 under a 4 s backoff");

        // Third delivery: delay_seconds 0 means at once, whatever the backoff.
        nack("override", "{'receipts': %s, 'delay_seconds': 0}", receipt(receiveOne("override")));
        assertThat(receiveOne("override").get("delivery_attempts").asInt()).isEqualTo(4);
    }

    @Test
    void withoutBackoffANackedMessageIsVisibleAtOnce() {
        API.createQueue("zero-zero", "'backoff_min_seconds': 0, 'backoff_max_seconds': 0");
        API.createQueue("zero-default");
        API.createQueue("zero-min", "'backoff_min_seconds': 0, 'backoff_max_seconds': 60");
        for (String queue : new String[] {"zero-zero", "zero-default", "zero-min"}) {
            API.publish(queue, "{\"body\": 1}");
            for (int delivery = 1; delivery <= 5; delivery++) {
                JsonNode message = receiveOne(queue);
                assertThat(message.get("delivery_attempts").asInt()).as(queue).isEqualTo(delivery);
                nack(queue, "{'receipts': %s}", receipt(message));
            }
            assertThat(API.stats(queue).get("available").asInt()).as(queue).isEqualTo(1);
        }
    }

    @Test
    void theBackoffSaturatesAtTheMaximumForManyAttempts() {
        // 1 s doubled: 1, 2, 4, ... 32768, then 43200 (the largest maximum) from the 17th delivery on.
        API.createQueue("saturating", "'backoff_min_seconds': 1, 'backoff_max_seconds': 43200");
        API.publish("saturating", "{\"body\": 1}");

        for (int delivery = 1; delivery <= 40; delivery++) {
            JsonNode message = receiveOne("saturating");
            assertThat(message.get("delivery_attempts").asInt()).isEqualTo(delivery);
            nack("saturating", "{'receipts': %s}", receipt(message));
            long expected = delivery <= 16 ? 1L << (delivery - 1) : 43_200L;
            assertVisibleAfter("saturating", Duration.ofSeconds(expected), "nack of delivery " + delivery);
        }
        assertThat(receiveOne("saturating").get("delivery_attempts").asInt()).isEqualTo(41);
    }

    @Test
    void aMessageWithAThousandAttemptsStillBacksOffByTheMaximum() {
        API.createQueue("thousand", "'backoff_min_seconds': 43200, 'backoff_max_seconds': 43200");
        API.publish("thousand", "{\"body\": 1}");
        for (int delivery = 1; delivery < 1000; delivery++) {
            nack("thousand", "{'receipts': %s, 'delay_seconds': 0}", receipt(receiveOne("thousand")));
        }
        JsonNode thousandth = receiveOne("thousand");
        assertThat(thousandth.get("delivery_attempts").asInt()).isEqualTo(1000);

        JsonNode outcome = nack("thousand", "{'receipts': %s}", receipt(thousandth));

        assertThat(outcome.get("succeeded")).hasSize(1);
        assertVisibleAfter("thousand", Duration.ofSeconds(43_200), "nack of delivery 1000");
        assertThat(receiveOne("thousand").get("delivery_attempts").asInt()).isEqualTo(1001);
    }

    /** Moves the clock to 1 s, then 1 ms, before {@code wait} (nothing to receive) and then to it (visible). */
    private static void assertVisibleAfter(String queueId, Duration wait, String what) {
        CLOCK.advance(wait.minusSeconds(1));
        assertThat(API.receive(queueId, 1)).as("%s: 1 s before %s", what, wait).isEmpty();
        CLOCK.advance(Duration.ofMillis(999));
        assertThat(API.receive(queueId, 1)).as("%s: 1 ms before %s", what, wait).isEmpty();
        CLOCK.advance(Duration.ofMillis(1));
        assertThat(API.stats(queueId).get("available").asInt())
                .as("%s: at %s", what, wait)
                .isEqualTo(1);
    }

    private static JsonNode receiveOne(String queueId) {
        JsonNode received = API.receive(queueId, 1);
        assertThat(received).as("a message to receive from %s", queueId).hasSize(1);
        return received.get(0);
    }

    private static String receipt(JsonNode message) {
        return message.get("receipt").asText();
    }

    private static JsonNode nack(String queueId, String template, String... receipts) {
        JsonNode outcome = API.post("/v1/queues/" + queueId + "/nack", j(template, Api.array(receipts)))
                .expect(200);
        assertThat(outcome.get("failed"))
                .as("failed receipts of a nack on %s", queueId)
                .isEmpty();
        return outcome;
    }
}
