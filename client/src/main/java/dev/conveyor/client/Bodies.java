package dev.conveyor.client;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * Message bodies to and from the caller's objects. A mapper apart from the API's: the API's names are snake_case, but a
 * body is the caller's JSON, whose field names must stay as the caller's classes spell them.
 */
final class Bodies {
    private static final ObjectMapper MAPPER = new ObjectMapper()
            .registerModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);

    private Bodies() {}

    static JsonNode toTree(Object body) {
        return body instanceof JsonNode node ? node : MAPPER.valueToTree(body);
    }

    static JsonNode parse(String json) {
        try {
            return MAPPER.readTree(json);
        } catch (IOException e) {
            throw new IllegalArgumentException("not JSON: " + e.getMessage(), e);
        }
    }

    static <T> T convert(JsonNode body, Class<T> type) {
        try {
            return MAPPER.treeToValue(body, type);
        } catch (IOException e) {
            throw new UncheckedIOException("the body is not a " + type.getSimpleName(), e);
        }
    }
}
