package dev.conveyor.benchmarks;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Issue 6's scenario 7: what the server process costs, read from /proc/&lt;pid&gt; as an operator would see it.
 * CPU time (utime + stime) is charged to the HTTP scenarios it is measured around, per message moved; the
 * resident set (VmRSS) is sampled through the whole run, so a leak would show as growth near its end.
 */
final class ServerUsage implements AutoCloseable {
    static final Duration SAMPLE_EVERY = Duration.ofSeconds(5);
    /** Issue 6: the resident set must hold steady over a 5-minute run. */
    static final Duration STEADY_WINDOW = Duration.ofMinutes(5);
    /** Growth within this much is noise (a heap region committed late, a burst of threads), not a leak. */
    private static final double TOLERANCE = 0.05;

    /** One VmRSS reading, seconds after the server started. */
    record Sample(double seconds, long rssKiB) {}

    /** CPU time and messages of one scenario, summed over the runs. */
    private static final class Charge {
        double cpuSeconds;
        /**
         * The benchmark's own JVM and the children it waited for (wrk) meanwhile: the load generator shares the
         * cores, and costs differently per row.
         */
        double loadGeneratorCpuSeconds;

        /** The server's clock ticks by what its threads do (ThreadCpu). */
        final Map<ThreadCpu.Part, Long> ticksByPart = new EnumMap<>(ThreadCpu.Part.class);

        long messages;
    }

    /** The resident set over the last STEADY_WINDOW, against the highest reading before it. */
    record Steadiness(long highestBeforeKiB, long highestWithinKiB, long firstWithinKiB, long lastWithinKiB) {
        boolean steady() {
            return highestWithinKiB <= highestBeforeKiB * (1 + TOLERANCE);
        }
    }

    private static final Path SELF = Path.of("/proc/self/stat");

    private final long pid;
    private final Path stat;
    private final Path status;
    private final long clockTicksPerSecond;
    private final long startedNanos = System.nanoTime();
    private final List<Sample> samples = new ArrayList<>();
    private final Map<String, Charge> charges = new LinkedHashMap<>();
    private final ScheduledExecutorService sampler;
    private long peakKiB = -1;

    private ServerUsage(long pid, long clockTicksPerSecond) {
        this.pid = pid;
        this.stat = Path.of("/proc", Long.toString(pid), "stat");
        this.status = Path.of("/proc", Long.toString(pid), "status");
        this.clockTicksPerSecond = clockTicksPerSecond;
        this.sampler = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "rss-sampler");
            thread.setDaemon(true);
            return thread;
        });
    }

    /** Starts sampling the resident set of the process now. */
    static ServerUsage watch(long pid) throws IOException, InterruptedException {
        ServerUsage usage = new ServerUsage(pid, clockTicks());
        // sample skips a failed read itself: the future has nothing more to tell.
        var unused =
                usage.sampler.scheduleAtFixedRate(usage::sample, 0, SAMPLE_EVERY.toMillis(), TimeUnit.MILLISECONDS);
        return usage;
    }

    /** Runs a measurement and charges the server's CPU time during it to the scenario, per message it moved. */
    LoadGenerator.Result charge(String scenario, Callable<LoadGenerator.Result> measurement) throws Exception {
        long before = ticks(Files.readString(stat));
        Map<String, ThreadCpu.Thread> threadsBefore = ThreadCpu.threads(pid);
        long loadGeneratorBefore = ticksWithChildren(Files.readString(SELF));
        LoadGenerator.Result result = measurement.call();
        long spent = ticks(Files.readString(stat)) - before;
        Map<ThreadCpu.Part, Long> parts = ThreadCpu.spent(threadsBefore, ThreadCpu.threads(pid));
        Charge charge = charges.computeIfAbsent(scenario, name -> new Charge());
        charge.cpuSeconds += (double) spent / clockTicksPerSecond;
        charge.loadGeneratorCpuSeconds +=
                (double) (ticksWithChildren(Files.readString(SELF)) - loadGeneratorBefore) / clockTicksPerSecond;
        long inParts = 0;
        for (ThreadCpu.Part part : ThreadCpu.Part.values()) {
            if (part != ThreadCpu.Part.OTHER) {
                long ticks = parts.getOrDefault(part, 0L);
                charge.ticksByPart.merge(part, ticks, Long::sum);
                inParts += ticks;
            }
        }
        charge.ticksByPart.merge(ThreadCpu.Part.OTHER, Math.max(0, spent - inParts), Long::sum);
        charge.messages += result.allMessages();
        return result;
    }

    /** Stops sampling and reads the peak (VmHWM): before the server stops, while /proc still has it. */
    @Override
    public synchronized void close() {
        if (sampler.isShutdown()) {
            return;
        }
        sampler.shutdownNow();
        sample();
        peakKiB = readStatusKiB("VmHWM:").orElse(-1L);
    }

    /** utime + stime of a process's or thread's stat line, in clock ticks. */
    static long ticks(String statLine) {
        String[] fields = fieldsAfterName(statLine);
        return Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
    }

    /** The same, plus cutime + cstime: the children the process waited for (wrk, once it has exited). */
    private static long ticksWithChildren(String statLine) {
        String[] fields = fieldsAfterName(statLine);
        return ticks(statLine) + Long.parseLong(fields[13]) + Long.parseLong(fields[14]);
    }

    private static String[] fieldsAfterName(String statLine) {
        // The command name is in parentheses and may itself hold spaces: after it, state is field 3, utime and
        // stime are fields 14 and 15, cutime and cstime 16 and 17 (proc(5)).
        return statLine.substring(statLine.lastIndexOf(')') + 2).split(" ");
    }

    private synchronized void sample() {
        // A failed read (the server gone at the very end) must not cancel the schedule: it is only skipped.
        readStatusKiB("VmRSS:")
                .ifPresent(kiB -> samples.add(new Sample((System.nanoTime() - startedNanos) / 1e9, kiB)));
    }

    private Optional<Long> readStatusKiB(String field) {
        try {
            return Files.readAllLines(status).stream()
                    .filter(line -> line.startsWith(field))
                    .map(line -> Long.parseLong(line.replaceAll("[^0-9]", "")))
                    .findFirst();
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }

    private static long clockTicks() throws IOException, InterruptedException {
        Process getconf = new ProcessBuilder("getconf", "CLK_TCK")
                .redirectErrorStream(true)
                .start();
        String out = new String(getconf.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        getconf.waitFor();
        try {
            return Long.parseLong(out);
        } catch (NumberFormatException e) {
            return 100; // Linux's USER_HZ everywhere it runs in practice
        }
    }

    /** Empty when the run was too short to hold a window and something before it to compare with. */
    synchronized Optional<Steadiness> steadiness() {
        if (samples.isEmpty()) {
            return Optional.empty();
        }
        double windowStart = samples.get(samples.size() - 1).seconds() - STEADY_WINDOW.toSeconds();
        List<Sample> before = samples.stream()
                .filter(sample -> sample.seconds() < windowStart)
                .toList();
        List<Sample> within = samples.stream()
                .filter(sample -> sample.seconds() >= windowStart)
                .toList();
        if (before.size() < 2) {
            return Optional.empty();
        }
        return Optional.of(new Steadiness(
                before.stream().mapToLong(Sample::rssKiB).max().orElseThrow(),
                within.stream().mapToLong(Sample::rssKiB).max().orElseThrow(),
                within.get(0).rssKiB(),
                within.get(within.size() - 1).rssKiB()));
    }

    /** CPU seconds per million messages of all charged scenarios together, or NaN when none was measured. */
    synchronized double cpuSecondsPerMillion() {
        double cpu = charges.values().stream()
                .mapToDouble(charge -> charge.cpuSeconds)
                .sum();
        long messages =
                charges.values().stream().mapToLong(charge -> charge.messages).sum();
        return messages == 0 ? Double.NaN : cpu / messages * 1e6;
    }

    /** The report's section on scenario 7. */
    synchronized String markdown() {
        StringBuilder out = new StringBuilder("\n## Server CPU and memory (scenario 7)\n\n");
        out.append("CPU is the server process's utime + stime (`/proc/<pid>/stat`, ")
                .append(clockTicksPerSecond)
                .append(" ticks/s) over each measurement, warm-up included, summed over the runs, per message the ")
                .append("measurement moved (published, or received and acked), warm-up included. It includes the ")
                .append("server's background work meanwhile (cleanup, queue counts, GC, JIT). The load generator's ")
                .append("is the benchmark's own JVM and the wrk processes it ran over the same time (wrk for the ")
                .append("`/v1` rows where it is installed, else the JDK's HTTP client; the AWS SDK for the SQS rows), ")
                .append("on the same cores.\n\n");
        if (charges.isEmpty()) {
            out.append("No CPU measured: none of the scenarios publish and consume ran.\n");
        } else {
            out.append("| scenario | messages | server CPU s | CPU s per million messages | load generator CPU s per ")
                    .append("million messages |\n|---|---:|---:|---:|---:|\n");
            Charge all = new Charge();
            for (Map.Entry<String, Charge> entry : charges.entrySet()) {
                Charge charge = entry.getValue();
                out.append(cpuRow(entry.getKey(), charge));
                all.cpuSeconds += charge.cpuSeconds;
                all.loadGeneratorCpuSeconds += charge.loadGeneratorCpuSeconds;
                all.messages += charge.messages;
            }
            out.append(cpuRow("**all of the above**", all));
            out.append(breakdown());
        }
        out.append(String.format(
                Locale.ROOT,
                "%nMemory: the server runs with `-Xmx256m`; VmRSS (`/proc/<pid>/status`) "
                        + "sampled every %d s through the whole run, %d samples: first %s, last %s, peak (VmHWM) %s.%n",
                SAMPLE_EVERY.toSeconds(),
                samples.size(),
                samples.isEmpty() ? "–" : mib(samples.get(0).rssKiB()),
                samples.isEmpty() ? "–" : mib(samples.get(samples.size() - 1).rssKiB()),
                peakKiB < 0 ? "–" : mib(peakKiB)));
        out.append(steadiness()
                .map(s -> String.format(
                        Locale.ROOT,
                        "Over the last %d minutes: from %s to %s, at most %s, against at most "
                                + "%s before them: %s (growth within %.0f %% counts as steady).%n",
                        STEADY_WINDOW.toMinutes(),
                        mib(s.firstWithinKiB()),
                        mib(s.lastWithinKiB()),
                        mib(s.highestWithinKiB()),
                        mib(s.highestBeforeKiB()),
                        s.steady() ? "**steady**" : "**grew**",
                        TOLERANCE * 100))
                .orElse("The run was too short to judge growth over its last " + STEADY_WINDOW.toMinutes()
                        + " minutes.\n"));
        out.append("VmRSS by minute: ").append(byMinute()).append(".\n");
        return out.toString();
    }

    private String byMinute() {
        List<String> values = new ArrayList<>();
        int minute = 0;
        for (Sample sample : samples) {
            if (sample.seconds() >= minute * 60.0) {
                values.add(String.format(Locale.ROOT, "%d min %s", minute, mib(sample.rssKiB())));
                minute = (int) (sample.seconds() / 60) + 1;
            }
        }
        return values.isEmpty() ? "–" : String.join(", ", values);
    }

    /** The server's CPU per message of each scenario by what its threads do, in microseconds. */
    private String breakdown() {
        StringBuilder out = new StringBuilder("\nThe server's CPU per message by thread (µs), from ")
                .append("`/proc/<pid>/task/*/stat` around the same measurements:\n\n| scenario |");
        StringBuilder rule = new StringBuilder("|---|");
        for (ThreadCpu.Part part : ThreadCpu.Part.values()) {
            out.append(' ').append(part.text).append(" |");
            rule.append("---:|");
        }
        out.append('\n').append(rule).append('\n');
        for (Map.Entry<String, Charge> entry : charges.entrySet()) {
            Charge charge = entry.getValue();
            out.append("| ").append(entry.getKey()).append(" |");
            for (ThreadCpu.Part part : ThreadCpu.Part.values()) {
                double seconds = (double) charge.ticksByPart.getOrDefault(part, 0L) / clockTicksPerSecond;
                out.append(' ').append(perMessage(seconds, charge.messages)).append(" |");
            }
            out.append('\n');
        }
        return out.toString();
    }

    private static String perMessage(double cpuSeconds, long messages) {
        return messages == 0 ? "–" : String.format(Locale.ROOT, "%.1f", cpuSeconds / messages * 1e6);
    }

    /** The server's CPU per message of a scenario in microseconds, NaN when it was not measured. */
    synchronized double cpuMicrosPerMessage(String scenario) {
        Charge charge = charges.get(scenario);
        return charge == null || charge.messages == 0 ? Double.NaN : charge.cpuSeconds / charge.messages * 1e6;
    }

    private static String cpuRow(String scenario, Charge charge) {
        return String.format(
                Locale.ROOT,
                "| %s | %,d | %.1f | %s | %s |%n",
                scenario,
                charge.messages,
                charge.cpuSeconds,
                perMillion(charge.cpuSeconds, charge.messages),
                perMillion(charge.loadGeneratorCpuSeconds, charge.messages));
    }

    private static String perMillion(double cpuSeconds, long messages) {
        return messages == 0 ? "–" : String.format(Locale.ROOT, "%.1f", cpuSeconds / messages * 1e6);
    }

    static String mib(long kiB) {
        return String.format(Locale.ROOT, "%.0f MiB", kiB / 1024.0);
    }
}
