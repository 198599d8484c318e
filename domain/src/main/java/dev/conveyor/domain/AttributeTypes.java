package dev.conveyor.domain;

import java.util.Base64;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The data types of a message's typed attributes, kept beside its string attributes: {@code String}, {@code
 * Number} or {@code Binary}, each optionally with a custom suffix ({@code Number.float}, {@code String.json}). The
 * value stays in the string attributes exactly as sent (a Number verbatim, never normalised, so that a checksum
 * over it still matches; a Binary as its base64 text), so filters and {@code /v1} read it as any other. A plain
 * {@code String} is what an untyped attribute is already, so it is never kept as a type.
 */
public final class AttributeTypes {
    public static final String STRING = "String";
    public static final String NUMBER = "Number";
    public static final String BINARY = "Binary";
    public static final int MAX_TYPE_LENGTH = 256;

    private static final Pattern NUMBER_TEXT = Pattern.compile("[+-]?(\\d+(\\.\\d*)?|\\.\\d+)([eE][+-]?\\d+)?");

    private AttributeTypes() {}

    /** The type's base, {@code String}, {@code Number} or {@code Binary}; null when it is none of them. */
    public static String base(String type) {
        if (type == null) {
            return null;
        }
        int dot = type.indexOf('.');
        String base = dot < 0 ? type : type.substring(0, dot);
        boolean known = base.equals(STRING) || base.equals(NUMBER) || base.equals(BINARY);
        boolean suffixed = dot < 0 || dot < type.length() - 1;
        return known && suffixed ? base : null;
    }

    /** A decimal number as text: digits with an optional sign, fraction and exponent. */
    public static boolean isNumber(String text) {
        return text != null && NUMBER_TEXT.matcher(text).matches();
    }

    /** Base64 text as Conveyor keeps a Binary value: the standard alphabet, padded, exactly as it encodes. */
    public static boolean isCanonicalBase64(String text) {
        if (text == null) {
            return false;
        }
        try {
            return Base64.getEncoder()
                    .encodeToString(Base64.getDecoder().decode(text))
                    .equals(text);
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    /**
     * An unmodifiable copy of {@code types} without plain {@code String} entries, with every broken rule added to
     * {@code v}: each typed key is one of {@code attributes}, and its value fits its type.
     */
    static Map<String, String> checkedCopy(Map<String, String> types, Map<String, String> attributes, Violations v) {
        if (types == null || types.isEmpty()) {
            return Map.of();
        }
        Map<String, String> copy = new LinkedHashMap<>();
        types.forEach((key, type) -> {
            String base = base(type);
            if (!attributes.containsKey(key)) {
                v.check(false, "attribute_types." + key + " must name one of the attributes");
            } else if (base == null || type.length() > MAX_TYPE_LENGTH) {
                v.check(
                        false,
                        "attribute_types." + key + " must be String, Number or Binary, optionally with a"
                                + " .suffix, at most " + MAX_TYPE_LENGTH + " characters");
            } else if (base.equals(NUMBER)) {
                v.check(isNumber(attributes.get(key)), "attributes." + key + " must be a number");
            } else if (base.equals(BINARY)) {
                v.check(isCanonicalBase64(attributes.get(key)), "attributes." + key + " must be base64");
            }
            if (!STRING.equals(type)) {
                copy.put(key, type);
            }
        });
        return Collections.unmodifiableMap(copy);
    }
}
