package dev.conveyor.benchmarks;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

/**
 * N clients, each a thread doing one call after another as fast as the server answers (a closed loop), for a
 * warm-up and then a measured window, stopping early at a maximum number of measured calls.
 */
final class LoadGenerator {

    /** One round of a client: one request, or a receive and its ack. Answers how many messages it moved. */
    interface Call {
        int run() throws Exception;
    }

    /**
     * What the measured window saw; every measured call's latency is kept, so percentiles are exact. allMessages
     * counts the warm-up's too: the server's CPU time is charged per message over the whole run (see ServerUsage).
     */
    record Result(long calls, long messages, long errors, double seconds, Percentiles latency, long allMessages) {
        double messagesPerSecond() {
            return messages / seconds;
        }

        double latencyMillis(double quantile) {
            return latency.millis(quantile);
        }
    }

    /** Latency at a quantile, in milliseconds; NaN where nothing was measured. */
    interface Percentiles {
        double millis(double quantile);

        /** Exact, from every sample (microseconds, sorted). */
        static Percentiles exact(long[] sortedMicros) {
            return quantile -> {
                if (sortedMicros.length == 0) {
                    return Double.NaN;
                }
                int index = (int) Math.ceil(quantile * sortedMicros.length) - 1;
                return sortedMicros[Math.max(0, index)] / 1000.0;
            };
        }
    }

    private LoadGenerator() {}

    static Result run(int clients, Duration warmup, Duration measurement, long maxCalls, Supplier<Call> newClient)
            throws InterruptedException {
        long start = System.nanoTime();
        long measureFrom = start + warmup.toNanos();
        long measureUntil = measureFrom + measurement.toNanos();
        AtomicLong measuredCalls = new AtomicLong();
        // When the call budget ends the window early, the rate is taken over the shorter window.
        AtomicLong windowEnd = new AtomicLong(measureUntil);
        List<Worker> workers = new ArrayList<>();
        for (int i = 0; i < clients; i++) {
            workers.add(new Worker(newClient.get(), measureFrom, measureUntil, maxCalls, measuredCalls, windowEnd));
        }
        List<Thread> threads = new ArrayList<>();
        for (Worker worker : workers) {
            Thread thread = new Thread(worker, "client-" + threads.size());
            thread.start();
            threads.add(thread);
        }
        for (Thread thread : threads) {
            thread.join();
        }

        long messages = 0;
        long allMessages = 0;
        long errors = 0;
        List<Latencies> latencies = new ArrayList<>();
        for (Worker worker : workers) {
            messages += worker.messages;
            allMessages += worker.allMessages;
            errors += worker.errors;
            latencies.add(worker.latencies);
        }
        long[] sorted = Latencies.sorted(latencies);
        double seconds = (windowEnd.get() - measureFrom) / 1e9;
        return new Result(sorted.length, messages, errors, seconds, Percentiles.exact(sorted), allMessages);
    }

    private static final class Worker implements Runnable {
        private final Call call;
        private final long measureFrom;
        private final long measureUntil;
        private final long maxCalls;
        private final AtomicLong measuredCalls;
        private final AtomicLong windowEnd;
        final Latencies latencies = new Latencies();
        long messages;
        long allMessages;
        long errors;

        Worker(
                Call call,
                long measureFrom,
                long measureUntil,
                long maxCalls,
                AtomicLong measuredCalls,
                AtomicLong windowEnd) {
            this.call = call;
            this.measureFrom = measureFrom;
            this.measureUntil = measureUntil;
            this.maxCalls = maxCalls;
            this.measuredCalls = measuredCalls;
            this.windowEnd = windowEnd;
        }

        @Override
        public void run() {
            while (true) {
                long begin = System.nanoTime();
                if (begin >= measureUntil || measuredCalls.get() >= maxCalls) {
                    return;
                }
                int moved;
                try {
                    moved = call.run();
                } catch (Exception e) {
                    errors++;
                    if (errors <= 3) {
                        System.err.println("  call failed: " + e.getMessage());
                    }
                    sleepBriefly(); // a failing server must not be hammered by a hot loop
                    continue;
                }
                long end = System.nanoTime();
                allMessages += moved;
                // Only calls wholly inside the window count, so warm-up work never inflates the rate.
                if (begin >= measureFrom && end <= measureUntil) {
                    long count = measuredCalls.incrementAndGet();
                    if (count == maxCalls) {
                        windowEnd.set(end);
                    }
                    if (count <= maxCalls) {
                        latencies.add((end - begin) / 1000);
                        messages += moved;
                    }
                }
            }
        }

        private static void sleepBriefly() {
            try {
                Thread.sleep(10);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
