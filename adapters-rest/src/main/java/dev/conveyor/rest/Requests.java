package dev.conveyor.rest;

import dev.conveyor.domain.ConveyorException;
import dev.conveyor.domain.Page;

/** Small checks shared by the resources, so that every one answers the same way. */
final class Requests {
    private Requests() {}

    /** A body is required: a missing one (or JSON {@code null}) is a validation failure, not a 500. */
    static <T> T required(T body) {
        if (body == null) {
            throw ConveyorException.invalid("a JSON request body is required");
        }
        return body;
    }

    /** Parses {@code ?limit=&offset=} here rather than in Jersey, which would answer a bad number with 404. */
    static Page page(String limit, String offset) {
        return Page.of(integer("limit", limit), integer("offset", offset));
    }

    /** An optional whole number of a query parameter; null when absent, 422 naming the parameter when not one. */
    static Long number(String field, String text) {
        if (text == null || text.isEmpty()) {
            return null;
        }
        try {
            return Long.valueOf(text);
        } catch (NumberFormatException e) {
            throw ConveyorException.invalid(field + " must be an integer");
        }
    }

    private static Integer integer(String field, String text) {
        Long number = number(field, text);
        if (number != null && number != number.intValue()) {
            throw ConveyorException.invalid(field + " must be an integer");
        }
        return number == null ? null : number.intValue();
    }
}
