package dev.conveyor.benchmarks;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.function.ToDoubleFunction;

/** The runs' results as one Markdown document: printed, and written to docs/benchmarks.md. */
final class Report {
    /** One run of one scenario; latencies are NaN where the scenario does not measure them (pgbench). */
    record Measurement(double rate, double p50Millis, double p99Millis, double p999Millis) {
        static Measurement rateOnly(double rate) {
            return new Measurement(rate, Double.NaN, Double.NaN, Double.NaN);
        }

        static Measurement of(LoadGenerator.Result result) {
            return new Measurement(
                    result.messagesPerSecond(),
                    result.latencyMillis(0.50),
                    result.latencyMillis(0.99),
                    result.latencyMillis(0.999));
        }
    }

    record Row(String scenario, String clients, String unit, List<Measurement> runs) {}

    /**
     * One line of the target table: what is compared, the medians it was computed from, the value, the goal,
     * and whether the value meets it (empty when a scenario it needs was not run).
     */
    record Target(String what, String from, String value, String goal, Optional<Boolean> met) {
        static Target notMeasured(String what, String goal) {
            return new Target(what, "not measured in this run", "–", goal, Optional.empty());
        }
    }

    private final Map<String, Row> rows = new LinkedHashMap<>();
    private final List<Target> targets = new ArrayList<>();
    private final List<String> notes = new ArrayList<>();
    private final List<String> sections = new ArrayList<>();
    private int run;

    void add(String scenario, String clients, String unit, Measurement measurement) {
        rows.computeIfAbsent(scenario, name -> new Row(name, clients, unit, new ArrayList<>()))
                .runs()
                .add(measurement);
    }

    void target(Target target) {
        targets.add(target);
    }

    /** A sentence printed under the results table. */
    void note(String sentence) {
        notes.add(sentence);
    }

    /** The run that warnings are about from now on. */
    void run(int run) {
        this.run = run;
    }

    /** Something that makes a number less than it seems (a backlog ran out, a rate not held): printed and noted. */
    void warn(String message) {
        System.err.println("  " + message);
        note("**Warning**, run " + run + ": " + message + ".");
    }

    /** A section of its own after the targets (Markdown, starting with its heading). */
    void section(String markdown) {
        sections.add(markdown);
    }

    /** The median over the runs of one value of a scenario's row; empty when the scenario did not run. */
    OptionalDouble median(String scenario, ToDoubleFunction<Measurement> value) {
        Row row = rows.get(scenario);
        return row == null ? OptionalDouble.empty() : OptionalDouble.of(median(row, value));
    }

    String markdown(String header) {
        StringBuilder out = new StringBuilder(header);
        out.append("\n| scenario | clients | unit | median | min – max | p50 ms | p99 ms | p99.9 ms |\n");
        out.append("|---|---|---|---:|---:|---:|---:|---:|\n");
        for (Row row : rows.values()) {
            out.append(String.format(
                    Locale.ROOT,
                    "| %s | %s | %s | %s | %s – %s | %s | %s | %s |%n",
                    row.scenario(),
                    row.clients(),
                    row.unit(),
                    rate(median(row, Measurement::rate)),
                    rate(min(row)),
                    rate(max(row)),
                    millis(median(row, Measurement::p50Millis)),
                    millis(median(row, Measurement::p99Millis)),
                    millis(median(row, Measurement::p999Millis))));
        }
        out.append("\nLatency columns are the median over the runs of each run's percentile; every measured call's ")
                .append("latency is kept, so percentiles are exact.\n");
        notes.forEach(note -> out.append('\n').append(note).append('\n'));
        out.append("\n## Targets\n\n");
        out.append(
                        "Issue 6's, then issue 16's (the SQS endpoint), then issue 17's (FIFO queues, deduplication); each judged on the medians over the runs, measured ")
                .append("side by side in this run.\n\n");
        out.append("| target | from (medians) | value | goal | met |\n|---|---|---:|---:|---|\n");
        for (Target target : targets) {
            out.append(String.format(
                    Locale.ROOT,
                    "| %s | %s | %s | %s | %s |%n",
                    target.what(),
                    target.from(),
                    target.value(),
                    target.goal(),
                    target.met().map(met -> met ? "met" : "**not met**").orElse("–")));
        }
        sections.forEach(out::append);
        return out.toString();
    }

    void write(Path file, String markdown) throws IOException {
        Files.createDirectories(file.getParent());
        Files.writeString(file, markdown);
    }

    private static double median(Row row, ToDoubleFunction<Measurement> value) {
        double[] values = row.runs().stream().mapToDouble(value).sorted().toArray();
        int n = values.length;
        return n % 2 == 1 ? values[n / 2] : (values[n / 2 - 1] + values[n / 2]) / 2;
    }

    private static double min(Row row) {
        return row.runs().stream().mapToDouble(Measurement::rate).min().orElse(Double.NaN);
    }

    private static double max(Row row) {
        return row.runs().stream().mapToDouble(Measurement::rate).max().orElse(Double.NaN);
    }

    static String rate(double value) {
        return String.format(Locale.ROOT, "%,.0f", value);
    }

    static String millis(double value) {
        return Double.isNaN(value) ? "–" : String.format(Locale.ROOT, "%.2f", value);
    }
}
