package dev.conveyor.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.cfg.JsonNodeFeature;
import io.dropwizard.testing.junit5.DropwizardAppExtension;
import jakarta.ws.rs.client.Client;
import jakarta.ws.rs.client.ClientBuilder;
import jakarta.ws.rs.client.Entity;
import jakarta.ws.rs.client.Invocation;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.glassfish.jersey.client.ClientProperties;
import org.glassfish.jersey.client.RequestEntityProcessing;

/**
 * Plain JSON over the wire to one running app: requests are raw JSON text, answers are read as text and
 * parsed with a mapper of the test's own (not the app's), so the tests see exactly what a client sees.
 */
final class Api {
    /** Keeps numbers as written (1.10 stays 1.10) and refuses duplicate keys in what the server sends. */
    static final ObjectMapper JSON = new ObjectMapper()
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .configure(JsonNodeFeature.STRIP_TRAILING_BIGDECIMAL_ZEROES, false)
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);

    /** RFC 3339 in UTC with a Z and at least millisecond precision, as the contract asks. */
    static final Pattern TIMESTAMP = Pattern.compile("\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}\\.\\d{3,9}Z");

    /** A client of its own: long polls outlast the app extension's client's 5 s read timeout. */
    private static final Client CLIENT = ClientBuilder.newBuilder()
            .connectTimeout(5, TimeUnit.SECONDS)
            .readTimeout(60, TimeUnit.SECONDS)
            .build();

    private final DropwizardAppExtension<?> app;

    /** One per app: its pooled connections are to this app's server only. */
    private final HttpClient patchClient =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    Api(DropwizardAppExtension<?> app) {
        this.app = app;
    }

    /** JSON written with single quotes for readability: {@code j("{'id': '%s'}", id)}. */
    static String j(String template, Object... args) {
        return String.format(template.replace('\'', '"'), args);
    }

    static JsonNode parse(String text) {
        try {
            return JSON.readTree(text);
        } catch (JsonProcessingException e) {
            throw new AssertionError("not JSON: " + text, e);
        }
    }

    // ---- raw requests

    Reply get(String path) {
        return send(request(path).buildGet());
    }

    Reply delete(String path) {
        return send(request(path).buildDelete());
    }

    Reply post(String path, String json) {
        return send(request(path).buildPost(Entity.entity(json, MediaType.APPLICATION_JSON)));
    }

    /** Posts the bytes as they are, as application/json: for invalid UTF-8. */
    Reply postBytes(String path, byte[] bytes) {
        return send(request(path).buildPost(Entity.entity(bytes, MediaType.APPLICATION_JSON)));
    }

    /** Posts without a Content-Length, in chunks, so the server must count the bytes as they come. */
    Reply postChunked(String path, String json) {
        Invocation.Builder builder = request(path);
        builder.property(ClientProperties.REQUEST_ENTITY_PROCESSING, RequestEntityProcessing.CHUNKED);
        builder.property(ClientProperties.CHUNKED_ENCODING_SIZE, 8192);
        return send(builder.buildPost(Entity.entity(json, MediaType.APPLICATION_JSON)));
    }

    /** A POST with no body at all. */
    Reply postNothing(String path) {
        return send(request(path).build("POST"));
    }

    Reply put(String path, String json) {
        return send(request(path).buildPut(Entity.entity(json, MediaType.APPLICATION_JSON)));
    }

    /** A JSON Merge Patch, as application/merge-patch+json. */
    Reply patch(String path, String json) {
        return patch(path, json, "application/merge-patch+json");
    }

    /** A PATCH with the body sent as {@code contentType}, through the JDK's client: Jersey's default one has none. */
    Reply patch(String path, String json, String contentType) {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://localhost:" + app.getLocalPort() + path))
                .timeout(Duration.ofSeconds(60))
                .header("Content-Type", contentType)
                .header("Accept", MediaType.APPLICATION_JSON)
                .method("PATCH", HttpRequest.BodyPublishers.ofString(json))
                .build();
        try {
            HttpResponse<String> response = patchClient.send(request, HttpResponse.BodyHandlers.ofString());
            return new Reply(
                    response.statusCode(),
                    response.body(),
                    response.headers().firstValue("Retry-After").orElse(null),
                    response.headers().firstValue("Content-Type").orElse(null));
        } catch (IOException e) {
            throw new AssertionError("PATCH " + path + " failed", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    private Invocation.Builder request(String path) {
        return CLIENT.target("http://localhost:" + app.getLocalPort() + path).request(MediaType.APPLICATION_JSON);
    }

    private static Reply send(Invocation invocation) {
        try (Response response = invocation.invoke()) {
            String text = response.hasEntity() ? response.readEntity(String.class) : "";
            return new Reply(
                    response.getStatus(),
                    text,
                    response.getHeaderString("Retry-After"),
                    response.getMediaType() == null
                            ? null
                            : response.getMediaType().toString());
        }
    }

    // ---- resources, asserting success

    JsonNode createTopic(String id) {
        return post("/v1/topics", j("{'id': '%s'}", id)).expect(201);
    }

    JsonNode createQueue(String id) {
        return post("/v1/queues", j("{'id': '%s'}", id)).expect(201);
    }

    /** A queue with more settings, written as JSON members: {@code "'ack_deadline_seconds': 5"}. */
    JsonNode createQueue(String id, String settings) {
        return post("/v1/queues", j("{'id': '%s', " + settings + "}", id)).expect(201);
    }

    JsonNode subscribe(String id, String topicId, String queueId, String filtersJson) {
        return post(
                        "/v1/subscriptions",
                        j(
                                "{'id': '%s', 'topic_id': '%s', 'queue_id': '%s', 'message_filters': %s}",
                                id, topicId, queueId, filtersJson))
                .expect(201);
    }

    /** Publishes raw JSON (one message object or an array) to a queue and answers the {@code data} array. */
    JsonNode publish(String queueId, String json) {
        return post("/v1/queues/" + queueId + "/messages", json).expect(201).get("data");
    }

    JsonNode publishToTopic(String topicId, String json) {
        return post("/v1/topics/" + topicId + "/messages", json).expect(201).get("data");
    }

    /** Receives with the request JSON and answers the {@code data} array. */
    JsonNode receive(String queueId, String json) {
        return post("/v1/queues/" + queueId + "/receive", json).expect(200).get("data");
    }

    JsonNode receive(String queueId, int maxMessages) {
        return receive(queueId, j("{'max_messages': %d}", maxMessages));
    }

    JsonNode stats(String queueId) {
        return get("/v1/queues/" + queueId + "/stats").expect(200);
    }

    JsonNode browse(String queueId) {
        return get("/v1/queues/" + queueId + "/messages?limit=1000").expect(200).get("data");
    }

    long total(String queueId) {
        return stats(queueId).get("total").asLong();
    }

    JsonNode ack(String queueId, String... receipts) {
        return post("/v1/queues/" + queueId + "/ack", j("{'receipts': %s}", array(receipts)))
                .expect(200);
    }

    /** A JSON array of strings. */
    static String array(String... values) {
        try {
            return JSON.writeValueAsString(values);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The text values of a JSON array. */
    static List<String> texts(JsonNode array) {
        List<String> out = new ArrayList<>();
        array.forEach(node -> out.add(node.isNull() ? null : node.asText()));
        return out;
    }

    /** Asserts a timestamp is written as the contract asks and answers it. */
    static Instant timestamp(JsonNode node) {
        assertThat(node.isTextual()).as("timestamp %s is a string", node).isTrue();
        assertThat(node.asText()).matches(TIMESTAMP);
        return Instant.parse(node.asText());
    }

    /** One answer: status, body text, and what the tests look at. */
    record Reply(int status, String text, String retryAfter, String contentType) {
        /** Asserts the status and answers the body as JSON. */
        JsonNode expect(int expected) {
            assertThat(status).as("status of a reply with body %s", text).isEqualTo(expected);
            return text.isEmpty() ? null : json();
        }

        JsonNode json() {
            return parse(text);
        }

        /** A Dropwizard error {@code {"code", "message"}} with this status; answers the message. */
        String error(int expected) {
            JsonNode body = expect(expected);
            assertThat(body).as("error body").isNotNull();
            assertThat(body.get("code").asInt()).as("code in %s", text).isEqualTo(expected);
            assertThat(body.get("message").isTextual())
                    .as("message in %s", text)
                    .isTrue();
            assertThat(contentType).startsWith(MediaType.APPLICATION_JSON);
            return body.get("message").asText();
        }

        /** A validation failure {@code 422 {"errors": [...]}}; answers the errors. */
        List<String> errors() {
            JsonNode body = expect(422);
            assertThat(body.get("errors").isArray()).as("errors in %s", text).isTrue();
            assertThat(body.get("errors")).as("errors in %s", text).isNotEmpty();
            assertThat(contentType).startsWith(MediaType.APPLICATION_JSON);
            return texts(body.get("errors"));
        }

        Map<String, Object> map() {
            try {
                return JSON.readValue(
                        text, JSON.getTypeFactory().constructMapType(Map.class, String.class, Object.class));
            } catch (JsonProcessingException e) {
                throw new AssertionError("not a JSON object: " + text, e);
            }
        }
    }
}
