package dev.conveyor.bootstrap;

import static dev.conveyor.bootstrap.Api.j;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.conveyor.postgres.SchemaMigrations;
import io.dropwizard.core.Application;
import io.dropwizard.testing.ConfigOverride;
import io.dropwizard.testing.DropwizardTestSupport;
import io.dropwizard.testing.ResourceHelpers;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import jakarta.ws.rs.client.Client;
import jakarta.ws.rs.client.ClientBuilder;
import jakarta.ws.rs.client.Entity;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.sql.Connection;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Readiness follows the database: 503 within 2 s of PostgreSQL going away, 200 within 5 s of it coming back,
 * without restarting the server, whose pool then serves again and has lost nothing. Always on a PostgreSQL of
 * its own (even when CONVEYOR_TEST_DATABASE_URL names a server), because it stops and starts it.
 */
class ReadinessRecoveryTest {
    private static final Duration TURNS_UNREADY_WITHIN = Duration.ofSeconds(2);
    private static final Duration TURNS_READY_WITHIN = Duration.ofSeconds(5);

    @TempDir
    Path dataDirectory;

    private EmbeddedPostgres postgres;
    private DropwizardTestSupport<ConveyorConfiguration> app;
    private final Client client = ClientBuilder.newBuilder()
            .connectTimeout(5, TimeUnit.SECONDS)
            .readTimeout(30, TimeUnit.SECONDS)
            .build();

    @AfterEach
    void stopEverything() throws IOException {
        client.close();
        if (app != null) {
            app.after();
        }
        if (postgres != null) {
            postgres.close();
        }
    }

    private EmbeddedPostgres startPostgres(int port) throws IOException {
        return EmbeddedPostgres.builder()
                .setDataDirectory(dataDirectory)
                .setCleanDataDirectory(false)
                .setRegisterShutdownHook(false)
                .setPort(port)
                .start();
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    private Response get(int port, String path) {
        return client.target("http://localhost:" + port + path).request().get();
    }

    private Response post(String path, String json) {
        return client.target("http://localhost:" + app.getLocalPort() + path)
                .request()
                .post(Entity.entity(json, MediaType.APPLICATION_JSON));
    }

    /** Polls until the readiness status is {@code status}; answers how long that took. */
    private Duration awaitReadiness(int status, Duration patience) throws InterruptedException {
        long start = System.nanoTime();
        long deadline = start + patience.plusSeconds(10).toNanos();
        while (System.nanoTime() < deadline) {
            try (Response response = get(app.getLocalPort(), "/readiness")) {
                if (response.getStatus() == status) {
                    assertThat(response.getMediaType().toString()).startsWith(MediaType.APPLICATION_JSON);
                    return Duration.ofNanos(System.nanoTime() - start);
                }
            }
            Thread.sleep(50);
        }
        throw new AssertionError("readiness never answered " + status);
    }

    @Test
    void readinessTurns503WhenPostgresStopsAnd200WhenItIsBack() throws Exception {
        int port = freePort();
        postgres = startPostgres(port);
        try (Connection c = postgres.getPostgresDatabase().getConnection()) {
            SchemaMigrations.migrate(c);
        }
        app =
                new DropwizardTestSupport<>(
                        ConveyorApplication.class,
                        ResourceHelpers.resourceFilePath("test-config.yml"),
                        ConfigOverride.config("database.url", postgres.getJdbcUrl("postgres", "postgres")),
                        ConfigOverride.config("database.user", "postgres"),
                        ConfigOverride.config("database.password", "")) {
                    @Override
                    public Application<ConveyorConfiguration> newApplication() {
                        return new ConveyorApplication(ConveyorTestApp.clock());
                    }
                };
        app.before();
        assertThat(awaitReadiness(200, Duration.ZERO)).isNotNull();
        assertThat(post("/v1/queues", j("{'id': 'survivors'}")).getStatus()).isEqualTo(201);
        assertThat(post("/v1/queues/survivors/messages", j("{'body': 'before'}"))
                        .getStatus())
                .isEqualTo(201);

        postgres.close();
        postgres = null;

        assertThat(awaitReadiness(503, TURNS_UNREADY_WITHIN)).isLessThanOrEqualTo(TURNS_UNREADY_WITHIN);
        try (Response ready = get(app.getLocalPort(), "/readiness")) {
            assertThat(ready.readEntity(JsonNode.class).get("status").asText()).contains("database");
        }
        try (Response health = get(app.getAdminPort(), "/healthcheck")) {
            assertThat(health.getStatus()).isEqualTo(500);
            assertThat(health.readEntity(JsonNode.class).at("/database/healthy").asBoolean())
                    .isFalse();
        }
        try (Response publish = post("/v1/queues/survivors/messages", j("{'body': 'during'}"))) {
            assertThat(publish.getStatus()).isEqualTo(503);
            assertThat(publish.getHeaderString("Retry-After")).isNotNull();
            assertThat(publish.readEntity(JsonNode.class).get("code").asInt()).isEqualTo(503);
        }
        try (Response live = get(app.getLocalPort(), "/liveness")) {
            assertThat(live.getStatus()).isEqualTo(200);
        }

        postgres = startPostgres(port);

        assertThat(awaitReadiness(200, TURNS_READY_WITHIN)).isLessThanOrEqualTo(TURNS_READY_WITHIN);
        try (Response health = get(app.getAdminPort(), "/healthcheck")) {
            assertThat(health.getStatus()).isEqualTo(200);
            assertThat(health.readEntity(JsonNode.class).at("/database/healthy").asBoolean())
                    .isTrue();
        }
        // The same pool serves again, and what was committed before the outage is there.
        assertThat(post("/v1/queues/survivors/messages", j("{'body': 'after'}")).getStatus())
                .isEqualTo(201);
        JsonNode received =
                post("/v1/queues/survivors/receive", j("{'max_messages': 10}")).readEntity(JsonNode.class);
        assertThat(received.get("data").findValuesAsText("body")).containsExactlyInAnyOrder("before", "after");
    }
}
