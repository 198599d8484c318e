package dev.conveyor.domain;

import java.util.ArrayList;
import java.util.List;

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

  public List<String> errors() {
    return List.copyOf(errors);
  }

  public void throwIfAny() {
    if (!errors.isEmpty()) {
      throw ConveyorException.invalid(errors);
    }
  }
}
