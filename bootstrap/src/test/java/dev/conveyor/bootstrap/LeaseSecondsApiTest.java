package dev.conveyor.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.conveyor.application.fakes.MutableClock;
import dev.conveyor.postgres.testing.TestDatabase;
import io.dropwizard.testing.junit5.DropwizardAppExtension;
import io.dropwizard.testing.junit5.DropwizardExtensionsSupport;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** {@code lease_seconds} on {@code POST /v1/queues/{id}/receive}; time moves only when the test moves CLOCK. */
@ExtendWith(DropwizardExtensionsSupport.class)
class LeaseSecondsApiTest {
    static final TestDatabase DB = TestDatabase.create();
    static final MutableClock CLOCK = ConveyorTestApp.clock();
    static final DropwizardAppExtension<ConveyorConfiguration> APP = ConveyorTestApp.extension(DB, CLOCK);
    static final Api API = new Api(APP);

    @AfterAll
    static void dropDatabase() {
        DB.close();
    }

    @Test
    void theLeaseLastsLeaseSecondsNotTheAckDeadline() {
        API.createQueue("lease-long", "'ack_deadline_seconds': 30");
        API.publish("lease-long", "{\"body\": 1}");
        Instant receivedAt = CLOCK.instant();

        JsonNode first = API.receive("lease-long", "{\"lease_seconds\": 600}").get(0);

        assertThat(Api.timestamp(first.get("lease_expires_at"))).isEqualTo(receivedAt.plusSeconds(600));
        CLOCK.advance(Duration.ofSeconds(31)); // past the queue's ack deadline
        assertThat(API.receive("lease-long", 10)).isEmpty();
        CLOCK.advance(Duration.ofSeconds(568)); // 1 s before the lease ends
        assertThat(API.receive("lease-long", 10)).isEmpty();
        CLOCK.advance(Duration.ofSeconds(1));
        JsonNode second = API.receive("lease-long", 10).get(0);
        assertThat(second.get("id")).isEqualTo(first.get("id"));
        assertThat(second.get("delivery_attempts").asInt()).isEqualTo(2);
        // Without lease_seconds, the queue's ack deadline again.
        assertThat(Api.timestamp(second.get("lease_expires_at")))
                .isEqualTo(CLOCK.instant().plusSeconds(30));
    }

    @Test
    void aLeaseShorterThanTheAckDeadlineEndsSooner() {
        API.createQueue("lease-short", "'ack_deadline_seconds': 300");
        API.publish("lease-short", "{\"body\": 1}");

        API.receive("lease-short", "{\"lease_seconds\": 1, \"max_messages\": 10}");

        assertThat(API.receive("lease-short", 10)).isEmpty();
        CLOCK.advance(Duration.ofSeconds(1));
        assertThat(API.receive("lease-short", 10)).hasSize(1);
    }

    @Test
    void theLongestLeaseIs43200Seconds() {
        API.createQueue("lease-max");
        API.publish("lease-max", "{\"body\": 1}");

        JsonNode leased = API.receive("lease-max", "{\"lease_seconds\": 43200}").get(0);

        assertThat(Api.timestamp(leased.get("lease_expires_at")))
                .isEqualTo(CLOCK.instant().plusSeconds(43_200));
    }

    @Test
    void leaseSecondsOutOfBoundsIs422NamingTheFieldAndLeasesNothing() {
        API.createQueue("lease-bounds");
        API.publish("lease-bounds", "{\"body\": 1}");

        for (String bad : List.of("0", "43201", "-1", "\"60\"", "1.5", "99999999999")) {
            assertThat(API.post("/v1/queues/lease-bounds/receive", "{\"lease_seconds\": " + bad + "}")
                            .errors())
                    .as("lease_seconds %s", bad)
                    .anySatisfy(e -> assertThat(e).contains("lease_seconds"));
        }
        assertThat(API.post("/v1/queues/lease-bounds/receive", "{\"lease_seconds\": 0}")
                        .errors())
                .containsExactly("lease_seconds must be between 1 and 43200");
        List<String> both = API.post("/v1/queues/lease-bounds/receive", "{\"lease_seconds\": 0, \"max_messages\": 0}")
                .errors();
        assertThat(both).anySatisfy(e -> assertThat(e).contains("lease_seconds"));
        assertThat(both).anySatisfy(e -> assertThat(e).contains("max_messages"));

        assertThat(API.stats("lease-bounds").get("available").asInt()).isEqualTo(1);
        assertThat(API.stats("lease-bounds").get("in_flight").asInt()).isZero();
    }

    @Test
    void anExplicitNullLeaseSecondsIsTheAckDeadline() {
        API.createQueue("lease-null", "'ack_deadline_seconds': 45");
        API.publish("lease-null", "{\"body\": 1}");

        JsonNode leased = API.receive("lease-null", "{\"lease_seconds\": null}").get(0);

        assertThat(Api.timestamp(leased.get("lease_expires_at")))
                .isEqualTo(CLOCK.instant().plusSeconds(45));
    }
}
