package dev.conveyor.rest;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonPointer;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.exc.InputCoercionException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import dev.conveyor.rest.dto.ErrorResponse;
import dev.conveyor.rest.dto.ValidationErrorResponse;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;
import java.util.Collection;
import java.util.Map;

/**
 * Bodies that are not JSON, or not of the expected shape. Malformed JSON (including duplicate keys,
 * trailing garbage and invalid UTF-8) and unknown fields are 400; a known field of the wrong type is a
 * validation failure, 422, naming the field.
 */
@Provider
public final class JsonErrorMapper implements ExceptionMapper<JsonProcessingException> {
    @Override
    public Response toResponse(JsonProcessingException exception) {
        return answer(exception);
    }

    static Response answer(JsonProcessingException exception) {
        if (exception instanceof UnrecognizedPropertyException unknown) {
            return error(
                    400,
                    "unknown field '" + path(unknown) + "'; the known fields are "
                            + new java.util.TreeSet<>(unknown.getKnownPropertyIds().stream()
                                    .map(String::valueOf)
                                    .toList()));
        }
        if (exception instanceof MismatchedInputException mismatch
                && !mismatch.getPath().isEmpty()) {
            return Response.status(422)
                    .type(MediaType.APPLICATION_JSON_TYPE)
                    .entity(new ValidationErrorResponse(
                            java.util.List.of(path(mismatch) + " must be " + describe(mismatch.getTargetType()))))
                    .build();
        }
        String outOfRange = outOfRangeField(exception);
        if (outOfRange != null) {
            // A number beyond the range of the field's type: valid JSON breaking a bound, so 422 like any bound.
            return Response.status(422)
                    .type(MediaType.APPLICATION_JSON_TYPE)
                    .entity(new ValidationErrorResponse(java.util.List.of(outOfRange + " is out of range")))
                    .build();
        }
        if (exception instanceof MismatchedInputException mismatch && isTrailingContent(mismatch)) {
            // Jackson's own text names the class the value was bound to: not for clients.
            return error(400, "malformed JSON: trailing content after the JSON value");
        }
        if (exception instanceof MismatchedInputException) {
            return error(400, "the request body is not of the expected shape (a JSON object)");
        }
        return error(400, "malformed JSON: " + exception.getOriginalMessage());
    }

    /** FAIL_ON_TRAILING_TOKENS reports a second value as a mismatch; it is malformed JSON to a client. */
    private static boolean isTrailingContent(MismatchedInputException exception) {
        String message = exception.getOriginalMessage();
        return message != null && message.startsWith("Trailing token");
    }

    private static Response error(int status, String message) {
        return Response.status(status)
                .type(MediaType.APPLICATION_JSON_TYPE)
                .entity(new ErrorResponse(status, message))
                .build();
    }

    /** The field's path in the request, as a client wrote it: {@code attributes.region}, {@code [3].label}. */
    private static String path(JsonMappingException exception) {
        StringBuilder path = new StringBuilder();
        for (JsonMappingException.Reference reference : exception.getPath()) {
            if (reference.getFieldName() != null) {
                if (path.length() > 0) {
                    path.append('.');
                }
                path.append(reference.getFieldName());
            } else if (reference.getIndex() >= 0) {
                path.append('[').append(reference.getIndex()).append(']');
            }
        }
        return path.toString();
    }

    /** The field holding a number too large for its type, or null when that is not the problem. */
    private static String outOfRangeField(JsonProcessingException exception) {
        InputCoercionException coercion = null;
        for (Throwable t = exception; t != null && coercion == null; t = t.getCause()) {
            if (t instanceof InputCoercionException found) {
                coercion = found;
            }
        }
        if (coercion == null) {
            return null;
        }
        if (exception instanceof JsonMappingException mapping
                && !mapping.getPath().isEmpty()) {
            return path(mapping);
        }
        JsonParser parser = coercion.getProcessor();
        return parser == null ? "a number" : path(parser.getParsingContext().pathAsPointer());
    }

    /** {@code /1/delay_seconds} as a client wrote it: {@code [1].delay_seconds}. */
    private static String path(JsonPointer pointer) {
        StringBuilder path = new StringBuilder();
        for (JsonPointer p = pointer; p != null && !p.matches(); p = p.tail()) {
            if (p.getMatchingIndex() >= 0) {
                path.append('[').append(p.getMatchingIndex()).append(']');
            } else {
                if (path.length() > 0) {
                    path.append('.');
                }
                path.append(p.getMatchingProperty());
            }
        }
        return path.length() == 0 ? "a number" : path.toString();
    }

    private static String describe(Class<?> type) {
        if (type == null) {
            return "of another type";
        }
        if (type == Integer.class || type == int.class || type == Long.class || type == long.class) {
            return "an integer";
        }
        if (type == String.class) {
            return "a string";
        }
        if (type == Boolean.class || type == boolean.class) {
            return "true or false";
        }
        if (Map.class.isAssignableFrom(type) || type.isRecord()) {
            return "an object";
        }
        if (Collection.class.isAssignableFrom(type) || type.isArray()) {
            return "an array";
        }
        return "of another type";
    }
}
