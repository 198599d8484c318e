package dev.conveyor.bootstrap.console;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.function.IntSupplier;

/** The /v1 API from the tests' side: setting up what the console shows, and checking what it did. */
final class ConsoleApi {
    static final ObjectMapper JSON = new ObjectMapper();

    private final IntSupplier port;
    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private String token;

    ConsoleApi(IntSupplier port) {
        this.port = port;
    }

    /** Sends this bearer token from now on (null: none). */
    ConsoleApi as(String accessToken) {
        this.token = accessToken;
        return this;
    }

    String base() {
        return "http://localhost:" + port.getAsInt();
    }

    /** JSON written with single quotes for readability. */
    static String j(String template, Object... args) {
        return String.format(template.replace('\'', '"'), args);
    }

    /** A JSON string literal of the text. */
    static String quoted(String text) {
        try {
            return JSON.writeValueAsString(text);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    Reply get(String path) {
        return send("GET", path, null);
    }

    Reply post(String path, String json) {
        return send("POST", path, json);
    }

    Reply send(String method, String path, String json) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base() + path))
                .timeout(Duration.ofSeconds(30))
                .method(
                        method,
                        json == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(json));
        if (json != null) {
            request.header("Content-Type", "application/json");
        }
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        try {
            HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
            return new Reply(response.statusCode(), response.body(), response.headers());
        } catch (IOException e) {
            throw new AssertionError(method + " " + path + " failed", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    // ---- what the tests set up, asserting success

    void createQueue(String id, String settings) {
        post("/v1/queues", j("{'id': '%s'%s}", id, settings.isEmpty() ? "" : ", " + settings.replace('\'', '"')))
                .expect(201);
    }

    void createTopic(String id) {
        post("/v1/topics", j("{'id': '%s'}", id)).expect(201);
    }

    void subscribe(String id, String topic, String queue, String filters) {
        post(
                        "/v1/subscriptions",
                        j(
                                "{'id': '%s', 'topic_id': '%s', 'queue_id': '%s', 'message_filters': %s}",
                                id, topic, queue, filters))
                .expect(201);
    }

    /** Publishes raw JSON (a message or an array of them) to a queue. */
    JsonNode publish(String queue, String json) {
        return post("/v1/queues/" + queue + "/messages", json).expect(201).get("data");
    }

    JsonNode publishToTopic(String topic, String json) {
        return post("/v1/topics/" + topic + "/messages", json).expect(201).get("data");
    }

    /** Receives up to {@code max} messages and nacks them at once: with max_deliveries 1, they are dead letters. */
    void receiveAndNack(String queue, int max) {
        post("/v1/queues/" + queue + "/nack", "{\"receipts\": " + receive(queue, max) + ", \"delay_seconds\": 0}")
                .expect(200);
    }

    /** Receives and acks up to {@code max} messages. */
    void receiveAndAck(String queue, int max) {
        post("/v1/queues/" + queue + "/ack", "{\"receipts\": " + receive(queue, max) + "}")
                .expect(200);
    }

    /** Receives up to {@code max} messages and answers their receipts as a JSON array. */
    private String receive(String queue, int max) {
        StringBuilder receipts = new StringBuilder("[");
        post("/v1/queues/" + queue + "/receive", j("{'max_messages': %d}", max))
                .expect(200)
                .get("data")
                .forEach(m -> receipts.append(receipts.length() == 1 ? "" : ",")
                        .append(quoted(m.get("receipt").asText())));
        return receipts.append(']').toString();
    }

    long total(String queue) {
        return get("/v1/queues/" + queue + "/stats").expect(200).get("total").asLong();
    }

    JsonNode queue(String id) {
        return get("/v1/queues/" + id).expect(200);
    }

    String token(ConsoleApp.Credentials client) {
        return post("/v1/oauth/token", j("{'client_id': '%s', 'client_secret': '%s'}", client.id(), client.secret()))
                .expect(201)
                .get("access_token")
                .asText();
    }

    /** One answer: status, body and headers. */
    record Reply(int status, String text, HttpHeaders headers) {
        JsonNode expect(int expected) {
            assertThat(status).as("status of a reply with body %s", text).isEqualTo(expected);
            try {
                return text.isEmpty() ? null : JSON.readTree(text);
            } catch (JsonProcessingException e) {
                throw new AssertionError("not JSON: " + text, e);
            }
        }

        String header(String name) {
            return headers.firstValue(name).orElse(null);
        }
    }
}
