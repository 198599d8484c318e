package dev.conveyor.domain;

import java.util.regex.Pattern;

/** The naming rule shared by topics, queues and subscriptions. */
public final class Names {
    public static final String RULE = "must be 1 to 128 characters of [A-Za-z0-9._-], starting with a letter or digit";
    private static final Pattern VALID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,127}");

    private Names() {}

    public static boolean isValid(String name) {
        return name != null && VALID.matcher(name).matches();
    }

    /** Throws an {@link ConveyorException.Kind#INVALID} refusal naming {@code field} unless valid. */
    public static String require(String field, String name) {
        new Violations().name(field, name).throwIfAny();
        return name;
    }
}
