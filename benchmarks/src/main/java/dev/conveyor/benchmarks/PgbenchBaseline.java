package dev.conveyor.benchmarks;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * What PostgreSQL itself does with the same SQL work on the same server, measured with pgbench: the yardstick
 * of issue 6. The table is a copy of Conveyor's messages table, so the indexes and the foreign key cost the same.
 */
final class PgbenchBaseline {
    static final int CLIENTS = 16;
    private static final Pattern TPS = Pattern.compile("^tps = ([0-9.]+)", Pattern.MULTILINE);

    private static final String VALUES = "'" + ConveyorApi.BODY + "', '" + ConveyorApi.ATTRIBUTES + "', now(), now()";
    private static final String INSERT_ONE = """
      INSERT INTO bench_messages (queue_id, id, body, attributes, created_at, visible_at)
      VALUES ('pgbench-insert', bench_uuid7(), %s);
      """.formatted(VALUES);
    private static final String INSERT_HUNDRED = """
      INSERT INTO bench_messages (queue_id, id, body, attributes, created_at, visible_at)
      SELECT 'pgbench-insert', bench_uuid7(), %s FROM generate_series(1, 100);
      """.formatted(VALUES);
    // Receive then ack, as two transactions like Conveyor's: the lease is the product's statement shape (one
    // UPDATE over a SKIP LOCKED pick, served by the (queue_id, visible_at, id) index, which holds only messages
    // without a group, hence the group_id IS NULL that lets the plan use it), the delete matches id and
    // lease id as an ack matches a receipt. \gset hands the leased ids to the delete as arrays.
    private static final String LEASE_AND_DELETE = """
      WITH leased AS (
        UPDATE bench_messages m
        SET delivery_attempts = m.delivery_attempts + 1, lease_id = gen_random_uuid(),
          lease_expires_at = now() + interval '30 seconds', visible_at = now() + interval '30 seconds'
        WHERE (m.queue_id, m.id) IN (
          SELECT queue_id, id FROM bench_messages
          WHERE queue_id = 'pgbench-lease' AND visible_at <= now() AND group_id IS NULL
          ORDER BY visible_at, id
          LIMIT 10
          FOR UPDATE SKIP LOCKED)
        RETURNING m.id, m.body, m.attributes, m.lease_id)
      SELECT coalesce(array_agg(id), '{}') AS ids, coalesce(array_agg(lease_id), '{}') AS leases FROM leased \\gset
      DELETE FROM bench_messages
      WHERE queue_id = 'pgbench-lease' AND (id, lease_id) IN (SELECT * FROM unnest(:ids::uuid[], :leases::uuid[]));
      """;

    private final Settings settings;
    private final BenchDatabase database;
    private final Path scripts;
    private final Consumer<String> warnings;
    /** About 30 000 msgs/s over the default 10 s, with room to spare; raised after each run if need be. */
    private long leaseBacklog = 400_000;

    PgbenchBaseline(Settings settings, BenchDatabase database, Consumer<String> warnings) throws IOException {
        this.settings = settings;
        this.database = database;
        this.warnings = warnings;
        this.scripts = Files.createTempDirectory("conveyor-pgbench");
        scripts.toFile().deleteOnExit();
    }

    /** Needs Conveyor's schema and the queues pgbench-insert and pgbench-lease (made through the API). */
    void createTable() throws SQLException {
        // LIKE ... INCLUDING ALL copies columns, defaults and every index; the foreign key is added by hand.
        database.execute("CREATE TABLE bench_messages (LIKE messages INCLUDING ALL)");
        database.execute(
                "ALTER TABLE bench_messages ADD FOREIGN KEY (queue_id) REFERENCES queues (id) ON DELETE CASCADE");
        // Conveyor's ids are UUIDv7, so new keys land at the right edge of the primary key index; random UUIDs
        // would scatter the inserts and make the baseline slower than it should be. PostgreSQL 15 has no uuidv7().
        database.execute("""
        CREATE FUNCTION bench_uuid7() RETURNS uuid LANGUAGE sql VOLATILE AS $$
         SELECT (lpad(to_hex((extract(epoch FROM clock_timestamp()) * 1000)::bigint), 12, '0')
             || substr(md5(random()::text), 1, 20))::uuid
        $$""");
    }

    String version() throws IOException, InterruptedException {
        Process process = new ProcessBuilder("pgbench", "--version")
                .redirectErrorStream(true)
                .start();
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        process.waitFor();
        return out;
    }

    /** Single-row INSERT per transaction: transactions (= rows) per second. */
    double insertOne() throws Exception {
        database.execute("TRUNCATE bench_messages");
        return run("insert-one.sql", INSERT_ONE);
    }

    /**
     * Single-row INSERT by one client (issue 18 compares the 1-client publish's p50 with it): rows per second, and
     * every transaction's latency from pgbench's per-transaction log (its third field, in microseconds).
     */
    LoadGenerator.Result insertOneAlone() throws Exception {
        database.execute("TRUNCATE bench_messages");
        Path logs = Files.createTempDirectory(scripts, "log");
        try {
            String prefix = logs.resolve("alone").toString();
            double tps = run("insert-one.sql", INSERT_ONE, 1, List.of("-l", "--log-prefix=" + prefix));
            long[] micros;
            try (var files = Files.list(logs)) {
                micros = files.flatMap(PgbenchBaseline::lines)
                        .mapToLong(line -> Long.parseLong(line.split(" ")[2]))
                        .sorted()
                        .toArray();
            }
            double seconds = settings.measurement().toSeconds();
            long rows = Math.round(tps * seconds);
            return new LoadGenerator.Result(
                    micros.length, rows, 0, seconds, LoadGenerator.Percentiles.exact(micros), rows);
        } finally {
            try (var files = Files.list(logs)) {
                for (Path file : files.toList()) {
                    Files.delete(file);
                }
            }
            Files.delete(logs);
        }
    }

    private static Stream<String> lines(Path file) {
        try {
            return Files.readAllLines(file).stream();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** 100-row INSERT per transaction: rows per second. */
    double insertHundred() throws Exception {
        database.execute("TRUNCATE bench_messages");
        return run("insert-hundred.sql", INSERT_HUNDRED) * 100;
    }

    /** Lease 10, then delete those 10, on a backlog sized from the previous run: messages per second. */
    double leaseAndDelete() throws Exception {
        database.execute("TRUNCATE bench_messages");
        database.execute("""
        INSERT INTO bench_messages (queue_id, id, body, attributes, created_at, visible_at)
        SELECT 'pgbench-lease', bench_uuid7(), %s FROM generate_series(1, %d)""".formatted(VALUES, leaseBacklog));
        database.execute("VACUUM ANALYZE bench_messages");
        double messagesPerSecond = run("lease-and-delete.sql", LEASE_AND_DELETE) * 10;
        long left = Long.parseLong(database.queryOne("SELECT count(*) FROM bench_messages WHERE lease_id IS NULL"));
        if (left == 0) {
            warnings.accept("the pgbench backlog ran out: the lease 10 + delete 10 rate is a lower bound");
        }
        // Enough for the next run at this rate, with room to spare.
        leaseBacklog = Math.max(
                leaseBacklog, (long) (messagesPerSecond * settings.measurement().toSeconds() * 1.5));
        return messagesPerSecond;
    }

    private double run(String name, String script) throws IOException, InterruptedException {
        return run(name, script, CLIENTS, List.of());
    }

    private double run(String name, String script, int clients, List<String> options)
            throws IOException, InterruptedException {
        Path file = Files.writeString(scripts.resolve(name), script);
        file.toFile().deleteOnExit(); // registered after the directory, so deleted before it
        Duration time = settings.measurement();
        List<String> command = new ArrayList<>(List.of(
                "pgbench",
                "-n",
                "-M",
                "prepared",
                "-h",
                database.host,
                "-p",
                Integer.toString(database.port),
                "-U",
                settings.databaseUser(),
                "-c",
                Integer.toString(clients),
                "-j",
                Integer.toString(Math.min(2, clients)),
                "-T",
                Long.toString(time.toSeconds()),
                "-f",
                file.toString()));
        command.addAll(options);
        command.add(database.name);
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        if (!settings.databasePassword().isEmpty()) {
            builder.environment().put("PGPASSWORD", settings.databasePassword());
        }
        Process process = builder.start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!process.waitFor(time.toSeconds() + 60, TimeUnit.SECONDS) || process.exitValue() != 0) {
            process.destroyForcibly();
            throw new IllegalStateException("pgbench " + name + " failed:\n" + output);
        }
        Matcher tps = TPS.matcher(output);
        if (!tps.find()) {
            throw new IllegalStateException("no tps line in pgbench's output:\n" + output);
        }
        return Double.parseDouble(tps.group(1));
    }
}
