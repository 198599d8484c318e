package dev.conveyor.benchmarks;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.Optional;

/**
* Issue 6, first step: Conveyor's publish and receive+ack rates over HTTP next to pgbench doing the same SQL
* work on the same PostgreSQL, in one run, so that the ratios hold even where absolute numbers drift.
*/
public final class Benchmark {
  private static final String PUBLISH_1 = "publish, 1 per request, 1 client";
  private static final String PUBLISH_16 = "publish, 1 per request, 16 clients";
  private static final String PUBLISH_64 = "publish, 1 per request, 64 clients";
  private static final String PUBLISH_100 = "publish, 100 per request, 16 clients";
  private static final String RECEIVE_ACK = "receive 10 + ack 10, with a backlog";
  private static final String PG_INSERT_1 = "pgbench: single-row INSERT per transaction";
  private static final String PG_INSERT_100 = "pgbench: 100-row INSERT per transaction";
  private static final String PG_LEASE = "pgbench: lease 10 (SKIP LOCKED) + DELETE 10 by id";
  private static final int CONSUMERS = 16;

  private Benchmark() {}

  public static void main(String[] args) throws Exception {
    Settings settings = Settings.fromEnvironment();
    String loadAtStart = Files.readString(Path.of("/proc/loadavg")).trim();
    String date = ZonedDateTime.now().format(DateTimeFormatter.RFC_1123_DATE_TIME);
    Report report = new Report();
    String header;
    try (BenchDatabase database = BenchDatabase.create(settings);
        ConveyorServer server = startWithCleanupOnInterrupt(settings, database)) {
      System.out.println("database " + database.name + ", server " + server.baseUri + " ready");
      ConveyorApi api = new ConveyorApi(server.baseUri);
      for (String queue : new String[] {"publish", "consume", "pgbench-insert", "pgbench-lease"}) {
        api.createQueue(queue);
      }
      PgbenchBaseline pgbench = new PgbenchBaseline(settings, database);
      pgbench.createTable();
      header = header(settings, database, pgbench, date, loadAtStart);

      long backlog = 100_000;
      for (int run = 1; run <= settings.runs(); run++) {
        System.out.printf("run %d of %d%n", run, settings.runs());
        // Conveyor and pgbench alternate within each run, so drift on the shared machine hits both alike.
        publish(report, settings, api, PUBLISH_1, 1, 1);
        publish(report, settings, api, PUBLISH_16, 16, 1);
        publish(report, settings, api, PUBLISH_64, 64, 1);
        publish(report, settings, api, PUBLISH_100, 16, 100);
        backlog = receiveAndAck(report, settings, api, backlog);
        measured(report, PG_INSERT_1, "16", "rows/s", pgbench.insertOne());
        measured(report, PG_INSERT_100, "16", "rows/s", pgbench.insertHundred());
        measured(report, PG_LEASE, "16", "msgs/s", pgbench.leaseAndDelete());
      }
    }
    report.ratio("publish, 1 per request, 16 clients vs single-row INSERT tps", PUBLISH_16, PG_INSERT_1, 1.0);
    report.ratio("publish, 100 per request vs 100-row INSERT rows/s", PUBLISH_100, PG_INSERT_100, 0.5);
    report.ratio("receive 10 + ack 10 vs lease 10 + delete 10", RECEIVE_ACK, PG_LEASE, 0.5);
    String markdown = report.markdown(header);
    System.out.println();
    System.out.println(markdown);
    Path out = settings.home().resolve("docs/benchmarks.md");
    report.write(out, markdown);
    System.out.println("written to " + out);
  }

  /** Ctrl-C must not leave a server running or a database behind either. */
  private static ConveyorServer startWithCleanupOnInterrupt(Settings settings, BenchDatabase database) throws Exception {
    ConveyorServer server = ConveyorServer.start(settings, database);
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      try {
        server.close();
        database.close();
      } catch (Exception e) {
        System.err.println("cleanup on exit failed: " + e.getMessage());
      }
    }));
    return server;
  }

  private static void publish(Report report, Settings settings, ConveyorApi api, String scenario, int clients, int perRequest)
      throws Exception {
    String body = ConveyorApi.messages(perRequest);
    LoadGenerator.Result result = LoadGenerator.run(clients, settings.warmup(), settings.measurement(),
        settings.maxRequests(), () -> () -> {
          api.publish("publish", body);
          return perRequest;
        });
    record(report, scenario, clients, result, true);
    // Each measurement starts from an empty queue, so the table does not grow from one to the next.
    api.purge("publish");
  }

  /** Fills the queue through the API (batches of 100), then 16 consumers receive 10 and ack them in a loop. */
  private static long receiveAndAck(Report report, Settings settings, ConveyorApi api, long backlog) throws Exception {
    api.purge("consume");
    String hundred = ConveyorApi.messages(100);
    LoadGenerator.run(16, Duration.ZERO, Duration.ofMinutes(10), backlog / 100, () -> () -> {
      api.publish("consume", hundred);
      return 100;
    });
    LoadGenerator.Result result = LoadGenerator.run(CONSUMERS, settings.warmup(), settings.measurement(),
        settings.maxRequests(), () -> () -> api.receiveAndAck("consume", 10));
    if (api.available("consume") == 0) {
      System.err.println("  the backlog ran out: this rate is a lower bound");
    }
    record(report, RECEIVE_ACK, CONSUMERS, result, true);
    // Enough for the next run at this rate (warm-up included), with room to spare.
    double seconds = settings.warmup().toSeconds() + settings.measurement().toSeconds();
    return Math.max(backlog, (long) (result.messagesPerSecond() * seconds * 1.5 / 100) * 100);
  }

  private static void record(Report report, String scenario, int clients, LoadGenerator.Result result, boolean latency) {
    if (result.errors() > 0) {
      System.err.printf("  %s: %d calls failed%n", scenario, result.errors());
    }
    report.add(scenario, Integer.toString(clients), "msgs/s", new Report.Measurement(result.messagesPerSecond(),
        latency ? result.latencyMillis(0.50) : Double.NaN, latency ? result.latencyMillis(0.99) : Double.NaN));
    System.out.printf(Locale.ROOT, "  %-45s %,10.0f msgs/s  p50 %.2f ms  p99 %.2f ms%n", scenario,
        result.messagesPerSecond(), result.latencyMillis(0.50), result.latencyMillis(0.99));
  }

  private static void measured(Report report, String scenario, String clients, String unit, double rate) {
    report.add(scenario, clients, unit, new Report.Measurement(rate, Double.NaN, Double.NaN));
    System.out.printf(Locale.ROOT, "  %-45s %,10.0f %s%n", scenario, rate, unit);
  }

  private static String header(Settings settings, BenchDatabase database, PgbenchBaseline pgbench, String date,
      String loadAtStart) throws Exception {
    String os = osRelease().orElse(System.getProperty("os.name")) + ", kernel " + System.getProperty("os.version");
    return """
        # Benchmarks

        Measured by `benchmarks/` (see [its README](../benchmarks/README.md)), issue 6's first step. **Not yet
        covered**: issue 6's scenarios 4 (publish → receive latency under long polls at 1000 msgs/s), 5 (receive
        latency at 10 thousand vs 5 million stored messages), 6 (fan-out to 1, 10 and 50 subscriptions) and 7
        (server CPU seconds and peak RSS per million messages), and the RabbitMQ comparison. The targets of
        those rows are therefore not recorded here yet.

        These numbers come from a **shared machine**: other work (another engineer's test suite) may have been
        loading its cores during the run. Absolute numbers drift from run to run; the ratios, measured side by
        side in the same run, are the yardstick.

        ## Machine and settings

        | | |
        |---|---|
        | date | %s |
        | CPU | %d cores (%s) |
        | memory | %s |
        | OS | %s |
        | Java | %s (benchmark and server), server with `-Xmx256m` |
        | PostgreSQL | %s, `synchronous_commit` %s, `shared_buffers` %s, on %s:%d, database `%s` (dropped afterwards) |
        | pgbench | %s, `-M prepared -c 16 -j 2 -T %d`, no warm-up |
        | load average at start | %s |
        | runs | %d per scenario (`BENCH_RUNS`); each HTTP scenario %d s warm-up + %d s measured (`BENCH_WARMUP_SECONDS`, `BENCH_SECONDS`) |
        | server | `bootstrap/target/conveyor.jar server` with the top-level `config.yml` as shipped (pool 4–32, request log on, written to a file), on loopback |
        | load generator | JDK `HttpClient`, HTTP/1.1 keep-alive, one platform thread per client in a closed loop, on the same 2 cores |
        | message | body `%s`, attributes `%s`, published to a queue (`POST /v1/queues/{id}/messages`) |

        ## Results

        The publish queue is purged after each measurement; receive + ack works on a queue refilled through the
        API in batches of 100 before each run, sized so it does not run out. pgbench works on `bench_messages`,
        a copy of `messages` (`LIKE messages INCLUDING ALL`, its foreign key to `queues` added), with
        time-ordered UUIDs like Conveyor's, emptied before each measurement.
        """.formatted(date, Runtime.getRuntime().availableProcessors(), cpuModel(), memory(), os,
        System.getProperty("java.runtime.version"),
        database.queryOne("SHOW server_version"), database.queryOne("SHOW synchronous_commit"),
        database.queryOne("SHOW shared_buffers"), database.host, database.port, database.name,
        pgbench.version(), settings.measurement().toSeconds(), loadAtStart, settings.runs(),
        settings.warmup().toSeconds(), settings.measurement().toSeconds(),
        ConveyorApi.BODY.replace("|", "\\|"), ConveyorApi.ATTRIBUTES);
  }

  private static Optional<String> osRelease() throws IOException {
    Path file = Path.of("/etc/os-release");
    if (!Files.exists(file)) {
      return Optional.empty();
    }
    return Files.readAllLines(file).stream()
        .filter(line -> line.startsWith("PRETTY_NAME="))
        .map(line -> line.substring("PRETTY_NAME=".length()).replace("\"", ""))
        .findFirst();
  }

  private static String cpuModel() throws IOException {
    return Files.readAllLines(Path.of("/proc/cpuinfo")).stream()
        .filter(line -> line.startsWith("model name"))
        .map(line -> line.substring(line.indexOf(':') + 1).strip())
        .findFirst()
        .orElse("unknown model");
  }

  private static String memory() throws IOException {
    return Files.readAllLines(Path.of("/proc/meminfo")).stream()
        .filter(line -> line.startsWith("MemTotal:"))
        .map(line -> String.format(Locale.ROOT, "%.1f GiB (MemTotal)",
            Long.parseLong(line.replaceAll("[^0-9]", "")) / 1024.0 / 1024.0))
        .findFirst()
        .orElse("unknown");
  }
}
