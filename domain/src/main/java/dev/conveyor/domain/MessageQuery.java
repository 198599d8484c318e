package dev.conveyor.domain;

import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;

/**
 * Which stored messages a browse shows: every criterion given must hold. {@code attributes} as a subscription's
 * filter (for every key, one of the listed values); {@code text} a case-insensitive substring of the body's JSON
 * text; {@code jsonPath} an SQL/JSON path that yields an item other than {@code false} from the body (so both
 * {@code $.customer.tier} and {@code $.total > 100} select); {@code label} the exact label. Null criteria hold
 * for every message.
 */
public record MessageQuery(Map<String, List<String>> attributes, String text, String jsonPath, String label) {
    public static final int MAX_TEXT_LENGTH = 1024;
    public static final MessageQuery ALL = new MessageQuery(Map.of(), null, null, null);

    public MessageQuery {
        Violations v = new Violations();
        attributes = checkedAttributes(attributes, v);
        v.check(
                text == null || (!text.isEmpty() && Attributes.characters(text) <= MAX_TEXT_LENGTH),
                "text must be 1 to " + MAX_TEXT_LENGTH + " characters");
        v.check(
                jsonPath == null || (!jsonPath.isBlank() && Attributes.characters(jsonPath) <= MAX_TEXT_LENGTH),
                "json_path must be 1 to " + MAX_TEXT_LENGTH + " characters");
        v.check(
                label == null || (!label.isEmpty() && Attributes.characters(label) <= NewMessage.MAX_LABEL_LENGTH),
                "label must be 1 to " + NewMessage.MAX_LABEL_LENGTH + " characters");
        v.throwIfAny();
    }

    public boolean isEverything() {
        return attributes.isEmpty() && text == null && jsonPath == null && label == null;
    }

    private static Map<String, List<String>> checkedAttributes(Map<String, List<String>> attributes, Violations v) {
        if (attributes == null) {
            return Map.of();
        }
        v.check(
                attributes.size() <= Attributes.MAX_KEYS,
                "at most " + Attributes.MAX_KEYS + " attribute keys can be searched at once");
        Map<String, List<String>> copy = new LinkedHashMap<>();
        attributes.forEach((key, values) -> {
            String field = "attribute." + key;
            v.check(
                    !key.isEmpty() && Attributes.characters(key) <= Attributes.MAX_KEY_LENGTH,
                    field + ": attribute keys are 1 to " + Attributes.MAX_KEY_LENGTH + " characters");
            v.check(!values.isEmpty() && values.size() <= 100, field + " must be given 1 to 100 values");
            v.check(
                    values.stream().allMatch(value -> Attributes.characters(value) <= Attributes.MAX_VALUE_LENGTH),
                    field + " values must be at most " + Attributes.MAX_VALUE_LENGTH + " characters");
            copy.put(key, List.copyOf(new LinkedHashSet<>(values)));
        });
        return java.util.Collections.unmodifiableMap(copy);
    }
}
