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
        /** No valid credentials: a missing, malformed, expired, forged or revoked token, or a wrong secret. */
        UNAUTHENTICATED,
        /** Valid credentials without the scope the call needs. */
        FORBIDDEN,
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

    /** The one answer to every credential problem, so that it tells an attacker nothing about which one. */
    public static ConveyorException unauthenticated() {
        return new ConveyorException(
                Kind.UNAUTHENTICATED, "unauthenticated", "a valid access token is required", List.of(), null);
    }

    public static ConveyorException forbidden(String missingScope) {
        return new ConveyorException(
                Kind.FORBIDDEN, "forbidden", "the access token lacks the scope " + missingScope, List.of(), null);
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
