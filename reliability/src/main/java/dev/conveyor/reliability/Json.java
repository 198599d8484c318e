package dev.conveyor.reliability;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.Executors;

/** The suite's one ObjectMapper and one HTTP client, and the JSON call every other class makes through them. */
final class Json {
    static final ObjectMapper MAPPER = new ObjectMapper();
    // HTTP/1.1 as curl would; daemon threads, so a stuck call never holds the JVM open.
    static final HttpClient HTTP = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(2))
            .executor(Executors.newCachedThreadPool(runnable -> {
                Thread thread = new Thread(runnable, "http");
                thread.setDaemon(true);
                return thread;
            }))
            .build();

    private Json() {}

    static ObjectNode object() {
        return MAPPER.createObjectNode();
    }

    static ArrayNode array() {
        return MAPPER.createArrayNode();
    }

    /** An answer: its status and its body as JSON (a missing node when it is not JSON). */
    record Answer(int status, JsonNode body) {}

    /** POSTs (or, with a null body, GETs) JSON; throws IOException when no answer came within {@code timeout}. */
    static Answer call(URI base, String path, JsonNode body, Duration timeout)
            throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(base.resolve(path)).timeout(timeout);
        if (body == null) {
            request.GET();
        } else {
            request.header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(MAPPER.writeValueAsString(body)));
        }
        HttpResponse<String> response = HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
        return new Answer(response.statusCode(), parse(response.body()));
    }

    /** For setting up: an answer other than {@code expected} is a failure of the run, not of the product's promise. */
    static JsonNode expect(int expected, URI base, String path, JsonNode body) {
        try {
            Answer answer = call(base, path, body, Duration.ofSeconds(30));
            if (answer.status() != expected) {
                throw new IllegalStateException("POST " + path + " " + body + " answered " + answer.status() + " "
                        + answer.body() + ", expected " + expected);
            }
            return answer.body();
        } catch (IOException e) {
            throw new UncheckedIOException("POST " + path + " had no answer", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    private static JsonNode parse(String text) {
        try {
            return text.isEmpty() ? MAPPER.missingNode() : MAPPER.readTree(text);
        } catch (IOException notJson) {
            return MAPPER.missingNode();
        }
    }
}
