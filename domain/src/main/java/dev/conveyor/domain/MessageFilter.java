package dev.conveyor.domain;

import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;

/**
 * Which messages a subscription lets through: for every key, the message's attribute must be one of the
 * listed values (AND across keys, OR within a key). An empty filter matches everything.
 */
public record MessageFilter(Map<String, List<String>> criteria) {
    public static final int MAX_KEYS = 32;

    public MessageFilter {
        criteria = criteria == null ? Map.of() : copyOf(criteria);
    }

    public static MessageFilter everything() {
        return new MessageFilter(Map.of());
    }

    public boolean matches(Map<String, String> attributes) {
        for (Map.Entry<String, List<String>> criterion : criteria.entrySet()) {
            String value = attributes.get(criterion.getKey());
            if (value == null || !criterion.getValue().contains(value)) {
                return false;
            }
        }
        return true;
    }

    private static Map<String, List<String>> copyOf(Map<String, List<String>> criteria) {
        Violations v = new Violations();
        v.check(criteria.size() <= MAX_KEYS, "message_filters must have at most " + MAX_KEYS + " keys");
        Map<String, List<String>> copy = new LinkedHashMap<>();
        criteria.forEach((key, values) -> {
            String field = "message_filters." + key;
            v.check(
                    key != null && !key.isEmpty() && Attributes.characters(key) <= Attributes.MAX_KEY_LENGTH,
                    "message_filters keys must be 1 to " + Attributes.MAX_KEY_LENGTH + " characters");
            if (values == null || values.isEmpty()) {
                v.check(false, field + " must list at least one value");
                return;
            }
            v.check(values.size() <= 100, field + " must list at most 100 values");
            for (String value : values) {
                v.check(
                        value != null && Attributes.characters(value) <= Attributes.MAX_VALUE_LENGTH,
                        field + " values must be strings of at most " + Attributes.MAX_VALUE_LENGTH + " characters");
            }
            copy.put(
                    key,
                    List.copyOf(new LinkedHashSet<>(
                            values.stream().filter(s -> s != null).toList())));
        });
        v.throwIfAny();
        return java.util.Collections.unmodifiableMap(copy);
    }
}
