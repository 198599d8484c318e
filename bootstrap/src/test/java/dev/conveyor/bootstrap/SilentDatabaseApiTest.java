package dev.conveyor.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;

import dev.conveyor.postgres.testing.BlackHoleProxy;
import dev.conveyor.postgres.testing.TestDatabase;
import io.dropwizard.testing.ConfigOverride;
import io.dropwizard.testing.junit5.DropwizardAppExtension;
import io.dropwizard.testing.junit5.DropwizardExtensionsSupport;
import java.io.IOException;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A database that stops answering at all (a network black hole: sockets open, nothing comes back) costs a
 * request a 503 within the pool's check of a borrowed connection and the driver's login timeout, not within the
 * socket timeout, which has to outlast the longest statement. The app reaches its database through a proxy in
 * the test, with a socket timeout of 50 s: before the check was bounded, a publish waited for it twice (the
 * validation query, then the reconnection's login).
 */
@ExtendWith(DropwizardExtensionsSupport.class)
class SilentDatabaseApiTest {
    private static final int SOCKET_TIMEOUT_SECONDS = 50;

    static final TestDatabase DB = TestDatabase.create();
    static final BlackHoleProxy PROXY = BlackHoleProxy.inFrontOf(DB);
    static final DropwizardAppExtension<ConveyorConfiguration> APP = ConveyorTestApp.extension(
            PROXY.url(DB),
            DB,
            ConveyorTestApp.clock(),
            ConfigOverride.config("database.properties.socketTimeout", Integer.toString(SOCKET_TIMEOUT_SECONDS)),
            // Without SSL's request, whose answer the driver waits for 5 s at most, only loginTimeout bounds a login.
            ConfigOverride.config("database.properties.sslmode", "disable"));
    static final Api API = new Api(APP);

    @AfterAll
    static void closeEverything() throws IOException {
        PROXY.close();
        DB.close();
    }

    @Test
    void aPublishToASilentDatabaseIs503WellBeforeTheSocketTimeoutAndTheServerServesAfterIt() throws Exception {
        API.createQueue("silent");
        API.publish("silent", "{\"body\": \"before\"}");

        PROXY.blackHole(true);
        // Past database.validationInterval (1 s), so the borrowed connection is checked.
        Thread.sleep(1_500);
        long start = System.nanoTime();
        Api.Reply publish = API.post("/v1/queues/silent/messages", "{\"body\": \"during\"}");
        Duration answeredIn = Duration.ofNanos(System.nanoTime() - start);
        PROXY.blackHole(false);

        assertThat(publish.error(503)).isNotBlank();
        assertThat(publish.retryAfter()).isNotNull();
        // validationQueryTimeout 2 s plus loginTimeout 5 s, with room for a loaded machine; far from 2 × 50 s.
        assertThat(answeredIn).isLessThan(Duration.ofSeconds(SOCKET_TIMEOUT_SECONDS / 2));

        Api.Reply after = awaitPublish("after");
        assertThat(after.status()).isEqualTo(201);
        assertThat(API.receive("silent", 10))
                .extracting(m -> m.get("body").asText())
                .containsExactlyInAnyOrder("before", "after");
    }

    /** The pool replaces the connections the black hole broke; a publish succeeds again within a few tries. */
    private static Api.Reply awaitPublish(String body) throws InterruptedException {
        Api.Reply reply = null;
        for (int attempt = 0; attempt < 30; attempt++) {
            reply = API.post("/v1/queues/silent/messages", "{\"body\": \"" + body + "\"}");
            if (reply.status() == 201) {
                return reply;
            }
            Thread.sleep(1_000);
        }
        return reply;
    }
}
