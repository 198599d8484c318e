package dev.conveyor.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;

import dev.conveyor.postgres.testing.TestDatabase;
import io.dropwizard.testing.junit5.DropwizardAppExtension;
import io.dropwizard.testing.junit5.DropwizardExtensionsSupport;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A request body that ends before it is complete is the client's mistake: 400 naming it, nothing stored, never
 * the 500 of an unexpected failure. Sent over a raw socket, as no HTTP client sends such a body.
 */
@ExtendWith(DropwizardExtensionsSupport.class)
class TruncatedBodyApiTest {
    static final TestDatabase DB = TestDatabase.create();
    static final DropwizardAppExtension<ConveyorConfiguration> APP =
            ConveyorTestApp.extension(DB, ConveyorTestApp.clock());
    static final Api API = new Api(APP);

    @AfterAll
    static void dropDatabase() {
        DB.close();
    }

    @Test
    void aMalformedChunkIs400AndStoresNothing() throws IOException {
        API.createQueue("chunks");

        String answer = send(
                "POST /v1/queues/chunks/messages HTTP/1.1",
                "Host: localhost",
                "Content-Type: application/json",
                "Transfer-Encoding: chunked",
                "Connection: close",
                "",
                "ZZ",
                "{\"body\": 1}",
                "0",
                "",
                "");

        assertThat(answer).startsWith("HTTP/1.1 400 ");
        assertThat(answer).contains("\"code\":400", "the request body ended before it was complete");
        assertThat(API.stats("chunks").get("total").asInt()).isZero();
    }

    @Test
    void aBodyShorterThanItsContentLengthIs400AndStoresNothing() throws IOException {
        API.createQueue("short");

        String answer = send(
                "POST /v1/queues/short/messages HTTP/1.1",
                "Host: localhost",
                "Content-Type: application/json",
                "Content-Length: 100",
                "Connection: close",
                "",
                "{\"body\": 1}");

        assertThat(answer).startsWith("HTTP/1.1 400 ");
        assertThat(answer).contains("\"code\":400", "the request body ended before it was complete");
        assertThat(API.stats("short").get("total").asInt()).isZero();
    }

    /** Writes the lines, closes the sending side (the body ends there) and reads the whole answer. */
    private static String send(String... lines) throws IOException {
        String request = String.join("\r\n", lines);
        try (Socket socket = new Socket("localhost", APP.getLocalPort())) {
            socket.setSoTimeout(30_000);
            socket.getOutputStream().write(request.getBytes(StandardCharsets.UTF_8));
            socket.shutdownOutput();
            ByteArrayOutputStream answer = new ByteArrayOutputStream();
            InputStream in = socket.getInputStream();
            in.transferTo(answer);
            return answer.toString(StandardCharsets.UTF_8);
        }
    }
}
