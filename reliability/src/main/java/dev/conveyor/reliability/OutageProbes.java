package dev.conveyor.reliability;

import dev.conveyor.reliability.Probes.Sample;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Watches instances through an outage: on each, a probe thread publishes to a queue of its own (left out of the
 * drain and the checker) every {@code every} and keeps each answer's time, status, body and Retry-After, and a
 * readiness thread polls {@code GET /readiness}. The scenario then asks what the answers were between two
 * moments, and how soon after one each instance served again.
 */
final class OutageProbes implements AutoCloseable {
    /** Long enough that an answer which never comes shows as a hang rather than as a client timeout. */
    static final Duration PROBE_TIMEOUT = Duration.ofSeconds(25);

    private static final Duration READINESS_EVERY = Duration.ofMillis(250);

    /** One readiness answer (0: none). */
    record Readiness(int instance, long at, int status) {}

    private final List<URI> instances;
    private final String queue;
    private final Duration every;
    private final AtomicBoolean running = new AtomicBoolean(true);
    private final List<Thread> threads = new ArrayList<>();
    private final List<Sample> samples = new CopyOnWriteArrayList<>();
    private final List<Readiness> readiness = new CopyOnWriteArrayList<>();
    private final List<String> errors = new CopyOnWriteArrayList<>();

    /** The probe queue must exist; {@code instances} are numbered from 0 in what this reports. */
    OutageProbes(List<ServerProcess> instances, String queue, Duration every) {
        this.instances = instances.stream().map(instance -> instance.baseUri).toList();
        this.queue = queue;
        this.every = every;
    }

    void start() {
        for (int i = 0; i < instances.size(); i++) {
            int index = i;
            URI base = instances.get(i);
            threads.add(worker("probe-" + (i + 1), () -> {
                samples.add(publish(index, base));
                Thread.sleep(every.toMillis());
            }));
            threads.add(worker("readiness-" + (i + 1), () -> {
                readiness.add(new Readiness(index, System.nanoTime(), readiness(base)));
                Thread.sleep(READINESS_EVERY.toMillis());
            }));
        }
        threads.forEach(Thread::start);
    }

    /** Stops the probes, waiting for their last calls; returns what went wrong in the probes themselves. */
    List<String> stop() throws InterruptedException {
        running.set(false);
        for (Thread thread : threads) {
            thread.join(PROBE_TIMEOUT.plusSeconds(5).toMillis());
        }
        return List.copyOf(errors);
    }

    @Override
    public void close() throws InterruptedException {
        stop();
    }

    private Thread worker(String name, Probes.Step step) {
        return Probes.worker(name, running, errors, step);
    }

    /** A publish to the probe queue, timed, with what its answer says. */
    private Sample publish(int instance, URI base) throws InterruptedException {
        return Probes.send(
                instance,
                Probes.post(base, "/v1/queues/" + queue + "/messages", "{\"body\": {\"probe\": true}}", PROBE_TIMEOUT));
    }

    private static int readiness(URI base) throws InterruptedException {
        try {
            return Json.HTTP
                    .send(
                            HttpRequest.newBuilder(base.resolve("/readiness"))
                                    .timeout(Duration.ofSeconds(5))
                                    .build(),
                            HttpResponse.BodyHandlers.discarding())
                    .statusCode();
        } catch (IOException noAnswer) {
            return 0;
        }
    }

    /** The probe publishes started in [from, to) on {@code instance}, or on every instance when it is -1. */
    List<Sample> between(long from, long to, int instance) {
        return samples.stream()
                .filter(s -> s.started() >= from && s.started() < to && (instance < 0 || s.instance() == instance))
                .toList();
    }

    /** Every probe answer that was a 5xx other than 503: the contract allows none, at any time. */
    List<Sample> otherServerErrors() {
        return samples.stream()
                .filter(s -> s.status() >= 500 && s.status() != 503)
                .toList();
    }

    /**
     * Every answer within {@code bound}, 503 JSON with Retry-After (or 201 when it got through), never a hang; and
     * at least one 503, or the outage was not seen at all.
     */
    static List<String> judge(String when, List<Sample> samples, Duration bound) {
        List<String> failures = new ArrayList<>();
        if (samples.isEmpty()) {
            failures.add("no probe ran " + when);
            return failures;
        }
        List<Sample> slow = samples.stream()
                .filter(s -> s.status() == 0 || s.took().compareTo(bound) > 0)
                .toList();
        if (!slow.isEmpty()) {
            failures.add(slow.size() + " probe publishes " + when + " had no answer within " + bound.toSeconds()
                    + " s: " + slow.stream().limit(3).toList());
        }
        List<Sample> wrong = samples.stream()
                .filter(s -> s.status() != 0 && s.status() != 201 && !s.refusedProperly())
                .toList();
        if (!wrong.isEmpty()) {
            failures.add(wrong.size() + " probe answers " + when + " were not 201 nor 503 JSON with Retry-After: "
                    + wrong.stream().limit(3).toList());
        }
        if (samples.stream().noneMatch(s -> s.status() == 503)) {
            failures.add("no probe publish was answered 503 " + when);
        }
        return failures;
    }

    /**
     * From {@code since} to the end of the first probe answered 201 among those started after it, on
     * {@code instance} (or the slowest instance, when -1); null if one never was.
     */
    Duration recovery(long since, int instance) {
        Duration worst = Duration.ZERO;
        for (int i = 0; i < instances.size(); i++) {
            if (instance >= 0 && i != instance) {
                continue;
            }
            int index = i;
            var first = samples.stream()
                    .filter(s -> s.instance() == index && s.started() >= since && s.status() == 201)
                    .mapToLong(Sample::ended)
                    .min();
            if (first.isEmpty()) {
                return null;
            }
            Duration took = Duration.ofNanos(first.getAsLong() - since);
            worst = took.compareTo(worst) > 0 ? took : worst;
        }
        return worst;
    }

    /** How soon after {@code since} {@code instance}'s readiness first answered {@code status}; null if never. */
    Duration firstReadiness(int instance, long since, int status) {
        return readiness.stream()
                .filter(r -> r.instance() == instance && r.at() >= since && r.status() == status)
                .findFirst()
                .map(r -> Duration.ofNanos(r.at() - since))
                .orElse(null);
    }
}
