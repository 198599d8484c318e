package dev.conveyor.bootstrap;

import static dev.conveyor.bootstrap.Api.j;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.conveyor.application.fakes.MutableClock;
import dev.conveyor.postgres.testing.TestDatabase;
import io.dropwizard.testing.ConfigOverride;
import io.dropwizard.testing.junit5.DropwizardAppExtension;
import io.dropwizard.testing.junit5.DropwizardExtensionsSupport;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * {@code GET /metrics}: after a scripted publish, receive, ack, nack sequence the per-queue counters hold
 * exactly what happened, the sampled gauges follow the stored messages, and HTTP requests are counted per
 * route template. Each test uses queues of its own, as the counters live as long as the server.
 */
@ExtendWith(DropwizardExtensionsSupport.class)
class MetricsApiTest {
    static final TestDatabase DB = TestDatabase.create();
    static final MutableClock CLOCK = ConveyorTestApp.clock();
    static final DropwizardAppExtension<ConveyorConfiguration> APP =
            ConveyorTestApp.extension(DB, CLOCK, ConfigOverride.config("monitoring.queueStatsInterval", "100ms"));

    private final Api api = new Api(APP);

    @AfterAll
    static void dropDatabase() {
        DB.close();
    }

    private String scrape() {
        Api.Reply reply = api.get("/metrics");
        assertThat(reply.status()).isEqualTo(200);
        assertThat(reply.contentType()).startsWith("text/plain").contains("version=0.0.4");
        return reply.text();
    }

    /** The value of the one sample with exactly these labels, if present. */
    static OptionalDouble value(String text, String name, Map<String, String> labels) {
        Pattern line = Pattern.compile("^" + Pattern.quote(name) + "(\\{.*})? (\\S+)$", Pattern.MULTILINE);
        Matcher m = line.matcher(text);
        while (m.find()) {
            if (labels(m.group(1)).equals(labels)) {
                return OptionalDouble.of(Double.parseDouble(m.group(2)));
            }
        }
        return OptionalDouble.empty();
    }

    private static Map<String, String> labels(String block) {
        if (block == null) {
            return Map.of();
        }
        Map<String, String> labels = new java.util.HashMap<>();
        Matcher m = Pattern.compile("(\\w+)=\"((?:[^\"\\\\]|\\\\.)*)\"").matcher(block);
        while (m.find()) {
            labels.put(m.group(1), m.group(2));
        }
        return labels;
    }

    private double counter(String name, String queue) {
        return value(scrape(), name, Map.of("queue", queue)).orElse(0);
    }

    /**
     * Waits for the sampler (every 100 ms here) to publish this gauge value. A sample is due when the one before
     * is older than 80 ms on the app's clock, which only the test moves.
     */
    private void awaitGauge(String name, String queue, double expected) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        OptionalDouble seen = OptionalDouble.empty();
        while (System.nanoTime() < deadline) {
            seen = value(scrape(), name, Map.of("queue", queue));
            if (seen.isPresent() && seen.getAsDouble() == expected) {
                return;
            }
            Thread.sleep(50);
        }
        assertThat(seen).as(name + "{queue=" + queue + "}").hasValue(expected);
    }

    private List<String> receipts(JsonNode received) {
        return received.findValuesAsText("receipt");
    }

    @Test
    void countersFollowAPublishReceiveAckNackSequence() {
        api.createQueue("metrics.orders", "'ack_deadline_seconds': 30");
        api.createTopic("metrics-topic");
        api.subscribe("metrics-sub", "metrics-topic", "metrics.orders", "{}");
        for (int i = 0; i < 3; i++) {
            api.publish("metrics.orders", j("{'body': 'm%d'}", i));
        }
        api.publishToTopic("metrics-topic", j("[{'body': 'a'}, {'body': 'b'}]"));

        List<String> first = receipts(api.receive("metrics.orders", 4));
        api.ack("metrics.orders", first.get(0), first.get(1));
        api.post("/v1/queues/metrics.orders/nack", j("{'receipts': %s, 'delay_seconds': 0}", Api.array(first.get(2))))
                .expect(200);
        // A receipt acked twice and a malformed one: refused, not counted.
        api.post("/v1/queues/metrics.orders/ack", j("{'receipts': %s}", Api.array(first.get(0), "nope")))
                .expect(200);
        List<String> second = receipts(api.receive("metrics.orders", 10));

        assertThat(counter("conveyor_messages_published_total", "metrics.orders"))
                .isEqualTo(5);
        assertThat(counter("conveyor_messages_received_total", "metrics.orders"))
                .isEqualTo(4 + second.size());
        assertThat(second).hasSize(2); // the nacked one and the fifth
        assertThat(counter("conveyor_messages_acked_total", "metrics.orders")).isEqualTo(2);
        assertThat(counter("conveyor_messages_nacked_total", "metrics.orders")).isEqualTo(1);
        assertThat(counter("conveyor_messages_dead_lettered_total", "metrics.orders"))
                .isZero();
    }

    @Test
    void deadLettersDropsAndExpiriesAreCountedPerSourceQueue() {
        api.createQueue("metrics-dlq");
        api.createQueue("metrics-work", "'max_deliveries': 1, 'dead_letter_queue_id': 'metrics-dlq'");
        api.createQueue("metrics-drop", "'max_deliveries': 1");
        api.createQueue("metrics-short", "'message_retention_seconds': 60");
        api.publish("metrics-work", j("{'body': 'poison'}"));
        api.publish("metrics-drop", j("{'body': 'poison'}"));
        api.publish("metrics-short", j("{'body': 'old'}"));

        api.post(
                        "/v1/queues/metrics-work/nack",
                        j(
                                "{'receipts': %s}",
                                Api.array(
                                        receipts(api.receive("metrics-work", 1)).get(0))))
                .expect(200);
        api.post(
                        "/v1/queues/metrics-drop/nack",
                        j(
                                "{'receipts': %s}",
                                Api.array(
                                        receipts(api.receive("metrics-drop", 1)).get(0))))
                .expect(200);
        CLOCK.advance(Duration.ofSeconds(61));
        api.postNothing("/v1/queues/metrics-short/cleanup").expect(200);

        String text = scrape();
        assertThat(value(text, "conveyor_messages_dead_lettered_total", Map.of("queue", "metrics-work")))
                .hasValue(1);
        assertThat(value(text, "conveyor_messages_dropped_total", Map.of("queue", "metrics-drop")))
                .hasValue(1);
        assertThat(value(text, "conveyor_messages_expired_total", Map.of("queue", "metrics-short")))
                .hasValue(1);
        assertThat(value(text, "conveyor_messages_dead_lettered_total", Map.of("queue", "metrics-dlq")))
                .isEmpty();
    }

    @Test
    void gaugesComeFromThePeriodicSampleOfTheStore() throws Exception {
        api.createQueue("metrics-gauges", "'ack_deadline_seconds': 600");
        api.publish("metrics-gauges", j("{'body': 'now-1'}"));
        api.publish("metrics-gauges", j("{'body': 'now-2'}"));
        api.publish("metrics-gauges", j("{'body': 'later', 'delay_seconds': 600}"));
        api.receive("metrics-gauges", 1);
        CLOCK.advance(Duration.ofSeconds(42));

        awaitGauge("conveyor_queue_messages_available", "metrics-gauges", 1);
        awaitGauge("conveyor_queue_messages_in_flight", "metrics-gauges", 1);
        awaitGauge("conveyor_queue_messages_delayed", "metrics-gauges", 1);
        awaitGauge("conveyor_queue_oldest_message_age_seconds", "metrics-gauges", 42);

        api.delete("/v1/queues/metrics-gauges").expect(204);
        CLOCK.advance(Duration.ofSeconds(1)); // the next sample is due
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (value(scrape(), "conveyor_queue_messages_available", Map.of("queue", "metrics-gauges"))
                        .isPresent()
                && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        assertThat(value(scrape(), "conveyor_queue_messages_available", Map.of("queue", "metrics-gauges")))
                .isEmpty();
        // A sample taken after the queue was counted here, without it: its counters go too.
        assertThat(value(scrape(), "conveyor_messages_published_total", Map.of("queue", "metrics-gauges")))
                .isEmpty();
    }

    @Test
    void requestsAreCountedPerRouteTemplateMethodAndStatusClass() {
        api.createQueue("metrics-routes");
        api.publish("metrics-routes", j("{'body': 'x'}"));
        api.get("/v1/queues/metrics-routes/stats").expect(200);
        api.get("/v1/queues/no-such-queue/stats").expect(404);
        api.get("/v1/nothing/here").expect(404);

        String text = scrape();
        assertThat(value(
                        text,
                        "conveyor_http_requests_total",
                        Map.of("method", "GET", "route", "/v1/queues/{id}/stats", "status", "2xx")))
                .isPresent();
        assertThat(value(
                        text,
                        "conveyor_http_requests_total",
                        Map.of("method", "GET", "route", "/v1/queues/{id}/stats", "status", "4xx")))
                .isPresent();
        assertThat(value(
                        text,
                        "conveyor_http_requests_total",
                        Map.of("method", "POST", "route", "/v1/queues/{id}/messages", "status", "2xx")))
                .isPresent();
        assertThat(value(
                        text,
                        "conveyor_http_requests_total",
                        Map.of("method", "GET", "route", "unmatched", "status", "4xx")))
                .isPresent();
        // Never the raw path: one series per route, whatever the queue.
        assertThat(text).doesNotContain("route=\"/v1/queues/metrics-routes");
        // The latency histogram resolves 1 ms to 10 s.
        Map<String, String> stats = Map.of("method", "GET", "route", "/v1/queues/{id}/stats", "status", "2xx");
        for (String le : List.of("0.001", "0.005", "0.1", "1.0", "10.0", "+Inf")) {
            Map<String, String> bucket = new java.util.HashMap<>(stats);
            bucket.put("le", le);
            assertThat(value(text, "conveyor_http_request_duration_seconds_bucket", bucket))
                    .as(le)
                    .isPresent();
        }
        assertThat(value(text, "conveyor_http_request_duration_seconds_count", stats)
                        .orElseThrow())
                .isGreaterThan(0);
    }

    @Test
    void jvmAndPoolMetricsAreBridgedFromDropwizard() {
        String text = scrape();
        assertThat(value(text, "conveyor_dropwizard_jvm_memory_heap_used", Map.of())
                        .orElseThrow())
                .isGreaterThan(0);
        assertThat(value(text, "conveyor_dropwizard_jvm_threads_count", Map.of())
                        .orElseThrow())
                .isGreaterThan(0);
        assertThat(text).containsPattern("(?m)^conveyor_dropwizard_jvm_gc_\\w+_count ");
        assertThat(text).containsPattern("(?m)^conveyor_dropwizard_io_dropwizard_jetty_\\w+ ");
        assertThat(text).containsPattern("(?m)^conveyor_dropwizard_org_eclipse_jetty_\\w+ ");
        assertThat(value(text, "conveyor_db_pool_active_connections", Map.of())).isPresent();
        assertThat(value(text, "conveyor_db_pool_idle_connections", Map.of())).isPresent();
        assertThat(value(text, "conveyor_db_pool_waiting_requests", Map.of())).hasValue(0);
        assertThat(value(text, "conveyor_db_pool_max_connections", Map.of())).hasValue(16);
        assertThat(value(text, "conveyor_long_polls_waiting", Map.of())).hasValue(0);
        // Every counter we name follows the convention.
        assertThat(text).containsPattern("(?m)^# TYPE conveyor_messages_published_total counter$");
    }

    @Test
    void everyMetricIsNamedUnderConveyor() {
        Matcher families = Pattern.compile("(?m)^# TYPE (\\S+) ").matcher(scrape());
        List<String> names = new ArrayList<>();
        while (families.find()) {
            names.add(families.group(1));
        }
        // Dropwizard's own too (JVM, Jetty, the pool), so that one prefix selects, or drops, everything we export.
        assertThat(names).hasSizeGreaterThan(50).allMatch(name -> name.startsWith("conveyor_"));
    }
}
