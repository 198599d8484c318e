package dev.conveyor.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;

import dev.conveyor.application.fakes.MutableClock;
import dev.conveyor.postgres.testing.TestDatabase;
import io.dropwizard.testing.ConfigOverride;
import io.dropwizard.testing.junit5.DropwizardAppExtension;
import io.dropwizard.testing.junit5.DropwizardExtensionsSupport;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** {@code messaging.maxRequestSize}: a larger body is 413 with a JSON error, whether its length is announced or not. */
@ExtendWith(DropwizardExtensionsSupport.class)
class RequestSizeLimitApiTest {
    static final int LIMIT = 64 * 1024;
    static final TestDatabase DB = TestDatabase.create();
    static final MutableClock CLOCK = ConveyorTestApp.clock();
    static final DropwizardAppExtension<ConveyorConfiguration> APP =
            ConveyorTestApp.extension(DB, CLOCK, ConfigOverride.config("messaging.maxRequestSize", "64KiB"));
    static final Api API = new Api(APP);

    @AfterAll
    static void dropDatabase() {
        DB.close();
    }

    @Test
    void aBodyOverTheLimitIs413AndStoresNothing() {
        API.createQueue("too-big");

        String message =
                API.post("/v1/queues/too-big/messages", bodyOfBytes(LIMIT + 1)).error(413);

        assertThat(message).isNotBlank();
        assertThat(API.total("too-big")).isZero();
    }

    @Test
    void aBodyOverTheLimitSentInChunksWithoutALengthIs413AndStoresNothing() {
        API.createQueue("too-big-chunked");

        API.postChunked("/v1/queues/too-big-chunked/messages", bodyOfBytes(2 * LIMIT))
                .error(413);

        assertThat(API.total("too-big-chunked")).isZero();
    }

    @Test
    void aBodyOfExactlyTheLimitIsAccepted() {
        API.createQueue("just-fits");

        API.post("/v1/queues/just-fits/messages", bodyOfBytes(LIMIT)).expect(201);
        API.postChunked("/v1/queues/just-fits/messages", bodyOfBytes(LIMIT)).expect(201);

        assertThat(API.total("just-fits")).isEqualTo(2);
    }

    @Test
    void theLimitHoldsForEveryBodyNotOnlyPublishes() {
        String padding = " ".repeat(LIMIT);
        API.post("/v1/queues", "{\"id\": \"padded\"}" + padding).error(413);
        assertThat(API.get("/v1/queues/padded").status()).isEqualTo(404);
        API.post("/v1/topics", "{\"id\": \"padded\"}" + padding).error(413);
        assertThat(API.get("/v1/topics/padded").status()).isEqualTo(404);
    }

    /** A publish body of exactly {@code size} bytes. */
    private static String bodyOfBytes(int size) {
        String head = "{\"body\": \"";
        String tail = "\"}";
        String body = head + "a".repeat(size - head.length() - tail.length()) + tail;
        assertThat(body).hasSize(size);
        return body;
    }
}
