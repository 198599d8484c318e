package dev.conveyor.benchmarks;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Consumer;

/**
 * Issue 6's scenario 4: the time from publish to a consumer already waiting in a long poll, at a fixed rate.
 * The publishers keep to a schedule whatever the server's answer times (an open loop), so a slow server shows
 * as latency instead of as a lower rate; each message carries the System.nanoTime of its send in an attribute,
 * which the consumers (same JVM, same clock) subtract from the time their receive was answered.
 */
final class LatencyScenario {
    static final String QUEUE = "latency";
    static final int RATE = 1000;
    /**
     * Issue 6 suggests 4 publishers. With 8, each has 8 ms per publish before it falls behind its schedule, so
     * the rate holds on this shared 2-core machine even while a publish takes several milliseconds.
     */
    static final int PUBLISHERS = 8;

    static final int CONSUMERS = 4;
    static final int WAIT_SECONDS = 20;
    static final int MAX_MESSAGES = 10;
    static final String CLIENTS = PUBLISHERS + " publishers + " + CONSUMERS + " consumers";
    private static final String SENT = "sent_nanos";
    private static final String STOP = "stop";
    /** A send this far behind its slot means the publishers could not keep the rate: reported. */
    private static final long LATE_NANOS = Duration.ofMillis(5).toNanos();

    private final ConveyorApi api;
    private final Consumer<String> warnings;
    private final AtomicLong errors = new AtomicLong();

    LatencyScenario(ConveyorApi api, Consumer<String> warnings) throws Exception {
        this.api = api;
        this.warnings = warnings;
        api.createQueue(QUEUE);
    }

    /** Publishes for warm-up + measurement; latencies are those of the messages sent inside the measured window. */
    LoadGenerator.Result run(Duration warmup, Duration measurement) throws Exception {
        api.purge(QUEUE);
        errors.set(0);
        long start = System.nanoTime() + Duration.ofMillis(200).toNanos(); // the consumers are polling by then
        long measureFrom = start + warmup.toNanos();
        long measureUntil = measureFrom + measurement.toNanos();

        List<PollingConsumer> consumers = new ArrayList<>();
        for (int i = 0; i < CONSUMERS; i++) {
            consumers.add(new PollingConsumer(measureFrom, measureUntil));
        }
        List<PacedPublisher> publishers = new ArrayList<>();
        for (int i = 0; i < PUBLISHERS; i++) {
            publishers.add(new PacedPublisher(i, start, measureFrom, measureUntil));
        }
        List<Thread> consumerThreads = startAll(consumers, "consumer-");
        List<Thread> publisherThreads = startAll(publishers, "publisher-");
        for (Thread thread : publisherThreads) {
            thread.join();
        }
        long published =
                publishers.stream().mapToLong(publisher -> publisher.sent).sum();
        long late = publishers.stream().mapToLong(publisher -> publisher.late).sum();
        long sentInWindow = publishers.stream()
                .mapToLong(publisher -> publisher.sentInWindow)
                .sum();

        long drainDeadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (received(consumers) < published && System.nanoTime() < drainDeadline) {
            Thread.sleep(20);
        }
        long received = received(consumers);
        stop(consumerThreads);
        api.purge(QUEUE);

        if (received < published) {
            warnings.accept(String.format(
                    Locale.ROOT,
                    "scenario 4: %d of %d messages not received within 30 s",
                    published - received,
                    published));
        }
        if (late > published / 100) {
            warnings.accept(String.format(
                    Locale.ROOT,
                    "scenario 4: %,d of %,d sends started over 5 ms behind their slot "
                            + "(publishes took longer than the %d ms each publisher has per message); %,.0f msgs/s were sent in the "
                            + "measured window",
                    late,
                    published,
                    PUBLISHERS * 1000 / RATE,
                    sentInWindow / (measurement.toNanos() / 1e9)));
        }
        List<Latencies> latencies =
                consumers.stream().map(consumer -> consumer.latencies).toList();
        long[] sorted = Latencies.sorted(latencies);
        return new LoadGenerator.Result(
                sorted.length,
                sentInWindow,
                errors.get(),
                measurement.toNanos() / 1e9,
                LoadGenerator.Percentiles.exact(sorted),
                published);
    }

    /**
     * A consumer in a long poll answers only when a message comes (or after 20 s): each one gets a stop message,
     * published until every consumer has taken one, so none is left waiting out its poll.
     */
    private void stop(List<Thread> consumers) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (consumers.stream().anyMatch(Thread::isAlive) && System.nanoTime() < deadline) {
            api.publish(QUEUE, ConveyorApi.message("{\"" + STOP + "\": \"true\"}"));
            for (Thread consumer : consumers) {
                consumer.join(20);
            }
        }
        for (Thread consumer : consumers) {
            consumer.interrupt(); // only one that is stuck (a failing server) is still alive here
        }
    }

    private static long received(List<PollingConsumer> consumers) {
        return consumers.stream().mapToLong(consumer -> consumer.received.get()).sum();
    }

    private static List<Thread> startAll(List<? extends Runnable> runnables, String name) {
        List<Thread> threads = new ArrayList<>();
        for (Runnable runnable : runnables) {
            Thread thread = new Thread(runnable, name + threads.size());
            thread.setDaemon(true);
            thread.start();
            threads.add(thread);
        }
        return threads;
    }

    private void failed(Exception e) {
        if (errors.incrementAndGet() <= 3) {
            System.err.println("  call failed: " + e.getMessage());
        }
    }

    /** Sends message k at start + (k · PUBLISHERS + index) / RATE, so together the publishers send RATE a second. */
    private final class PacedPublisher implements Runnable {
        private final int index;
        private final long start;
        private final long measureFrom;
        private final long measureUntil;
        long sent;
        long sentInWindow;
        long late;

        PacedPublisher(int index, long start, long measureFrom, long measureUntil) {
            this.index = index;
            this.start = start;
            this.measureFrom = measureFrom;
            this.measureUntil = measureUntil;
        }

        @Override
        public void run() {
            long period = 1_000_000_000L / RATE;
            for (long k = 0; ; k++) {
                long slot = start + (k * PUBLISHERS + index) * period;
                // Slots still unsent when the window ends are dropped: a publisher behind its schedule must not keep
                // the scenario going for as long as the server takes to catch up.
                if (slot >= measureUntil || System.nanoTime() >= measureUntil) {
                    return;
                }
                for (long wait = slot - System.nanoTime(); wait > 0; wait = slot - System.nanoTime()) {
                    LockSupport.parkNanos(wait);
                }
                long now = System.nanoTime();
                try {
                    api.publish(
                            QUEUE, ConveyorApi.message("{\"status\": \"paid\", \"" + SENT + "\": \"" + now + "\"}"));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                } catch (Exception e) {
                    failed(e);
                    continue; // the next slot, on schedule: an open loop does not slow down for errors either
                }
                sent++;
                if (now >= measureFrom && now < measureUntil) {
                    sentInWindow++;
                }
                if (now - slot > LATE_NANOS) {
                    late++;
                }
            }
        }
    }

    /** Long-polls, takes the time as soon as the answer is in, then acks what it got. */
    private final class PollingConsumer implements Runnable {
        private final long measureFrom;
        private final long measureUntil;
        final Latencies latencies = new Latencies();
        final AtomicLong received = new AtomicLong();

        PollingConsumer(long measureFrom, long measureUntil) {
            this.measureFrom = measureFrom;
            this.measureUntil = measureUntil;
        }

        @Override
        public void run() {
            while (!Thread.currentThread().isInterrupted()) {
                try {
                    List<ConveyorApi.Received> messages = api.receive(QUEUE, MAX_MESSAGES, WAIT_SECONDS);
                    long now = System.nanoTime();
                    boolean stop = false;
                    for (ConveyorApi.Received message : messages) {
                        JsonNode sent = message.attributes().path(SENT);
                        if (sent.isMissingNode()) {
                            stop |= message.attributes().has(STOP);
                            continue;
                        }
                        long sentNanos = Long.parseLong(sent.asText());
                        if (sentNanos >= measureFrom && sentNanos < measureUntil) {
                            latencies.add((now - sentNanos) / 1000);
                        }
                        received.incrementAndGet();
                    }
                    api.ack(QUEUE, messages);
                    if (stop) {
                        return;
                    }
                } catch (InterruptedException e) {
                    return;
                } catch (Exception e) {
                    failed(e);
                    LockSupport.parkNanos(Duration.ofMillis(10).toNanos()); // a failing server must not be hammered
                }
            }
        }
    }
}
