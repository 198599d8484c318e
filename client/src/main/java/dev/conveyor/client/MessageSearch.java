package dev.conveyor.client;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The criteria of a browse ({@code GET /v1/queues/{id}/messages}); every criterion given must hold. Immutable: start
 * from {@link #all()}.
 *
 * @param attributes for each key, the values one of which the attribute must have ({@code attribute.<key>=})
 * @param text a case-insensitive substring of the body's JSON text, or null
 * @param jsonPath an SQL/JSON path yielding an item other than false from the body ({@code $.total > 100}), or null
 * @param label only messages with this label, or null
 */
public record MessageSearch(Map<String, List<String>> attributes, String text, String jsonPath, String label) {
    /** Copies the attributes. */
    public MessageSearch {
        attributes = attributes == null ? Map.of() : Map.copyOf(attributes);
    }

    /** Every message. */
    public static MessageSearch all() {
        return new MessageSearch(Map.of(), null, null, null);
    }

    /** This search with the attribute {@code key} one of {@code values} too. */
    public MessageSearch withAttribute(String key, String... values) {
        Map<String, List<String>> all = new LinkedHashMap<>(attributes);
        all.put(key, List.of(values));
        return new MessageSearch(all, text, jsonPath, label);
    }

    /** This search for bodies holding this text. */
    public MessageSearch withText(String value) {
        return new MessageSearch(attributes, value, jsonPath, label);
    }

    /** This search for bodies this SQL/JSON path yields an item from. */
    public MessageSearch withJsonPath(String value) {
        return new MessageSearch(attributes, text, value, label);
    }

    /** This search for messages with this label. */
    public MessageSearch withLabel(String value) {
        return new MessageSearch(attributes, text, jsonPath, value);
    }
}
