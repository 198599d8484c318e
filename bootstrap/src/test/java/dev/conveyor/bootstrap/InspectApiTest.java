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
import java.util.List;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Looking into a queue without consuming: browsing its messages and counting them by state. */
@ExtendWith(DropwizardExtensionsSupport.class)
class InspectApiTest {
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
    static final List<String> STATS_FIELDS =
            List.of("queue_id", "available", "in_flight", "delayed", "total", "oldest_available_age_seconds");

    @AfterAll
    static void dropDatabase() {
        DB.close();
    }

    // ---- browse

    @Test
    void browseListsTheStoredMessagesOldestFirstWithoutLeasingThem() {
        API.createQueue("browse");
        Instant first = CLOCK.instant();
        API.publish("browse", "{\"body\": 0, \"attributes\": {\"a\": \"b\"}, \"label\": \"l\"}");
        CLOCK.advance(Duration.ofSeconds(1));
        API.publish("browse", "[{\"body\": 1}, {\"body\": 2}]");

        JsonNode page = API.get("/v1/queues/browse/messages").expect(200);

        assertThat(page.properties()).extracting(e -> e.getKey()).containsExactlyInAnyOrder("data", "limit", "offset");
        assertThat(page.get("limit").asInt()).isEqualTo(100);
        assertThat(page.get("offset").asInt()).isEqualTo(0);
        JsonNode data = page.get("data");
        assertThat(bodies(data)).containsExactly(0, 1, 2);
        JsonNode oldest = data.get(0);
        assertThat(oldest.properties()).extracting(e -> e.getKey()).containsExactlyInAnyOrderElementsOf(MESSAGE_FIELDS);
        assertThat(oldest.get("queue_id").asText()).isEqualTo("browse");
        assertThat(oldest.get("attributes")).isEqualTo(Api.parse("{\"a\": \"b\"}"));
        assertThat(oldest.get("label").asText()).isEqualTo("l");
        assertThat(oldest.get("delivery_attempts").asInt()).isZero();
        assertThat(Api.timestamp(oldest.get("created_at"))).isEqualTo(first);
        assertThat(oldest.get("lease_expires_at").isNull()).isTrue();
        assertThat(oldest.get("receipt").isNull()).isTrue();
        data.forEach(m -> assertThat(m.get("receipt").isNull()).isTrue());

        JsonNode stats = API.stats("browse");
        assertThat(stats.get("available").asInt()).isEqualTo(3);
        assertThat(stats.get("in_flight").asInt()).isZero();
        JsonNode received = API.receive("browse", 10);
        assertThat(bodies(received)).containsExactly(0, 1, 2);
        received.forEach(m -> assertThat(m.get("delivery_attempts").asInt()).isEqualTo(1));
    }

    @Test
    void browseShowsLeasedAndDelayedMessagesTooAndTheirLeases() {
        API.createQueue("browse-all", "'ack_deadline_seconds': 30");
        API.publish("browse-all", "[{\"body\": 0}, {\"body\": 1, \"delay_seconds\": 60}]");
        API.receive("browse-all", 10);

        JsonNode data = API.browse("browse-all");

        assertThat(bodies(data)).containsExactly(0, 1);
        assertThat(data.get(0).get("delivery_attempts").asInt()).isEqualTo(1);
        assertThat(Api.timestamp(data.get(0).get("lease_expires_at")))
                .isEqualTo(CLOCK.instant().plusSeconds(30));
        assertThat(data.get(0).get("receipt").isNull()).isTrue();
        assertThat(data.get(1).get("delivery_attempts").asInt()).isZero();
        assertThat(data.get(1).get("lease_expires_at").isNull()).isTrue();
    }

    @Test
    void browsePagesWithLimitAndOffset() {
        API.createQueue("browse-page");
        API.publish("browse-page", "[{\"body\": 0}, {\"body\": 1}, {\"body\": 2}, {\"body\": 3}, {\"body\": 4}]");

        JsonNode page =
                API.get("/v1/queues/browse-page/messages?limit=2&offset=1").expect(200);
        assertThat(page.get("limit").asInt()).isEqualTo(2);
        assertThat(page.get("offset").asInt()).isEqualTo(1);
        assertThat(bodies(page.get("data"))).containsExactly(1, 2);
        assertThat(bodies(API.get("/v1/queues/browse-page/messages?limit=2&offset=4")
                        .expect(200)
                        .get("data")))
                .containsExactly(4);
        assertThat(API.get("/v1/queues/browse-page/messages?offset=5")
                        .expect(200)
                        .get("data"))
                .isEmpty();
        for (String bad : List.of("limit=0", "limit=1001", "limit=x", "offset=-1")) {
            assertThat(API.get("/v1/queues/browse-page/messages?" + bad).errors())
                    .anySatisfy(e -> assertThat(e).contains(bad.split("=")[0]));
        }
        assertThat(API.stats("browse-page").get("available").asInt()).isEqualTo(5);
    }

    @Test
    void browseOfAMissingQueueIs404() {
        assertThat(API.get("/v1/queues/no-browse/messages").error(404)).contains("no-browse");
    }

    // ---- stats

    @Test
    void statsOfAnEmptyQueueAreZeroWithANullAge() {
        API.createQueue("stats-empty");

        JsonNode stats = API.get("/v1/queues/stats-empty/stats").expect(200);

        assertThat(stats.properties()).extracting(e -> e.getKey()).containsExactlyInAnyOrderElementsOf(STATS_FIELDS);
        assertThat(stats.get("queue_id").asText()).isEqualTo("stats-empty");
        assertThat(stats.get("available").asLong()).isZero();
        assertThat(stats.get("in_flight").asLong()).isZero();
        assertThat(stats.get("delayed").asLong()).isZero();
        assertThat(stats.get("total").asLong()).isZero();
        assertThat(stats.get("oldest_available_age_seconds").isNull()).isTrue();
    }

    @Test
    void statsCountMessagesByState() {
        API.createQueue("stats-states", "'ack_deadline_seconds': 30");
        API.publish(
                "stats-states", "[{\"body\": 0}, {\"body\": 1}, {\"body\": 2}, {\"body\": 3, \"delay_seconds\": 60}]");
        JsonNode leased = API.receive("stats-states", 2);
        API.post(
                        "/v1/queues/stats-states/nack",
                        j(
                                "{'receipts': %s, 'delay_seconds': 100}",
                                Api.array(leased.get(1).get("receipt").asText())))
                .expect(200);

        JsonNode stats = API.stats("stats-states");

        assertThat(stats.get("available").asLong()).isEqualTo(1);
        assertThat(stats.get("in_flight").asLong()).isEqualTo(1);
        assertThat(stats.get("delayed").asLong()).isEqualTo(2); // one published with a delay, one nacked with one
        assertThat(stats.get("total").asLong()).isEqualTo(4);
        assertThat(stats.get("oldest_available_age_seconds").asLong()).isZero();

        CLOCK.advance(Duration.ofSeconds(31)); // the lease ends
        stats = API.stats("stats-states");
        assertThat(stats.get("available").asLong()).isEqualTo(2);
        assertThat(stats.get("in_flight").asLong()).isZero();
        assertThat(stats.get("delayed").asLong()).isEqualTo(2);
        assertThat(stats.get("total").asLong()).isEqualTo(4);

        API.ack("stats-states", leased.get(0).get("receipt").asText());
        assertThat(API.stats("stats-states").get("total").asLong()).isEqualTo(3);
    }

    @Test
    void theAgeIsOfTheOldestMessageThatCouldBeReceivedNow() {
        API.createQueue("stats-age");
        API.publish("stats-age", "{\"body\": 1}");
        assertThat(API.stats("stats-age").get("oldest_available_age_seconds").asLong())
                .isZero();

        CLOCK.advance(Duration.ofSeconds(90));

        JsonNode age = API.stats("stats-age").get("oldest_available_age_seconds");
        assertThat(age.isIntegralNumber()).isTrue();
        assertThat(age.asLong()).isGreaterThanOrEqualTo(90).isLessThan(100);
    }

    @Test
    void theAgeIsNullWhenEveryMessageIsLeasedOrDelayed() {
        API.createQueue("stats-none-available");
        API.publish("stats-none-available", "[{\"body\": 1}, {\"body\": 2, \"delay_seconds\": 600}]");
        CLOCK.advance(Duration.ofSeconds(5));
        API.receive("stats-none-available", 10);

        JsonNode stats = API.stats("stats-none-available");

        assertThat(stats.get("available").asLong()).isZero();
        assertThat(stats.get("oldest_available_age_seconds").isNull()).isTrue();
        assertThat(stats.get("total").asLong()).isEqualTo(2);
    }

    /** A message past the queue's retention can never be received, so it is not available and has no age. */
    @Test
    void aMessagePastItsRetentionIsNotCountedAsAvailable() {
        API.createQueue("stats-expired", "'message_retention_seconds': 60");
        API.publish("stats-expired", "{\"body\": 1}");
        CLOCK.advance(Duration.ofSeconds(61));
        assertThat(API.receive("stats-expired", 10)).isEmpty();

        JsonNode stats = API.stats("stats-expired");

        assertThat(stats.get("available").asLong()).isZero();
        assertThat(stats.get("oldest_available_age_seconds").isNull()).isTrue();
    }

    @Test
    void statsOfAMissingQueueIs404() {
        assertThat(API.get("/v1/queues/no-stats/stats").error(404)).contains("no-stats");
    }

    private static List<Integer> bodies(JsonNode messages) {
        return StreamSupport.stream(messages.spliterator(), false)
                .map(m -> m.get("body").asInt())
                .toList();
    }
}
