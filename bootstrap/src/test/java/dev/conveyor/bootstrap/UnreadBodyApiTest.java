package dev.conveyor.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;

import dev.conveyor.postgres.testing.TestDatabase;
import io.dropwizard.testing.junit5.DropwizardAppExtension;
import io.dropwizard.testing.junit5.DropwizardExtensionsSupport;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * An error answered before the request's body was read says {@code Connection: close}: the server cannot take
 * another request on that connection until the body's bytes are dropped, and closing it after a response that
 * promised to keep it made the client's next POST fail with no answer at all.
 */
@ExtendWith(DropwizardExtensionsSupport.class)
class UnreadBodyApiTest {
    static final TestDatabase DB = TestDatabase.create();
    static final DropwizardAppExtension<ConveyorConfiguration> APP =
            BearerApi.appWithAuth(DB, ConveyorTestApp.clock(), BearerApi.key(7));

    @AfterAll
    static void dropDatabase() {
        DB.close();
    }

    @Test
    void aRefusalBeforeTheBodyArrivedClosesTheConnection() throws IOException {
        List<String> head = headOfAnswer(
                "POST /v1/queues HTTP/1.1",
                "Host: localhost",
                "Content-Type: application/json",
                "Content-Length: 14",
                "",
                "");

        assertThat(head.get(0)).startsWith("HTTP/1.1 401 ");
        assertThat(head).anySatisfy(line -> assertThat(line).isEqualToIgnoringCase("Connection: close"));
    }

    @Test
    void anErrorWithoutABodyKeepsTheConnection() throws IOException {
        List<String> head = headOfAnswer("GET /v1/queues HTTP/1.1", "Host: localhost", "", "");

        assertThat(head.get(0)).startsWith("HTTP/1.1 401 ");
        assertThat(head).noneSatisfy(line -> assertThat(line).startsWithIgnoringCase("Connection:"));
    }

    /** Sends the request's head only (a body it announces never comes) and reads the answer's status and headers. */
    private static List<String> headOfAnswer(String... lines) throws IOException {
        try (Socket socket = new Socket("localhost", APP.getLocalPort())) {
            socket.setSoTimeout(30_000);
            socket.getOutputStream().write(String.join("\r\n", lines).getBytes(StandardCharsets.US_ASCII));
            BufferedReader in =
                    new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.US_ASCII));
            List<String> head = new ArrayList<>();
            for (String line = in.readLine(); line != null && !line.isEmpty(); line = in.readLine()) {
                head.add(line);
            }
            return head;
        }
    }
}
