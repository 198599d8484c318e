package dev.conveyor.benchmarks;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.ToDoubleFunction;

/** The runs' results as one Markdown document: printed, and written to docs/benchmarks.md. */
final class Report {
  /** One run of one scenario; latencies are NaN where the scenario does not measure them (pgbench). */
  record Measurement(double rate, double p50Millis, double p99Millis) {}

  record Row(String scenario, String clients, String unit, List<Measurement> runs) {}

  /** A target of issue 6: numerator / denominator (scenario names) must reach at least `target`. */
  record Ratio(String what, String numerator, String denominator, double target) {}

  private final Map<String, Row> rows = new LinkedHashMap<>();
  private final List<Ratio> ratios = new ArrayList<>();

  void add(String scenario, String clients, String unit, Measurement measurement) {
    rows.computeIfAbsent(scenario, name -> new Row(name, clients, unit, new ArrayList<>())).runs().add(measurement);
  }

  void ratio(String what, String numerator, String denominator, double target) {
    ratios.add(new Ratio(what, numerator, denominator, target));
  }

  String markdown(String header) {
    StringBuilder out = new StringBuilder(header);
    out.append("\n| scenario | clients | unit | median | min – max | p50 ms | p99 ms |\n");
    out.append("|---|---|---|---:|---:|---:|---:|\n");
    for (Row row : rows.values()) {
      out.append(String.format(Locale.ROOT, "| %s | %s | %s | %s | %s – %s | %s | %s |%n",
          row.scenario(), row.clients(), row.unit(),
          rate(median(row, Measurement::rate)), rate(min(row)), rate(max(row)),
          millis(median(row, Measurement::p50Millis)), millis(median(row, Measurement::p99Millis))));
    }
    out.append("\nLatency columns are the median over the runs of each run's percentile; every measured call's ")
        .append("latency is kept, so percentiles are exact.\n");
    out.append("\n## Ratios against PostgreSQL in the same run (issue 6's targets)\n\n");
    out.append("| target | Conveyor (median) | PostgreSQL (median) | ratio | target | met |\n|---|---:|---:|---:|---:|---|\n");
    for (Ratio ratio : ratios) {
      Row numerator = rows.get(ratio.numerator());
      Row denominator = rows.get(ratio.denominator());
      if (numerator == null || denominator == null) {
        continue;
      }
      double conveyor = median(numerator, Measurement::rate);
      double postgres = median(denominator, Measurement::rate);
      double value = conveyor / postgres;
      out.append(String.format(Locale.ROOT, "| %s | %s | %s | %.2f × | ≥ %.1f × | %s |%n", ratio.what(),
          rate(conveyor), rate(postgres), value, ratio.target(), value >= ratio.target() ? "yes" : "no"));
    }
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

  private static String rate(double value) {
    return String.format(Locale.ROOT, "%,.0f", value);
  }

  private static String millis(double value) {
    return Double.isNaN(value) ? "–" : String.format(Locale.ROOT, "%.2f", value);
  }
}
