package dev.conveyor.domain;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/** The bounds of a message's string attributes, which subscriptions filter on. */
public final class Attributes {
    public static final int MAX_KEYS = 32;
    public static final int MAX_KEY_LENGTH = 128;
    public static final int MAX_VALUE_LENGTH = 1024;

    private Attributes() {}

    /** Length in characters (code points), as the API counts it, not in UTF-16 units. */
    static int characters(String text) {
        return text.codePointCount(0, text.length());
    }

    /** An unmodifiable, order-keeping copy of {@code attributes}, with every broken bound added to {@code v}. */
    static Map<String, String> checkedCopy(Map<String, String> attributes, Violations v) {
        if (attributes == null) {
            return Map.of();
        }
        v.check(attributes.size() <= MAX_KEYS, "attributes must have at most " + MAX_KEYS + " keys");
        attributes.forEach((key, value) -> {
            v.check(
                    key != null && !key.isEmpty() && characters(key) <= MAX_KEY_LENGTH,
                    "attributes keys must be 1 to " + MAX_KEY_LENGTH + " characters");
            v.check(value != null, "attributes." + key + " must be a string");
            v.check(
                    value == null || characters(value) <= MAX_VALUE_LENGTH,
                    "attributes." + key + " must be at most " + MAX_VALUE_LENGTH + " characters");
        });
        return Collections.unmodifiableMap(new LinkedHashMap<>(attributes));
    }
}
