package dev.conveyor.domain;

import java.util.List;

/**
 * A request Conveyor refuses, carrying a {@link Kind} that adapters map to a status in one place, a stable
 * machine-readable code, and (for {@link Kind#INVALID}) every validation message at once.
 */
public final class ConveyorException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /** What went wrong, independent of any transport. */
  public enum Kind {
    INVALID,
    NOT_FOUND,
    CONFLICT,
    CAPACITY_EXCEEDED,
    UNAVAILABLE
  }

  private final Kind kind;
  private final String code;
  private final List<String> errors;

  private ConveyorException(Kind kind, String code, String message, List<String> errors, Throwable cause) {
    super(message, cause);
    this.kind = kind;
    this.code = code;
    this.errors = List.copyOf(errors);
  }

  public static ConveyorException invalid(List<String> errors) {
    return new ConveyorException(Kind.INVALID, "invalid", String.join("; ", errors), errors, null);
  }

  public static ConveyorException invalid(String error) {
    return invalid(List.of(error));
  }

  public static ConveyorException notFound(String resource, String id) {
    return new ConveyorException(
        Kind.NOT_FOUND, resource + "_not_found", resource + " '" + id + "' not found", List.of(), null);
  }

  public static ConveyorException conflict(String code, String message) {
    return new ConveyorException(Kind.CONFLICT, code, message, List.of(), null);
  }

  public static ConveyorException capacityExceeded(String message) {
    return new ConveyorException(Kind.CAPACITY_EXCEEDED, "queue_full", message, List.of(), null);
  }

  public static ConveyorException unavailable(String message, Throwable cause) {
    return new ConveyorException(Kind.UNAVAILABLE, "unavailable", message, List.of(), cause);
  }

  public Kind kind() {
    return kind;
  }

  public String code() {
    return code;
  }

  /** The validation messages of an {@link Kind#INVALID} refusal; empty for the other kinds. */
  public List<String> errors() {
    return errors;
  }
}
