package dev.conveyor.postgres;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The jsonb columns' text form: message attributes and subscription filters. */
final class JsonColumns {
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final TypeReference<LinkedHashMap<String, String>> ATTRIBUTES = new TypeReference<>() {};
    private static final TypeReference<LinkedHashMap<String, String>> TAGS = new TypeReference<>() {};
    private static final TypeReference<LinkedHashMap<String, List<String>>> FILTERS = new TypeReference<>() {};

    private JsonColumns() {}

    static String write(Object value) {
        try {
            return MAPPER.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot encode a column value", e);
        }
    }

    /** A map of strings (attributes, their types); an SQL NULL reads as an empty map. */
    static Map<String, String> attributes(String json) {
        return json == null ? Map.of() : read(json, ATTRIBUTES);
    }

    static Map<String, List<String>> filters(String json) {
        return read(json, FILTERS);
    }

    /** A queue's tags, an object of strings. */
    static Map<String, String> tags(String json) {
        return read(json, TAGS);
    }

    private static <T> T read(String json, TypeReference<T> type) {
        try {
            return MAPPER.readValue(json, type);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot decode a stored column value", e);
        }
    }
}
