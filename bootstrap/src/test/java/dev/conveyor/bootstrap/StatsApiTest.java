package dev.conveyor.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import dev.conveyor.application.fakes.MutableClock;
import dev.conveyor.postgres.testing.TestDatabase;
import io.dropwizard.testing.ConfigOverride;
import io.dropwizard.testing.junit5.DropwizardAppExtension;
import io.dropwizard.testing.junit5.DropwizardExtensionsSupport;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * {@code /v1/stats} and the queues' history, on a server that samples every 100 ms of real time but whose clock
 * moves only when the test moves it: a new sample is taken, and the activity counted so far recorded, only after
 * the clock has moved, so each step below knows exactly what the server has seen.
 */
@ExtendWith(DropwizardExtensionsSupport.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class StatsApiTest {
    static final TestDatabase DB = TestDatabase.create();
    static final MutableClock CLOCK = ConveyorTestApp.clock();
    static final DropwizardAppExtension<ConveyorConfiguration> APP = ConveyorTestApp.extension(
            DB,
            CLOCK,
            ConfigOverride.config("monitoring.queueStatsInterval", "100ms"),
            ConfigOverride.config("monitoring.statsHistory", "10m"));
    static final Api API = new Api(APP);

    /** When the sample holding the scripted activity was taken. */
    static Instant sampled;

    @BeforeAll
    static void publishReceiveAndAckThenLetTheServerSample() throws InterruptedException {
        API.createQueue("a");
        API.createQueue("b");
        API.publish("a", "[{\"body\": 1}, {\"body\": 2}, {\"body\": 3}]");
        String receipt = API.receive("a", 1).get(0).get("receipt").asText();
        API.ack("a", receipt);

        CLOCK.advance(Duration.ofSeconds(1));
        JsonNode row = awaitRow("a", r -> r.get("available").asLong() == 2);
        sampled = Instant.parse(row.get("sampled_at").asText());
        // The bucket the activity went into is complete once the clock is past it.
        CLOCK.advance(Duration.ofSeconds(1));
    }

    @AfterAll
    static void dropDatabase() {
        DB.close();
    }

    /** Polls /v1/stats until the row of {@code queue} satisfies {@code ready}; answers it. */
    private static JsonNode awaitRow(String queue, Predicate<JsonNode> ready) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        JsonNode last = null;
        while (System.nanoTime() < deadline) {
            for (JsonNode row : API.get("/v1/stats").expect(200).get("data")) {
                if (row.get("queue_id").asText().equals(queue)) {
                    last = row;
                    if (!row.get("available").isNull() && ready.test(row)) {
                        return row;
                    }
                }
            }
            Thread.sleep(50);
        }
        throw new AssertionError("no sample of " + queue + " as expected; last row: " + last);
    }

    @Test
    void theOverviewListsEveryQueueWithItsSampledCountsAndItsRatesOverEveryInstance() throws Exception {
        JsonNode overview = API.get("/v1/stats").expect(200);
        assertThat(overview.get("interval_seconds").asDouble()).isEqualTo(0.1);
        assertThat(overview.get("rate_window_seconds").asLong()).isEqualTo(60);
        assertThat(overview.get("limit").asInt()).isEqualTo(100);

        JsonNode a = awaitRow("a", r -> r.get("rates").get("published").asDouble() > 0);
        assertThat(a.get("available").asLong()).isEqualTo(2);
        assertThat(a.get("in_flight").asLong()).isZero();
        assertThat(a.get("delayed").asLong()).isZero();
        assertThat(a.get("total").asLong()).isEqualTo(2);
        assertThat(a.get("oldest_available_age_seconds").asLong()).isGreaterThanOrEqualTo(1);
        JsonNode rates = a.get("rates");
        assertThat(rates.get("published").asDouble()).isEqualTo(3 / 60.0);
        assertThat(rates.get("received").asDouble()).isEqualTo(1 / 60.0);
        assertThat(rates.get("acked").asDouble()).isEqualTo(1 / 60.0);
        assertThat(rates.get("nacked").asDouble()).isZero();
        assertThat(rates.get("dead_lettered").asDouble()).isZero();
        assertThat(rates.get("expired").asDouble()).isZero();

        JsonNode b = awaitRow("b", r -> true);
        assertThat(b.get("total").asLong()).isZero();
        assertThat(b.get("oldest_available_age_seconds").isNull()).isTrue();
    }

    @Test
    void aQueueCreatedAfterTheLatestSampleIsListedWithoutCounts() {
        API.createQueue("c-new");

        JsonNode page = API.get("/v1/stats?offset=2&limit=1").expect(200);

        assertThat(page.get("data")).hasSize(1);
        JsonNode c = page.get("data").get(0);
        assertThat(c.get("queue_id").asText()).isEqualTo("c-new");
        assertThat(c.get("sampled_at").isNull()).isTrue();
        assertThat(c.get("available").isNull()).isTrue();
        assertThat(c.get("total").isNull()).isTrue();
        assertThat(c.get("rates").get("published").asDouble()).isZero();
    }

    @Test
    void aQueuesHistoryHasAPointPerStepWithTheCountsAndRatesOfTheStep() {
        JsonNode history = API.get("/v1/queues/a/stats/history?window_seconds=600&step_seconds=60")
                .expect(200);

        assertThat(history.get("queue_id").asText()).isEqualTo("a");
        assertThat(history.get("step_seconds").asLong()).isEqualTo(60);
        Instant from = Instant.parse(history.get("from").asText());
        Instant to = Instant.parse(history.get("to").asText());
        assertThat(Duration.between(from, to)).isEqualTo(Duration.ofMinutes(10));
        JsonNode points = history.get("data");
        assertThat(points).hasSize(10);
        List<JsonNode> withCounts = new ArrayList<>();
        points.forEach(p -> {
            if (!p.get("available").isNull()) {
                withCounts.add(p);
            }
        });
        assertThat(withCounts).isNotEmpty();
        JsonNode latest = withCounts.get(withCounts.size() - 1);
        assertThat(latest.get("available").asLong()).isEqualTo(2);
        double published = 0;
        for (JsonNode p : points) {
            published += p.get("rates").get("published").asDouble() * 60;
        }
        assertThat(published).as("every publish lands in one step").isCloseTo(3.0, within(1e-9));
    }

    @Test
    void theHistoryOfEveryQueueSharesOneWindow() {
        JsonNode page =
                API.get("/v1/stats/history?window_seconds=120&step_seconds=30").expect(200);

        assertThat(page.get("step_seconds").asLong()).isEqualTo(30);
        assertThat(page.get("data")).isNotEmpty();
        page.get("data").forEach(series -> assertThat(series.get("points")).hasSize(4));
        assertThat(page.get("data").get(0).get("queue_id").asText()).isEqualTo("a");
    }

    @Test
    void badWindowsAreRefusedNamingTheParameterAndAnUnknownQueueIsNotFound() {
        assertThat(API.get("/v1/queues/a/stats/history?window_seconds=601").errors())
                .as("no longer than the history kept: 10 minutes here")
                .containsExactly("window_seconds must be between 60 and 600");
        assertThat(API.get("/v1/queues/a/stats/history?window_seconds=600&step_seconds=0")
                        .errors())
                .containsExactly("step_seconds must be between 1 and 600");
        assertThat(API.get("/v1/stats/history?step_seconds=ten").errors())
                .containsExactly("step_seconds must be an integer");
        assertThat(API.get("/v1/stats?limit=0").errors()).containsExactly("limit must be between 1 and 1000");
        assertThat(API.get("/v1/queues/nowhere/stats/history").error(404)).contains("nowhere");
    }

    @Test
    @Order(Integer.MAX_VALUE) // last: it moves the clock past everything the others look at
    void samplesAndActivityOlderThanTheHistoryKeptAreForgotten() throws Exception {
        API.createQueue("forgotten");
        CLOCK.advance(Duration.ofMinutes(11));
        awaitRow("forgotten", r -> true);

        long old = DB.jdbi()
                .withHandle(h -> h.createQuery(
                                "SELECT (SELECT count(*) FROM queue_stats_samples WHERE sampled_at <= :sampled)"
                                        + " + (SELECT count(*) FROM queue_activity WHERE bucket <= :sampled)")
                        .bind("sampled", java.time.OffsetDateTime.ofInstant(sampled, java.time.ZoneOffset.UTC))
                        .mapTo(Long.class)
                        .one());
        assertThat(old).isZero();
    }
}
