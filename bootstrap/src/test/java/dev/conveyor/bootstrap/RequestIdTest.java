package dev.conveyor.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.fasterxml.jackson.databind.JsonNode;
import dev.conveyor.postgres.testing.TestDatabase;
import io.dropwizard.core.Application;
import io.dropwizard.core.setup.Environment;
import io.dropwizard.testing.ConfigOverride;
import io.dropwizard.testing.DropwizardTestSupport;
import io.dropwizard.testing.ResourceHelpers;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code X-Request-ID}, end to end: a caller's well-formed id is answered unchanged, anything else is replaced by
 * a new UUID, and every log line written while serving the request carries the id in the logging context.
 */
class RequestIdTest {
    private static final String HEADER = "X-Request-ID";
    private static final int LIMIT = 1024;
    private static final TestDatabase DB = TestDatabase.create();
    private static final DropwizardTestSupport<ConveyorConfiguration> APP =
            new DropwizardTestSupport<>(
                    ConveyorApplication.class,
                    ResourceHelpers.resourceFilePath("test-config.yml"),
                    ConfigOverride.config("database.url", DB.url()),
                    ConfigOverride.config("database.user", DB.user()),
                    ConfigOverride.config("database.password", DB.password()),
                    // The test configuration logs WARN and up; the test resource's INFO line must get through.
                    ConfigOverride.config("logging.level", "INFO"),
                    ConfigOverride.config("messaging.maxRequestSize", "1KiB")) {
                @Override
                public Application<ConveyorConfiguration> newApplication() {
                    return new WithTestResource();
                }
            };
    /** The JDK's client: it sends header values exactly as given, the empty one included. */
    private static final HttpClient CLIENT = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5))
            .build();

    private static final CapturingAppender LOGGED = new CapturingAppender();

    /** The application with one more resource, whose only job is to log and to fail on request. */
    static final class WithTestResource extends ConveyorApplication {
        WithTestResource() {
            super(ConveyorTestApp.clock());
        }

        @Override
        public void run(ConveyorConfiguration config, Environment environment) throws Exception {
            super.run(config, environment);
            environment.jersey().register(new TestResource());
        }
    }

    @Path("/test")
    @Produces(MediaType.APPLICATION_JSON)
    public static final class TestResource {
        static final String LOGGER = "conveyor.test.request-id";
        private static final Logger LOG = LoggerFactory.getLogger(LOGGER);

        @GET
        @Path("/log")
        public String log() {
            LOG.info("serving the test resource");
            LOG.warn("still serving the test resource");
            return "{}";
        }

        @GET
        @Path("/fail")
        public String fail() {
            throw new IllegalStateException("boom: SELECT secret FROM x");
        }
    }

    /**
     * A list appender that fixes each event's logging context when it is logged: logback reads the MDC lazily,
     * and read later from the test's thread it would be the test's (empty) one, not the request's.
     */
    static final class CapturingAppender extends ListAppender<ILoggingEvent> {
        @Override
        protected void append(ILoggingEvent event) {
            event.prepareForDeferredProcessing();
            super.append(event);
        }

        /** A copy, taken under the appender's own lock, since request threads append concurrently. */
        synchronized List<ILoggingEvent> events() {
            return new ArrayList<>(list);
        }

        synchronized void clear() {
            list.clear();
        }
    }

    @BeforeAll
    static void start() throws Exception {
        APP.before();
        // After the start: Dropwizard resets logback's configuration when it starts and would drop the appender.
        LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
        LOGGED.setContext(context);
        LOGGED.start();
        context.getLogger(Logger.ROOT_LOGGER_NAME).addAppender(LOGGED);
    }

    @AfterAll
    static void stop() {
        LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
        context.getLogger(Logger.ROOT_LOGGER_NAME).detachAppender(LOGGED);
        LOGGED.stop();
        try {
            APP.after();
        } finally {
            DB.close();
        }
    }

    @BeforeEach
    void forgetEarlierLogLines() {
        LOGGED.clear();
    }

    // ---- the id answered

    @Test
    void aWellFormedIdIsAnsweredUnchangedOnSuccess() {
        assertThat(get("/liveness", "liveness-1").idAnswered()).isEqualTo("liveness-1");

        Reply created = post("/v1/queues", "{\"id\": \"request-id-queue\"}", "trace:2024/abc_DEF.42-x");
        assertThat(created.status()).isEqualTo(201);
        assertThat(created.idAnswered()).isEqualTo("trace:2024/abc_DEF.42-x");
    }

    @Test
    void aWellFormedIdIsAnsweredUnchangedOnErrors() {
        Reply notFound = get("/v1/nothing-here", "on-404");
        assertThat(notFound.status()).isEqualTo(404);
        assertThat(notFound.json().get("code").asInt()).isEqualTo(404);
        assertThat(notFound.idAnswered()).isEqualTo("on-404");

        Reply malformed = post("/v1/topics", "{\"id\": \"t1\",", "on-400");
        assertThat(malformed.status()).isEqualTo(400);
        assertThat(malformed.json().get("code").asInt()).isEqualTo(400);
        assertThat(malformed.idAnswered()).isEqualTo("on-400");

        Reply tooLarge = post("/v1/topics", "{\"id\": \"t1\"}" + " ".repeat(LIMIT), "on-413");
        assertThat(tooLarge.status()).isEqualTo(413);
        assertThat(tooLarge.idAnswered()).isEqualTo("on-413");
    }

    @Test
    void anIdOfExactly128CharactersIsStillWellFormed() {
        String longest = "a".repeat(128);
        assertThat(get("/liveness", longest).idAnswered()).isEqualTo(longest);
    }

    @Test
    void withoutAnIdEachRequestGetsANewUuid() {
        String first = get("/liveness", null).idAnswered();
        String second = get("/liveness", null).idAnswered();

        assertIsUuid(first);
        assertIsUuid(second);
        assertThat(first).isNotEqualTo(second);
    }

    @Test
    void aMalformedIdIsReplacedByANewUuidEachTime() {
        // CR or LF cannot be sent in a header at all, so they are not tried here.
        List<String> malformed = List.of("a".repeat(129), "with space", "with\"quote", "with<angle", "<script>", "");
        Set<String> answered = new HashSet<>();
        for (String sent : malformed) {
            String id = get("/liveness", sent).idAnswered();
            assertThat(id).as("id answered for %s", sent).isNotEqualTo(sent);
            assertIsUuid(id);
            answered.add(id);
        }
        assertThat(answered).as("one new id per request").hasSize(malformed.size());
    }

    // ---- requests Jetty refuses before the servlet

    /** A request Jetty refuses itself, and the status it answers. */
    record Refused(String name, String request, int status) {
        @Override
        public String toString() {
            return name;
        }
    }

    static List<Refused> refusedByJetty() {
        String host = "Host: localhost\r\nConnection: close\r\n";
        return List.of(
                new Refused("a malformed request line", "NOT A REQUEST LINE\r\n" + host + "\r\n", 400),
                new Refused(
                        "headers too large",
                        "GET /liveness HTTP/1.1\r\n" + host + "X-Big: " + "b".repeat(16 * 1024) + "\r\n\r\n",
                        431),
                new Refused("a URI with a bad escape", "GET /v1/queues/%zz HTTP/1.1\r\n" + host + "\r\n", 400),
                new Refused("an ambiguous path", "GET /v1/queues/a%2F..%2F..%2Fx HTTP/1.1\r\n" + host + "\r\n", 400),
                new Refused(
                        "an HTTP/1.1 request without Host", "GET /liveness HTTP/1.1\r\nConnection: close\r\n\r\n", 400),
                new Refused("an unsupported HTTP version", "GET /liveness HTTP/7.3\r\n" + host + "\r\n", 505),
                new Refused("a URI too long", "GET /" + "u".repeat(16 * 1024) + " HTTP/1.1\r\n" + host + "\r\n", 414));
    }

    /**
     * Jetty answers these before any filter runs, and drops the request's headers when it refuses it (a caller's
     * id among them, even when the refusal comes after the headers): so the id answered is always a new one.
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("refusedByJetty")
    void aRequestJettyRefusesItselfIsAnsweredWithANewId(Refused refused) throws IOException {
        RawReply reply = raw(refused.request());
        assertThat(reply.status()).as("status").isEqualTo(refused.status());
        assertIsUuid(reply.idAnswered());
        assertThat(reply.text()).contains("\"code\":" + refused.status());
    }

    // ---- the id in the log

    @Test
    void everyLineLoggedWhileServingARequestCarriesItsId() {
        Reply reply = get("/test/log", "logged-1");
        assertThat(reply.status()).isEqualTo(200);

        List<ILoggingEvent> fromResource = LOGGED.events().stream()
                .filter(event -> event.getLoggerName().equals(TestResource.LOGGER))
                .toList();
        assertThat(fromResource)
                .extracting(ILoggingEvent::getFormattedMessage)
                .containsExactly("serving the test resource", "still serving the test resource");
        assertThat(fromResource)
                .allSatisfy(event -> assertThat(event.getMDCPropertyMap()).containsEntry("request_id", "logged-1"));
    }

    @Test
    void anUnexpectedFailureIsA500NamingOnlyTheRequestId() {
        Reply reply = get("/test/fail", "failing-1");

        assertThat(reply.status()).isEqualTo(500);
        assertThat(reply.contentType()).startsWith(MediaType.APPLICATION_JSON);
        assertThat(reply.idAnswered()).isEqualTo("failing-1");
        JsonNode body = reply.json();
        assertThat(body.get("code").asInt()).isEqualTo(500);
        assertThat(body.get("message").asText()).contains("failing-1");
        // Nothing of the failure itself reaches the caller: no class, no message, no SQL, no stack frames.
        assertThat(reply.text())
                .doesNotContain("IllegalStateException")
                .doesNotContain("SELECT")
                .doesNotContain("boom")
                .doesNotContain("secret")
                .doesNotContain("dev.conveyor")
                .doesNotContain("\tat ")
                .doesNotContain(".java:");
    }

    @Test
    void anUnexpectedFailureIsLoggedOnceWithItsCauseAndTheRequestId() {
        get("/test/fail", "failing-2");

        List<ILoggingEvent> errors = LOGGED.events().stream()
                .filter(event -> event.getLevel().isGreaterOrEqual(Level.ERROR))
                .toList();
        assertThat(errors).as("error lines logged for the request").hasSize(1);
        ILoggingEvent error = errors.get(0);
        assertThat(error.getMDCPropertyMap()).containsEntry("request_id", "failing-2");
        assertThat(error.getThrowableProxy()).as("the cause is logged").isNotNull();
        assertThat(error.getThrowableProxy().getClassName()).isEqualTo(IllegalStateException.class.getName());
        assertThat(error.getThrowableProxy().getMessage()).isEqualTo("boom: SELECT secret FROM x");
    }

    // ---- helpers

    private static void assertIsUuid(String id) {
        assertThat(id).isNotNull();
        assertThatCode(() -> UUID.fromString(id)).as("%s is a UUID", id).doesNotThrowAnyException();
        assertThat(UUID.fromString(id).toString()).isEqualTo(id);
    }

    private static Reply get(String path, String id) {
        return send(request(path, id).GET());
    }

    private static Reply post(String path, String json, String id) {
        return send(request(path, id)
                .header("Content-Type", MediaType.APPLICATION_JSON)
                .POST(HttpRequest.BodyPublishers.ofString(json)));
    }

    /** A request with this {@code X-Request-ID}, or none when null. */
    private static HttpRequest.Builder request(String path, String id) {
        HttpRequest.Builder builder = HttpRequest.newBuilder(
                        URI.create("http://localhost:" + APP.getLocalPort() + path))
                .timeout(Duration.ofSeconds(30))
                .header("Accept", MediaType.APPLICATION_JSON);
        return id == null ? builder : builder.header(HEADER, id);
    }

    private static Reply send(HttpRequest.Builder request) {
        try {
            HttpResponse<String> response = CLIENT.send(request.build(), HttpResponse.BodyHandlers.ofString());
            List<String> ids = response.headers().allValues(HEADER);
            assertThat(ids).as("%s headers answered", HEADER).hasSizeLessThanOrEqualTo(1);
            return new Reply(
                    response.statusCode(),
                    response.body(),
                    ids.isEmpty() ? null : ids.get(0),
                    response.headers().firstValue("Content-Type").orElse(""));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Sends these bytes as they are, where no HTTP client would, and reads the answer to the end. */
    private static RawReply raw(String request) throws IOException {
        try (Socket socket = new Socket("localhost", APP.getLocalPort())) {
            socket.setSoTimeout(30_000);
            socket.getOutputStream().write(request.getBytes(StandardCharsets.ISO_8859_1));
            socket.getOutputStream().flush();
            String answer = new String(socket.getInputStream().readAllBytes(), StandardCharsets.ISO_8859_1);
            List<String> head =
                    answer.substring(0, answer.indexOf("\r\n\r\n")).lines().toList();
            List<String> ids = head.stream()
                    .filter(line -> line.regionMatches(true, 0, HEADER + ":", 0, HEADER.length() + 1))
                    .map(line -> line.substring(HEADER.length() + 1).trim())
                    .toList();
            assertThat(ids).as("%s headers answered", HEADER).hasSizeLessThanOrEqualTo(1);
            return new RawReply(
                    Integer.parseInt(head.get(0).substring("HTTP/1.1 ".length(), "HTTP/1.1 ".length() + 3)),
                    ids.isEmpty() ? null : ids.get(0),
                    answer);
        }
    }

    /** The status, the {@code X-Request-ID} and the whole text of an answer to raw bytes. */
    private record RawReply(int status, String idAnswered, String text) {}

    /** One answer: status, body text, the {@code X-Request-ID} answered and the content type. */
    private record Reply(int status, String text, String idAnswered, String contentType) {
        JsonNode json() {
            return Api.parse(text);
        }
    }
}
