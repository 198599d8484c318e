package dev.conveyor.reliability;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Timed calls that keep what their answers say (status, JSON or not, Retry-After), for the scenarios that judge
 * how the servers answer under a fault ({@link DbStallScenario}, {@link PoolExhaustionScenario}); and the loop
 * their load runs in.
 */
final class Probes {
    private Probes() {}

    /**
     * One call: when it started and ended ({@link System#nanoTime()}), its status (0: no answer), whether its body is
     * a JSON object, its Retry-After, and its body when it was not a 201 (or the failure when there was no answer).
     */
    record Sample(int instance, long started, long ended, int status, boolean json, String retryAfter, String error) {
        Duration took() {
            return Duration.ofNanos(ended - started);
        }

        /** What the contract asks of an overloaded or stalled server: 503, a JSON body, Retry-After. */
        boolean refusedProperly() {
            return status == 503 && json && retryAfter != null;
        }
    }

    /** A JSON POST answered within {@code timeout}, or counted as no answer. */
    static HttpRequest post(URI base, String path, String json, Duration timeout) {
        return HttpRequest.newBuilder(base.resolve(path))
                .timeout(timeout)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json))
                .build();
    }

    /** Sends {@code request} and waits for its answer. */
    static Sample send(int instance, HttpRequest request) throws InterruptedException {
        long started = System.nanoTime();
        try {
            return sample(instance, started, Json.HTTP.send(request, HttpResponse.BodyHandlers.ofString()));
        } catch (IOException noAnswer) {
            return new Sample(instance, started, System.nanoTime(), 0, false, null, noAnswer.toString());
        }
    }

    /** Sends {@code request} without waiting: many at once, each timed from its own start. */
    static CompletableFuture<Sample> sendAsync(int instance, HttpRequest request) {
        long started = System.nanoTime();
        return Json.HTTP
                .sendAsync(request, HttpResponse.BodyHandlers.ofString())
                .handle((response, failure) -> failure == null
                        ? sample(instance, started, response)
                        : new Sample(instance, started, System.nanoTime(), 0, false, null, failure.toString()));
    }

    private static Sample sample(int instance, long started, HttpResponse<String> response) {
        long ended = System.nanoTime();
        boolean json;
        try {
            JsonNode body = Json.MAPPER.readTree(response.body());
            json = body != null && body.isObject();
        } catch (IOException notJson) {
            json = false;
        }
        return new Sample(
                instance,
                started,
                ended,
                response.statusCode(),
                json,
                response.headers().firstValue("Retry-After").orElse(null),
                response.statusCode() == 201 ? null : abbreviate(response.body()));
    }

    interface Step {
        void run() throws Exception;
    }

    /** A daemon thread running {@code step} until {@code running} turns false; a failure stops it and is listed. */
    static Thread worker(String name, AtomicBoolean running, List<String> errors, Step step) {
        Thread thread = new Thread(
                () -> {
                    try {
                        while (running.get()) {
                            step.run();
                        }
                    } catch (Exception e) {
                        errors.add(name + " failed: " + e);
                    }
                },
                name);
        thread.setDaemon(true);
        return thread;
    }

    /** How many answers of each status ("201: 40, 503: 12, no answer: 1"). */
    static String statuses(List<Sample> samples) {
        Map<Integer, Long> byStatus = new TreeMap<>();
        samples.forEach(s -> byStatus.merge(s.status(), 1L, Long::sum));
        StringBuilder text = new StringBuilder();
        byStatus.forEach((status, count) -> text.append(text.length() == 0 ? "" : ", ")
                .append(status == 0 ? "no answer" : status.toString())
                .append(": ")
                .append(count));
        return text.toString();
    }

    static String slowest(List<Sample> samples) {
        return seconds(
                samples.stream().map(Sample::took).max(Duration::compareTo).orElse(null));
    }

    static String seconds(Duration duration) {
        return duration == null ? "never" : String.format(Locale.ROOT, "%.2f s", duration.toMillis() / 1000.0);
    }

    static String abbreviate(String text) {
        return text.length() > 160 ? text.substring(0, 160) + "..." : text;
    }
}
