package dev.conveyor.reliability;

import dev.conveyor.reliability.history.Event;
import dev.conveyor.reliability.history.HistoryChecker;
import dev.conveyor.reliability.history.Report;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.ToLongFunction;

/**
 * Scenario 10: the baseline's mixed load on 3 instances for {@code RELIABILITY_SOAK_MINUTES} (4 by default), with
 * the servers and the table sampled every 15 s ({@link SoakSampler}); then the drain and the checker, as in the
 * baseline. Holds when, besides the checker's invariants, every instance's post-GC heap, threads and file
 * descriptors stay flat, the table's dead tuples, size and rows (the queues' depth) plateau ({@link SoakRules}),
 * and the p99 publish latency of the last minute is at most 1.5 times that of the first.
 */
final class SoakScenario implements FaultScenario {
    static final Duration SAMPLE_INTERVAL = Duration.ofSeconds(15);
    /** Left out of the first latency window: the servers' JIT and pools warm up under the load first. */
    static final Duration WARM_UP = Duration.ofSeconds(30);

    private static final Duration MINUTE = Duration.ofMinutes(1);
    private static final int PUBLISHERS = 4;
    private static final int CONSUMERS = 6;

    @Override
    public String name() {
        return "soak";
    }

    @Override
    public int number() {
        return 10;
    }

    @Override
    public String injected() {
        return "time: the baseline's load (3 instances, topic fan-out to 3 filtered queues, 4 publishers, 6 consumers)"
                + " held for minutes, heap, threads, descriptors and the messages table sampled every 15 s";
    }

    @Override
    public ScenarioResult run(ScenarioContext context) throws Exception {
        Duration soak = context.settings.soakDuration();
        RunDatabase database = context.database();
        Cluster cluster = context.cluster(database, 3);
        cluster.migrate();
        cluster.start();
        TopicLoad load = new TopicLoad(cluster, context.tokens);
        load.setUp();
        TableProbe table = new TableProbe(database);
        TableProbe.Sample before = table.sample();
        Optional<String> autovacuumOff = table.autovacuumOff();

        SoakSampler sampler = new SoakSampler(cluster, table, load.recorder, soak, SAMPLE_INTERVAL);
        Thread sampling = new Thread(sampler, "soak-sampler");
        sampling.start();
        // The load runs until the last sample is in: every sample is taken under load. The limit only guards against
        // a sampler that hangs.
        load.run(PUBLISHERS, CONSUMERS, Duration.ZERO, sampler::finished, soak.plus(Duration.ofMinutes(2)));
        sampling.interrupt();
        sampling.join();
        List<Event> loadEvents = load.recorder.events();
        load.drain();
        Report report = new HistoryChecker().check(load.recorder.history(load.scenario()));

        List<String> failures = new ArrayList<>(ContractChecks.serverErrors(load.counts));
        List<SoakSampler.Sample> samples = sampler.samples();
        if (sampler.error() != null) {
            failures.add("sampling failed after " + samples.size() + " samples: " + sampler.error());
        }
        StringBuilder notes = new StringBuilder();
        if (samples.size() >= 4) {
            judgeInstances(samples, cluster, failures, notes);
            judgeTable(samples, before, autovacuumOff, failures, notes);
        } else {
            failures.add(samples.size() + " samples, too few to judge a trend (4 at least)");
        }
        judgeLatency(loadEvents, sampler.startedNanos, soak, failures, notes);
        notes.append(String.format(
                Locale.ROOT, "; %d samples over %d s, second vs last quarter.", samples.size(), soak.toSeconds()));
        System.out.println("  soak notes: " + notes);
        return new ScenarioResult(name(), injected(), report, failures, "n/a", load.counts.summary(), notes.toString());
    }

    private static void judgeInstances(
            List<SoakSampler.Sample> samples, Cluster cluster, List<String> failures, StringBuilder notes) {
        List<String> heap = new ArrayList<>();
        List<String> threads = new ArrayList<>();
        List<String> descriptors = new ArrayList<>();
        for (int i = 0; i < cluster.size(); i++) {
            int index = i;
            String instance = cluster.instance(i).name;
            heap.add(judge(
                    SoakRules.HEAP,
                    instance,
                    series(samples, s -> s.instances().get(index).postGcHeapBytes()),
                    failures));
            threads.add(judge(
                    SoakRules.THREADS,
                    instance,
                    series(samples, s -> s.instances().get(index).threads()),
                    failures));
            descriptors.add(judge(
                    SoakRules.FILE_DESCRIPTORS,
                    instance,
                    series(samples, s -> s.instances().get(index).fileDescriptors()),
                    failures));
        }
        notes.append("post-GC heap ")
                .append(String.join(", ", heap))
                .append("; threads ")
                .append(String.join(", ", threads))
                .append("; fds ")
                .append(String.join(", ", descriptors));
    }

    private static void judgeTable(
            List<SoakSampler.Sample> samples,
            TableProbe.Sample before,
            Optional<String> autovacuumOff,
            List<String> failures,
            StringBuilder notes) {
        TableProbe.Sample last = samples.get(samples.size() - 1).table();
        List<String> tableFailures = new ArrayList<>();
        notes.append("; messages: dead tuples (peak) ")
                .append(judge(
                        SoakRules.DEAD_TUPLES,
                        "",
                        series(samples, s -> s.table().deadTuples()),
                        tableFailures))
                .append(", size ")
                .append(judge(
                        SoakRules.TABLE_SIZE, "", series(samples, s -> s.table().totalBytes()), tableFailures))
                .append(", autovacuums ")
                .append(last.autovacuums() - before.autovacuums())
                .append(", autoanalyzes ")
                .append(last.autoanalyzes() - before.autoanalyzes())
                .append(", vacuums by Conveyor's cleanup ")
                .append(last.vacuums() - before.vacuums())
                .append(autovacuumOff.map(setting -> " (" + setting + ")").orElse(""))
                .append("; depth (rows) ")
                .append(judge(
                        SoakRules.DEPTH, "", series(samples, s -> s.table().rows()), failures));
        // Without autovacuum only the product's own vacuum keeps the table in check: say so where it shows.
        String cause = autovacuumOff.map(setting -> setting + ": ").orElse("");
        tableFailures.forEach(failure -> failures.add(cause + failure));
    }

    /**
     * The rule: p99 of the last minute within 1.5 times that of the first. The first minute starts after
     * the warm-up; a soak shorter than two minutes plus the warm-up compares two equal halves of what is left.
     */
    private static void judgeLatency(
            List<Event> events, long startedNanos, Duration soak, List<String> failures, StringBuilder notes) {
        Duration window = min(MINUTE, soak.minus(WARM_UP).dividedBy(2));
        long firstFrom = startedNanos + WARM_UP.toNanos();
        long lastTo = startedNanos + soak.toNanos();
        PublishLatency first = PublishLatency.of(events, firstFrom, firstFrom + window.toNanos());
        PublishLatency last = PublishLatency.of(events, lastTo - window.toNanos(), lastTo);
        SoakRules.latencyHeld(first.p99Millis(), last.p99Millis()).ifPresent(failures::add);
        List<String> perMinute = new ArrayList<>();
        for (long from = startedNanos; from < lastTo; from += MINUTE.toNanos()) {
            perMinute.add(String.format(
                    Locale.ROOT,
                    "%.0f",
                    PublishLatency.of(events, from, from + MINUTE.toNanos()).p99Millis()));
        }
        notes.append(String.format(
                Locale.ROOT,
                "; publish latency %d-%d s %s, last %d s %s; p99 ms by minute %s",
                WARM_UP.toSeconds(),
                WARM_UP.plus(window).toSeconds(),
                first.describe(),
                window.toSeconds(),
                last.describe(),
                perMinute));
    }

    // Checks one bound, adds its failure (named for the instance), and gives the figures for the notes.
    private static String judge(SoakRules.Bound bound, String instance, List<Long> series, List<String> failures) {
        Optional<String> failure = bound.check(series);
        failure.ifPresent(why -> failures.add(instance.isEmpty() ? why : instance + ": " + why));
        return (instance.isEmpty() ? "" : instance + " ") + bound.figures(series);
    }

    private static List<Long> series(List<SoakSampler.Sample> samples, ToLongFunction<SoakSampler.Sample> figure) {
        return samples.stream().map(sample -> figure.applyAsLong(sample)).toList();
    }

    private static Duration min(Duration a, Duration b) {
        return a.compareTo(b) <= 0 ? a : b;
    }
}
