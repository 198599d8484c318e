package dev.conveyor.reliability;

import dev.conveyor.reliability.history.Delivery;
import dev.conveyor.reliability.history.HistoryChecker;
import dev.conveyor.reliability.history.HistoryRecorder;
import dev.conveyor.reliability.history.Report;
import dev.conveyor.reliability.history.Scenario;
import java.io.IOException;
import java.nio.file.Files;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalInt;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * Scenario 9: three instances started at once on an empty database. With a database url, {@code server} does not
 * migrate: it refuses to start while migrations are pending (README, "Your own PostgreSQL and migrations"), so the
 * scenario checks that all three refuse without touching the schema, then runs {@code db migrate} from three processes
 * at once (what an orchestrator starting three replicas with a migrate step does), checks that Liquibase made every
 * changeset exactly once and that every process succeeded (they wait for each other), then starts the three servers at
 * once and has each of them serve publishes, receives and acks. Should {@code server} ever migrate by itself, the first
 * step sees all three become ready, and the changelog is checked the same way.
 */
final class ConcurrentStartScenario implements FaultScenario {
    private static final String QUEUE = "boot";
    private static final int ACK_DEADLINE_SECONDS = 5;

    @Override
    public String name() {
        return "concurrent-start";
    }

    @Override
    public int number() {
        return 9;
    }

    @Override
    public String injected() {
        return "3 servers started at once on an empty database, then 3 `db migrate` at once, then 3 servers at once";
    }

    @Override
    public ScenarioResult run(ScenarioContext context) throws Exception {
        RunDatabase database = context.database();
        Cluster cluster = context.cluster(database, 3);
        List<String> failures = new ArrayList<>();
        List<String> notes = new ArrayList<>();

        // 1. Three servers at once on the empty database.
        for (ServerProcess instance : cluster.instances) {
            instance.start();
        }
        int refused = 0;
        int ready = 0;
        for (ServerProcess instance : cluster.instances) {
            OptionalInt exit = awaitReadyOrExit(instance);
            if (exit.isPresent()) {
                refused++;
                if (!contains(instance, "schema is behind")) {
                    failures.add(instance.name + " exited with " + exit.getAsInt()
                            + " without saying the schema is behind:\n" + instance.tail());
                }
            } else {
                ready++;
            }
        }
        boolean autoMigrates = ready == cluster.size();
        if (refused == cluster.size()) {
            notes.add("on the empty database all 3 servers refused to start (\"the database schema is behind\"), as the"
                    + " README says: `server` does not migrate an external database");
            // A refusing server changes nothing, not even Liquibase's bookkeeping tables.
            List<String> tables = database
                    .query("SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' ORDER BY 1")
                    .stream()
                    .map(row -> row.get(0))
                    .toList();
            if (!tables.isEmpty()) {
                failures.add("the refusing servers created tables " + tables);
            }
        } else if (autoMigrates) {
            notes.add("on the empty database all 3 servers started: `server` migrates by itself");
        } else {
            failures.add(ready + " servers started and " + refused + " refused on the empty database");
        }

        // 2. Three `db migrate` at once, unless the servers migrated already.
        if (!autoMigrates) {
            cluster.close();
            List<Process> migrations = new ArrayList<>();
            for (ServerProcess instance : cluster.instances) {
                migrations.add(instance.command("db", "migrate"));
            }
            List<String> outcomes = new ArrayList<>();
            for (int i = 0; i < migrations.size(); i++) {
                Process migration = migrations.get(i);
                if (!migration.waitFor(2, TimeUnit.MINUTES)) {
                    migration.destroyForcibly();
                    failures.add("db migrate " + (i + 1) + " did not finish within 2 minutes");
                    outcomes.add("hung");
                    continue;
                }
                outcomes.add("exit " + migration.exitValue());
                if (migration.exitValue() != 0) {
                    failures.add("db migrate " + (i + 1) + " failed: " + lastLines(cluster.instance(i), 3));
                }
            }
            notes.add("3 concurrent `db migrate`: " + String.join(", ", outcomes));
        }
        failures.addAll(changelogMadeOnce(database, notes));

        // 3. Three servers at once on the migrated database, each serving.
        long starting = System.nanoTime();
        if (!autoMigrates) {
            cluster.start();
        }
        Duration allReady = Duration.ofNanos(System.nanoTime() - starting);
        HistoryRecorder recorder = new HistoryRecorder();
        CallCounts counts = new CallCounts();
        Report report = serve(cluster, context.tokens, recorder, counts);
        failures.addAll(ContractChecks.serverErrors(counts));
        return new ScenarioResult(
                name(),
                injected(),
                report,
                failures,
                String.format(
                        Locale.ROOT, "3 servers ready %.1f s after starting at once", allReady.toMillis() / 1000.0),
                counts.summary(),
                String.join("; ", notes));
    }

    /** Each changeset once in Liquibase's changelog, and the lock released. */
    private static List<String> changelogMadeOnce(RunDatabase database, List<String> notes) throws SQLException {
        List<String> failures = new ArrayList<>();
        List<List<String>> duplicated = database.query("""
        SELECT id, author, filename, count(*) FROM databasechangelog
        GROUP BY id, author, filename HAVING count(*) > 1""");
        duplicated.forEach(row -> failures.add("changeset " + row + " is in databasechangelog more than once"));
        String changesets =
                database.query("SELECT count(*) FROM databasechangelog").get(0).get(0);
        List<List<String>> locks = database.query("SELECT locked FROM databasechangeloglock WHERE locked");
        if (!locks.isEmpty()) {
            failures.add("Liquibase's lock is still held after the migrations");
        }
        notes.add("databasechangelog holds " + changesets + " changesets, "
                + (duplicated.isEmpty() ? "each once" : "some twice"));
        return failures;
    }

    /** Every instance publishes 20 messages (singles and a batch); then all of it is drained through all three. */
    private static Report serve(Cluster cluster, Tokens tokens, HistoryRecorder recorder, CallCounts counts)
            throws InterruptedException {
        new Setup(cluster.instance(0).baseUri)
                .queue(QUEUE, Json.object().put("ack_deadline_seconds", ACK_DEADLINE_SECONDS));
        Map<String, Duration> deadlines = Map.of(QUEUE, Duration.ofSeconds(ACK_DEADLINE_SECONDS));
        List<RecordingClient> clients = new ArrayList<>();
        for (int i = 0; i < cluster.size(); i++) {
            clients.add(
                    new RecordingClient("client-" + (i + 1), cluster.instance(i).baseUri, recorder, deadlines, counts));
        }
        String path = "/v1/queues/" + QUEUE + "/messages";
        for (RecordingClient client : clients) {
            for (int i = 0; i < 10; i++) {
                client.publish(path, List.of(tokens.next("single")), Map.of(), Set.of(QUEUE), false);
            }
            List<String> batch = new ArrayList<>();
            for (int i = 0; i < 10; i++) {
                batch.add(tokens.next("batch"));
            }
            client.publish(path, batch, Map.of(), Set.of(QUEUE), true);
        }
        // One receive and ack through each instance before the drain, so that each has served a consumer too.
        for (RecordingClient client : clients) {
            List<Delivery> received = client.receive(QUEUE, 5, 1);
            client.ack(QUEUE, received);
        }
        new Drain(clients, Duration.ofSeconds(30)).drain(List.of(QUEUE));
        return new HistoryChecker().check(recorder.history(Scenario.of(deadlines)));
    }

    /** Empty once it is ready; the exit code if it exits first. */
    private static OptionalInt awaitReadyOrExit(ServerProcess instance) throws InterruptedException {
        try {
            instance.awaitReady(ServerProcess.READY_WITHIN);
            return OptionalInt.empty();
        } catch (IllegalStateException | IOException notReady) {
            OptionalInt exit = instance.awaitExit(Duration.ofSeconds(10));
            if (exit.isEmpty()) {
                throw new IllegalStateException(instance.name + " neither started nor exited:\n" + instance.tail());
            }
            return exit;
        }
    }

    private static boolean contains(ServerProcess instance, String text) throws IOException {
        return (Files.exists(instance.output)
                        && Files.readString(instance.output).contains(text))
                || (Files.exists(instance.log) && Files.readString(instance.log).contains(text));
    }

    private static String lastLines(ServerProcess instance, int count) throws IOException {
        List<String> lines = Files.readAllLines(instance.output).stream()
                .filter(line -> !line.isBlank())
                .toList();
        return String.join(" | ", lines.subList(Math.max(0, lines.size() - count), lines.size()));
    }
}
