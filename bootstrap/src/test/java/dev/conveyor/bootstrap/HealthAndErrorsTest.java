package dev.conveyor.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;

import dev.conveyor.application.fakes.MutableClock;
import dev.conveyor.postgres.testing.TestDatabase;
import io.dropwizard.testing.junit5.DropwizardAppExtension;
import io.dropwizard.testing.junit5.DropwizardExtensionsSupport;
import jakarta.ws.rs.client.Entity;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(DropwizardExtensionsSupport.class)
class HealthAndErrorsTest {
    static final TestDatabase DB = TestDatabase.create();
    static final MutableClock CLOCK = ConveyorTestApp.clock();
    static final DropwizardAppExtension<ConveyorConfiguration> APP = ConveyorTestApp.extension(DB, CLOCK);

    @AfterAll
    static void dropDatabase() {
        DB.close();
    }

    private String url(String path) {
        return "http://localhost:" + APP.getLocalPort() + path;
    }

    @Test
    void thePooledConnectionsPlanEachExecutionAndPrepareOnTheServer() {
        // Not in test-config.yml: the application sets it whatever the configuration file says.
        assertThat(APP.getConfiguration().getDatabase().getInitializationQuery())
                .isEqualTo(dev.conveyor.postgres.PostgresStore.CONNECTION_SETUP);
        assertThat(APP.getConfiguration().getDatabase().getProperties()).containsEntry("prepareThreshold", "1");
    }

    @Test
    void livenessAndReadinessAnswerWhileTheDatabaseIsUp() {
        Response live = APP.client().target(url("/liveness")).request().get();
        assertThat(live.getStatus()).isEqualTo(200);
        assertThat(live.readEntity(Map.class)).containsEntry("status", "alive");
        Response ready = APP.client().target(url("/readiness")).request().get();
        assertThat(ready.getStatus()).isEqualTo(200);
        assertThat(ready.readEntity(Map.class)).containsEntry("status", "ready");
    }

    @Test
    void anUnknownPathIsAJson404() {
        Response response =
                APP.client().target(url("/v1/nothing-here")).request().get();
        assertThat(response.getStatus()).isEqualTo(404);
        assertThat(response.readEntity(Map.class)).containsEntry("code", 404);
    }

    @Test
    void malformedJsonIs400AndChangesNothing() {
        Response response = APP.client()
                .target(url("/v1/topics"))
                .request()
                .post(Entity.entity("{\"id\": \"t1\",", MediaType.APPLICATION_JSON));
        assertThat(response.getStatus()).isEqualTo(400);
        assertThat(response.readEntity(Map.class)).containsEntry("code", 400);
        assertThat(APP.client().target(url("/v1/topics/t1")).request().get().getStatus())
                .isEqualTo(404);
    }
}
