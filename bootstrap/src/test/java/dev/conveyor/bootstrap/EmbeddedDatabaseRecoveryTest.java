package dev.conveyor.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The embedded PostgreSQL when its server dies: servers run in JVMs of their own and are killed with SIGKILL (what the
 * OOM killer or {@code docker kill} does). The server must come back by itself with every message, whether its
 * watchdog stopped the PostgreSQL or the PostgreSQL was left running; and a data directory is one live server's.
 */
class EmbeddedDatabaseRecoveryTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** A bound against hanging, not a timing: the watchdog's fast shutdown takes about 2 s here. */
    private static final Duration POSTMASTER_END_LIMIT = Duration.ofMinutes(2);

    @TempDir
    Path dir;

    @Test
    void aServerKilledWithSigkillStartsAgainByItselfWithEveryMessage() throws Exception {
        Path config = config(dir);
        Set<String> published = new HashSet<>();

        try (ConveyorProcess first = ConveyorProcess.start(dir, "first", "server", config.toString())) {
            String base = first.awaitReady();
            assertThat(ConveyorProcess.post(base + "/v1/queues", "{\"id\": \"durable\"}")
                            .statusCode())
                    .isEqualTo(201);
            published.addAll(publish(base, "first", 20));
            long postmaster = postmasterPid();

            first.killJvm();

            // The watchdog stops it: it does not outlive its server.
            assertThat(endsWithin(postmaster, POSTMASTER_END_LIMIT))
                    .as("the postmaster %s ended after its server was killed", postmaster)
                    .isTrue();
        }

        long orphan;
        try (ConveyorProcess second = ConveyorProcess.start(dir, "second", "server", config.toString())) {
            String base = second.awaitReady();
            published.addAll(publish(base, "second", 20));
            orphan = postmasterPid();

            // As if the watchdog had not run (killed with it, or a platform without one).
            second.killJvmAndItsChildren();

            assertThat(ProcessHandle.of(orphan).map(ProcessHandle::isAlive))
                    .as("the postmaster outlived its server")
                    .contains(true);
        }

        try (ConveyorProcess third = ConveyorProcess.start(dir, "third", "server", config.toString())) {
            String base = third.awaitReady();
            assertThat(ProcessHandle.of(orphan).filter(ProcessHandle::isAlive)).isEmpty();
            assertThat(third.stdout())
                    .contains(
                            "The embedded PostgreSQL of " + dir.resolve("data").toRealPath() + " (pid " + orphan)
                    .contains("stopped it (fast shutdown");
            assertThat(receiveAll(base)).isEqualTo(published);
        }
    }

    @Test
    void aDataDirectoryIsOneServersAndCommandsWorkThroughItsDatabase() throws Exception {
        Path config = config(dir);
        try (ConveyorProcess server = ConveyorProcess.start(dir, "server", "server", config.toString())) {
            String base = server.awaitReady();
            long postmaster = postmasterPid();
            int port = postmasterPort();

            ConveyorProcess second = ConveyorProcess.start(dir, "second", "server", config.toString());
            assertThat(second.awaitExit()).isNotZero();
            assertThat(second.stderr().lines().filter(line -> !line.isBlank()))
                    .singleElement()
                    .asString()
                    .isEqualTo("Conveyor will not start: the embedded database in "
                            + dir.resolve("data").toRealPath() + " is in use by another Conveyor (pid "
                            + server.pid() + "); its PostgreSQL is pid " + postmaster + " on port " + port
                            + ". Stop that one first, or give this one another data directory"
                            + " (embeddedDatabase.dataDirectory, CONVEYOR_DATA_DIR)");
            CommandErrorsTest.assertNoStackTrace(second.output());

            // Commands, in this JVM, while the server runs in its own.
            CommandRun client = CommandRun.of("create-client", config.toString(), "--name", "ops", "--scopes", "*");
            assertThat(client.failure()).isEmpty();
            assertThat(client.outLines()).anyMatch(line -> line.startsWith("client_id: "));
            assertThat(client.outLines())
                    .anyMatch(line -> line.contains("working through its PostgreSQL on port " + port));
            CommandRun cleanup = CommandRun.of("cleanup", config.toString());
            assertThat(cleanup.failure()).isEmpty();
            assertThat(cleanup.outLines()).anyMatch(line -> line.startsWith("total: "));
            CommandRun status = CommandRun.of("db", "status", config.toString());
            assertThat(status.failure()).isEmpty();
            assertThat(status.outLines()).anyMatch(line -> line.endsWith("is up to date"));
            CommandRun migrate = CommandRun.of("db", "migrate", config.toString());
            assertThat(migrate.failure()).isEmpty();

            // Still the same server and PostgreSQL, still serving.
            assertThat(postmasterPid()).isEqualTo(postmaster);
            assertThat(ConveyorProcess.get(base + "/readiness").statusCode()).isEqualTo(200);
        }
    }

    private Set<String> publish(String base, String prefix, int messages) throws Exception {
        Set<String> ids = new HashSet<>();
        for (int i = 0; i < messages; i++) {
            HttpResponse<String> answer = ConveyorProcess.post(
                    base + "/v1/queues/durable/messages", "{\"body\": \"" + prefix + "-" + i + "\"}");
            assertThat(answer.statusCode()).as(answer.body()).isEqualTo(201);
            ids.add(JSON.readTree(answer.body()).get("data").get(0).get("id").asText());
        }
        return ids;
    }

    private Set<String> receiveAll(String base) throws Exception {
        Set<String> received = new HashSet<>();
        while (true) {
            HttpResponse<String> answer =
                    ConveyorProcess.post(base + "/v1/queues/durable/receive", "{\"max_messages\": 100}");
            assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
            JsonNode data = JSON.readTree(answer.body()).get("data");
            if (data.isEmpty()) {
                return received;
            }
            data.forEach(message -> received.add(message.get("id").asText()));
        }
    }

    private static boolean endsWithin(long pid, Duration limit) throws Exception {
        Optional<ProcessHandle> process = ProcessHandle.of(pid);
        if (process.isEmpty()) {
            return true;
        }
        try {
            process.get().onExit().get(limit.toMillis(), TimeUnit.MILLISECONDS);
            return true;
        } catch (TimeoutException stillRunning) {
            return false;
        }
    }

    private long postmasterPid() throws Exception {
        return PostmasterPidFile.read(dir.resolve("data")).orElseThrow().pid();
    }

    private int postmasterPort() throws Exception {
        return PostmasterPidFile.read(dir.resolve("data")).orElseThrow().port();
    }

    /** A server on the embedded database in {@code dir}/data, on free ports, logging at INFO (its port is read there). */
    static Path config(Path dir) throws Exception {
        return Files.writeString(
                dir.resolve("config.yml"), """
                database:
                  driverClass: org.postgresql.Driver
                  url: embedded
                embeddedDatabase:
                  dataDirectory: %s
                auth:
                  secretKey: %s
                server:
                  registerDefaultExceptionMappers: false
                  requestLog:
                    appenders: []
                  applicationConnectors:
                    - type: http
                      port: 0
                  adminConnectors:
                    - type: http
                      port: 0
                logging:
                  level: INFO
                  loggers:
                    liquibase: WARN
                    io.zonky: WARN
                """.formatted(dir.resolve("data"), BearerApi.base64(BearerApi.key(1))));
    }
}
