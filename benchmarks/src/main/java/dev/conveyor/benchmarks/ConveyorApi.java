package dev.conveyor.benchmarks;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** The few calls of Conveyor's HTTP API the scenarios make, as any client would make them. */
final class ConveyorApi {
    /** The message every scenario publishes, and pgbench inserts: a small JSON body and one attribute. */
    static final String BODY = "{\"order\": 42, \"customer\": \"c-1234\", \"note\": \"benchmark message\"}";

    static final String ATTRIBUTES = "{\"status\": \"paid\"}";

    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpClient http;
    private final URI base;

    ConveyorApi(URI base) {
        this.base = base;
        // HTTP/1.1 with the client's connection pool: each client thread keeps reusing a kept-alive connection.
        this.http = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(5))
                .build();
    }

    /**
     * One message as received: its receipt, its attributes (some scenarios carry data in them) and its group (empty
     * when it has none).
     */
    record Received(String receipt, JsonNode attributes, String groupId) {}

    static String messages(int count) {
        String one = message(ATTRIBUTES);
        if (count == 1) {
            return one;
        }
        return "[" + String.join(",", java.util.Collections.nCopies(count, one)) + "]";
    }

    /** The benchmark's body with the given attributes (a JSON object of strings). */
    static String message(String attributes) {
        return "{\"body\": " + BODY + ", \"attributes\": " + attributes + "}";
    }

    /** The benchmark's message with one more string field, e.g. its group_id or its deduplication_id. */
    static String message(String field, String value) {
        String message = message(ATTRIBUTES);
        return message.substring(0, message.length() - 1) + ", \"" + field + "\": \"" + value + "\"}";
    }

    void createQueue(String id) throws IOException, InterruptedException {
        post("/v1/queues", "{\"id\": \"" + id + "\"}");
    }

    /** A FIFO queue: every message published to it needs a group_id. */
    void createFifoQueue(String id) throws IOException, InterruptedException {
        post("/v1/queues", "{\"id\": \"" + id + "\", \"fifo\": true}");
    }

    /** Deletes the queue with its messages and subscriptions. */
    void deleteQueue(String id) throws IOException, InterruptedException {
        delete("/v1/queues/" + id);
    }

    void createTopic(String id) throws IOException, InterruptedException {
        post("/v1/topics", "{\"id\": \"" + id + "\"}");
    }

    void deleteTopic(String id) throws IOException, InterruptedException {
        delete("/v1/topics/" + id);
    }

    void subscribe(String id, String topic, String queue, String messageFilters)
            throws IOException, InterruptedException {
        post(
                "/v1/subscriptions",
                "{\"id\": \"%s\", \"topic_id\": \"%s\", \"queue_id\": \"%s\", \"message_filters\": %s}"
                        .formatted(id, topic, queue, messageFilters));
    }

    /** Publishes to a topic and answers into how many queues the first message went. */
    int publishToTopic(String topic, String messages) throws IOException, InterruptedException {
        return JSON.readTree(post("/v1/topics/" + topic + "/messages", messages))
                .path("data")
                .path(0)
                .path("queue_ids")
                .size();
    }

    void purge(String queue) throws IOException, InterruptedException {
        post("/v1/queues/" + queue + "/purge", "");
    }

    void publish(String queue, String messages) throws IOException, InterruptedException {
        post("/v1/queues/" + queue + "/messages", messages);
    }

    /** Receives up to max messages without waiting, acks them, and answers how many were acked. */
    int receiveAndAck(String queue, int max) throws IOException, InterruptedException {
        return ack(queue, receive(queue, max, 0));
    }

    /** Leases up to max messages; with waitSeconds > 0 a long poll, answered as soon as one arrives. */
    List<Received> receive(String queue, int max, int waitSeconds) throws IOException, InterruptedException {
        JsonNode answer = JSON.readTree(post(
                "/v1/queues/" + queue + "/receive",
                "{\"max_messages\": " + max + ", \"wait_seconds\": " + waitSeconds + "}"));
        List<Received> received = new ArrayList<>();
        answer.path("data")
                .forEach(message -> received.add(new Received(
                        message.path("receipt").asText(),
                        message.path("attributes"),
                        message.path("group_id").asText())));
        return received;
    }

    /** Acks what a receive answered and answers how many were acked; a failed receipt is an error here. */
    int ack(String queue, List<Received> received) throws IOException, InterruptedException {
        if (received.isEmpty()) {
            return 0;
        }
        List<String> receipts = received.stream().map(Received::receipt).toList();
        ObjectNode ack = JSON.createObjectNode();
        ArrayNode array = ack.putArray("receipts");
        receipts.forEach(array::add);
        JsonNode answer = JSON.readTree(post("/v1/queues/" + queue + "/ack", JSON.writeValueAsString(ack)));
        if (answer.path("failed").size() > 0) {
            throw new IOException("ack failed for " + answer.path("failed"));
        }
        return answer.path("succeeded").size();
    }

    long available(String queue) throws IOException, InterruptedException {
        HttpResponse<String> response = http.send(
                HttpRequest.newBuilder(base.resolve("/v1/queues/" + queue + "/stats"))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        return JSON.readTree(response.body()).path("available").asLong();
    }

    private void delete(String path) throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(base.resolve(path))
                .timeout(Duration.ofMinutes(2))
                .DELETE()
                .build();
        HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() / 100 != 2) {
            throw new IOException("DELETE " + path + " answered " + response.statusCode() + ": " + response.body());
        }
    }

    private String post(String path, String body) throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(base.resolve(path))
                .header("Content-Type", "application/json")
                .timeout(Duration.ofSeconds(30))
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .build();
        HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() / 100 != 2) {
            throw new IOException("POST " + path + " answered " + response.statusCode() + ": " + response.body());
        }
        return response.body();
    }
}
