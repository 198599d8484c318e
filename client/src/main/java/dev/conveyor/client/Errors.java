package dev.conveyor.client;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** The typed error of an answer that is not a success, read from its status and the API's error bodies. */
final class Errors {
    private Errors() {}

    /** The error of this answer to the request sent with {@code sentId} as its X-Request-ID. */
    static ConveyorException from(HttpResponse<byte[]> response, String sentId) {
        int status = response.statusCode();
        // The server answers the id it logged: the one sent, unless something on the way replaced it.
        String requestId = response.headers().firstValue("X-Request-ID").orElse(sentId);
        List<String> problems = problems(response.body(), status);
        String message = String.join("; ", problems);
        switch (status) {
            case 400, 413, 415, 422:
                return new ConveyorException.Invalid(status, problems, requestId);
            case 401:
                return new ConveyorException.Unauthorized(message, requestId);
            case 403:
                return new ConveyorException.Forbidden(message, requestId);
            case 404:
                return new ConveyorException.NotFound(message, requestId);
            case 409:
                return new ConveyorException.Conflict(message, requestId);
            case 429:
                return new ConveyorException.TooManyRequests(message, retryAfter(response), requestId);
            case 502, 503, 504:
                return new ConveyorException.Unavailable(status, message, retryAfter(response), requestId);
            default:
                return new ConveyorException.UnexpectedResponse(status, message, requestId, null);
        }
    }

    /** The Retry-After header in seconds; null when absent or an HTTP date (the server sends seconds). */
    static Duration retryAfter(HttpResponse<?> response) {
        return response.headers()
                .firstValue("Retry-After")
                .map(String::strip)
                .filter(value -> value.matches("\\d{1,9}"))
                .map(value -> Duration.ofSeconds(Long.parseLong(value)))
                .orElse(null);
    }

    /**
     * What went wrong, from the body: a validation failure's {@code errors}, an error's {@code message}, or an OAuth
     * error's {@code error_description}; the status alone when the body is none of these (a proxy's page).
     */
    private static List<String> problems(byte[] body, int status) {
        List<String> problems = new ArrayList<>();
        try {
            JsonNode error = Json.MAPPER.readTree(body);
            if (error != null && error.path("errors").isArray()) {
                error.path("errors").forEach(problem -> problems.add(problem.asText()));
            } else if (error != null && error.path("message").isTextual()) {
                problems.add(error.path("message").asText());
            } else if (error != null && error.path("error_description").isTextual()) {
                problems.add(error.path("error").asText() + ": "
                        + error.path("error_description").asText());
            }
        } catch (IOException | RuntimeException notJson) {
            // A body that is not the API's JSON says nothing more than the status.
        }
        if (problems.isEmpty()) {
            problems.add("HTTP " + status);
        }
        return problems;
    }
}
