package dev.conveyor.domain;

import java.util.Objects;

/**
 * What a partial update (a JSON Merge Patch, RFC 7396) does to one field: keep its current value (the member
 * was absent), reset it to its default (the member was null), or set it to a value.
 */
public sealed interface Change<T> {
    /** Keeps the current value. */
    record Keep<T>() implements Change<T> {}

    /** Resets to the field's default, or clears a field that has none. */
    record Reset<T>() implements Change<T> {}

    /** Sets a value; never null, since a null asks for {@link Reset}. */
    record SetTo<T>(T value) implements Change<T> {
        public SetTo {
            Objects.requireNonNull(value, "value");
        }
    }

    static <T> Change<T> keep() {
        return new Keep<>();
    }

    static <T> Change<T> reset() {
        return new Reset<>();
    }

    static <T> Change<T> to(T value) {
        return new SetTo<>(value);
    }

    /** Null keeps, anything else sets: for the older partial updates, where null means "leave it". */
    static <T> Change<T> unlessNull(T value) {
        return value == null ? keep() : to(value);
    }

    /** The field's value after the change: {@code current} when kept, {@code fallback} when reset. */
    default T apply(T current, T fallback) {
        if (this instanceof SetTo<T> set) {
            return set.value();
        }
        return this instanceof Reset<T> ? fallback : current;
    }

    default boolean keeps() {
        return this instanceof Keep<T>;
    }

    default boolean resets() {
        return this instanceof Reset<T>;
    }
}
