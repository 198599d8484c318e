package dev.conveyor.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;

import dev.conveyor.application.fakes.MutableClock;
import dev.conveyor.postgres.PostgresStore;
import dev.conveyor.postgres.testing.TestDatabase;
import io.dropwizard.testing.ConfigOverride;
import io.dropwizard.testing.junit5.DropwizardAppExtension;
import io.dropwizard.testing.junit5.DropwizardExtensionsSupport;
import java.sql.Connection;
import java.sql.Statement;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A database that holds a request up (here: the messages table locked by someone else, as a migration or a
 * manual {@code LOCK TABLE} would) costs the request a 503 once the lock timeout passes, never a hang, and
 * nothing of it is stored; the server serves again as soon as the lock is gone. The test shortens the lock
 * timeout to 1 s through {@code database.properties.options}, the way an operator would change it.
 */
@ExtendWith(DropwizardExtensionsSupport.class)
class DatabaseStallApiTest {
    static final TestDatabase DB = TestDatabase.create();
    static final MutableClock CLOCK = ConveyorTestApp.clock();
    static final DropwizardAppExtension<ConveyorConfiguration> APP = ConveyorTestApp.extension(
            DB,
            CLOCK,
            ConfigOverride.config("database.properties.options", "-c lock_timeout=1s -c statement_timeout=30s"));
    static final Api API = new Api(APP);

    @AfterAll
    static void dropDatabase() {
        DB.close();
    }

    @Test
    void requestsBehindALockedTableAre503AndStoreNothingThenTheServerGoesOn() throws Exception {
        API.createQueue("stalled");
        API.publish("stalled", "{\"body\": \"before\"}");

        try (Connection locker = DB.connect();
                Statement s = locker.createStatement()) {
            locker.setAutoCommit(false);
            s.execute("LOCK TABLE messages IN ACCESS EXCLUSIVE MODE");

            Api.Reply publish = API.post("/v1/queues/stalled/messages", "{\"body\": \"during\"}");
            assertThat(publish.error(503)).contains("did not answer in time");
            assertThat(publish.retryAfter()).isNotNull();
            API.post("/v1/queues/stalled/receive", "{\"max_messages\": 10}").error(503);

            locker.rollback();
        }

        assertThat(API.total("stalled")).isEqualTo(1);
        API.publish("stalled", "{\"body\": \"after\"}");
        assertThat(API.receive("stalled", 10)).hasSize(2);
    }

    @Test
    void theDefaultsBoundEveryWaitOfThePooledConnections() {
        // Not in test-config.yml: the application adds them whatever the configuration file says, unless it sets them.
        assertThat(PostgresStore.DRIVER_PROPERTIES.get("options"))
                .contains("lock_timeout=5s", "statement_timeout=30s", "idle_in_transaction_session_timeout=60s");
        assertThat(APP.getConfiguration().getDatabase().getProperties())
                .containsEntry("socketTimeout", "40")
                .containsEntry("connectTimeout", "5")
                .containsEntry("loginTimeout", "5")
                .containsEntry("options", "-c lock_timeout=1s -c statement_timeout=30s");
    }
}
