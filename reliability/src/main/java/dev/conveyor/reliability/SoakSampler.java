package dev.conveyor.reliability;

import dev.conveyor.reliability.history.HistoryRecorder;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Through the soak, every {@code interval}: samples every instance ({@link ProcessProbe}) and the table
 * ({@link TableProbe}), and prints a line, so that whoever watches sees the trend as it forms. Runs on a thread of
 * its own beside the load; {@link #finished()} tells the load when to stop: after the last sample, or at the first
 * sample that failed ({@link #error()}).
 */
final class SoakSampler implements Runnable {
    /**
     * One round of samples, {@code atSeconds} into the soak.
     *
     * @param publishes the latency of the publishes invoked in the interval before it, for the progress line
     */
    record Sample(
            long atSeconds, List<ProcessProbe.Sample> instances, TableProbe.Sample table, PublishLatency publishes) {}

    final long startedNanos = System.nanoTime();
    private final List<ProcessProbe> probes = new ArrayList<>();
    private final TableProbe table;
    private final HistoryRecorder recorder;
    private final Duration interval;
    private final int rounds;
    private final List<Sample> samples = new CopyOnWriteArrayList<>();
    private volatile boolean finished;
    private volatile Exception error;

    SoakSampler(Cluster cluster, TableProbe table, HistoryRecorder recorder, Duration length, Duration interval) {
        cluster.instances.forEach(instance -> probes.add(new ProcessProbe(instance)));
        this.table = table;
        this.recorder = recorder;
        this.interval = interval;
        this.rounds = (int) (length.toMillis() / interval.toMillis());
    }

    @Override
    public void run() {
        try {
            for (int round = 1; round <= rounds; round++) {
                long due = startedNanos + round * interval.toNanos();
                Thread.sleep(Math.max(0, (due - System.nanoTime()) / 1_000_000));
                List<ProcessProbe.Sample> instances = new ArrayList<>();
                for (ProcessProbe probe : probes) {
                    instances.add(probe.sample());
                }
                Sample sample = new Sample(
                        round * interval.toSeconds(),
                        instances,
                        table.sample(),
                        PublishLatency.of(recorder.events(), due - interval.toNanos(), due));
                samples.add(sample);
                System.out.println(line(sample));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Exception e) {
            error = e;
            System.out.println("  soak: sampling failed: " + e);
        } finally {
            finished = true;
        }
    }

    boolean finished() {
        return finished;
    }

    /** The first failure of a sample, if any; the samples stop there. */
    Exception error() {
        return error;
    }

    List<Sample> samples() {
        return List.copyOf(samples);
    }

    /** {@code soak 75 s: heap_mib 41/40/42 threads 52/51/53 fds 80/81/80 dead_tup 12034 ...}: per instance a/b/c. */
    private String line(Sample sample) {
        TableProbe.Sample t = sample.table();
        return String.format(
                Locale.ROOT,
                "  soak %d/%d s: heap_mib %s threads %s fds %s | dead_tup %d live_tup %d table_mib %.1f autovacuums %d"
                        + " depth %d | publish %s",
                sample.atSeconds(),
                rounds * interval.toSeconds(),
                each(sample, s -> String.format(Locale.ROOT, "%.1f", s.postGcHeapBytes() / SoakRules.MIB)),
                each(sample, s -> Integer.toString(s.threads())),
                each(sample, s -> Integer.toString(s.fileDescriptors())),
                t.deadTuples(),
                t.liveTuples(),
                t.totalBytes() / SoakRules.MIB,
                t.autovacuums(),
                t.rows(),
                sample.publishes().describe());
    }

    private static String each(Sample sample, Function<ProcessProbe.Sample, String> figure) {
        return sample.instances().stream().map(figure).collect(Collectors.joining("/"));
    }
}
