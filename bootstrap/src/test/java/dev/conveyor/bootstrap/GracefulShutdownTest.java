package dev.conveyor.bootstrap;

import static dev.conveyor.bootstrap.Api.j;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.conveyor.postgres.testing.TestDatabase;
import io.dropwizard.core.Application;
import io.dropwizard.testing.ConfigOverride;
import io.dropwizard.testing.DropwizardTestSupport;
import io.dropwizard.testing.ResourceHelpers;
import jakarta.ws.rs.client.Client;
import jakarta.ws.rs.client.ClientBuilder;
import jakarta.ws.rs.client.Entity;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Stopping the server (what SIGTERM does, through Jetty's shutdown hook) answers a waiting long poll at once,
 * empty, instead of holding the shutdown for the poll's whole wait; and leaves no connection open behind it.
 */
class GracefulShutdownTest {
    private final TestDatabase db = TestDatabase.create();
    private final ExecutorService pool = Executors.newCachedThreadPool();
    private final Client client =
            ClientBuilder.newBuilder().readTimeout(60, TimeUnit.SECONDS).build();
    private final DropwizardTestSupport<ConveyorConfiguration> app =
            new DropwizardTestSupport<>(
                    ConveyorApplication.class,
                    ResourceHelpers.resourceFilePath("test-config.yml"),
                    ConfigOverride.config("database.url", db.url()),
                    ConfigOverride.config("database.user", db.user()),
                    ConfigOverride.config("database.password", db.password()),
                    ConfigOverride.config("cleanup.enabled", "true"),
                    ConfigOverride.config("cleanup.interval", "100ms")) {
                @Override
                public Application<ConveyorConfiguration> newApplication() {
                    return new ConveyorApplication(ConveyorTestApp.clock());
                }
            };

    @AfterEach
    void cleanUp() {
        pool.shutdownNow();
        client.close();
        db.close();
    }

    private Response post(String path, String json) {
        return client.target("http://localhost:" + app.getLocalPort() + path)
                .request()
                .post(Entity.entity(json, MediaType.APPLICATION_JSON));
    }

    private double waitingLongPolls() {
        String text = client.target("http://localhost:" + app.getLocalPort() + "/metrics")
                .request()
                .get(String.class);
        return MetricsApiTest.value(text, "conveyor_long_polls_waiting", Map.of())
                .orElseThrow();
    }

    private long connectionsOfTheServer() throws Exception {
        try (Connection c = db.connect();
                Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT count(*) FROM pg_stat_activity"
                        // Client backends only: an autovacuum worker on this database is no connection of the server,
                        // and the messages table is vacuumed eagerly (migration 006), so one may come at any time.
                        + " WHERE datname = current_database() AND pid <> pg_backend_pid()"
                        + " AND backend_type = 'client backend'")) {
            rs.next();
            return rs.getLong(1);
        }
    }

    @Test
    void stoppingAnswersAWaitingLongPollEmptyAndClosesEveryConnection() throws Exception {
        app.before();
        assertThat(post("/v1/queues", j("{'id': 'quiet'}")).getStatus()).isEqualTo(201);
        long started = System.nanoTime();
        Future<Response> longPoll = pool.submit(() -> post("/v1/queues/quiet/receive", j("{'wait_seconds': 20}")));
        while (waitingLongPolls() < 1 && !longPoll.isDone()) {
            Thread.sleep(20);
        }
        assertThat(connectionsOfTheServer()).isPositive();

        CompletableFuture<Void> stopped = CompletableFuture.runAsync(app::after, pool);

        try (Response answer = longPoll.get(30, TimeUnit.SECONDS)) {
            assertThat(answer.getStatus()).isEqualTo(200);
            assertThat(answer.readEntity(JsonNode.class).get("data").size()).isZero();
        }
        // Answered when the stop began, not when its 20 s wait (or the 10 s re-check) ran out.
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(10));
        stopped.get(60, TimeUnit.SECONDS);
        // The pool, the arrival listener, the cleanup job: all gone with the server. A backend leaves
        // pg_stat_activity a moment after its client closed the connection, later still on a busy machine (5 s was seen
        // to be too short under a load of 10 on 2 cores).
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (connectionsOfTheServer() > 0 && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        assertThat(connectionsOfTheServer()).isZero();
    }
}
