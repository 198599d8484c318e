package dev.conveyor.domain;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/** Collects every broken rule of one input, so a client learns all its mistakes in one answer. */
public final class Violations {
    private final List<String> errors = new ArrayList<>();

    public Violations check(boolean holds, String error) {
        if (!holds) {
            errors.add(error);
        }
        return this;
    }

    public Violations between(String field, long value, long min, long max) {
        return check(value >= min && value <= max, field + " must be between " + min + " and " + max);
    }

    public Violations name(String field, String value) {
        if (value == null) {
            errors.add(field + " is required");
        } else {
            check(Names.isValid(value), field + " " + Names.RULE);
        }
        return this;
    }

    public Violations addAll(List<String> more) {
        errors.addAll(more);
        return this;
    }

    /**
     * Builds a value whose constructor validates itself; when it refuses, its errors join these instead of
     * being thrown alone, and the answer is null.
     */
    public <T> T collect(Supplier<T> construction) {
        try {
            return construction.get();
        } catch (ConveyorException e) {
            if (e.kind() != ConveyorException.Kind.INVALID) {
                throw e;
            }
            errors.addAll(e.errors());
            return null;
        }
    }

    public List<String> errors() {
        return List.copyOf(errors);
    }

    public void throwIfAny() {
        if (!errors.isEmpty()) {
            throw ConveyorException.invalid(errors);
        }
    }
}
