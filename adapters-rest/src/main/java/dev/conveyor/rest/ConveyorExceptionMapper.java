package dev.conveyor.rest;

import dev.conveyor.domain.ConveyorException;
import dev.conveyor.rest.dto.ErrorResponse;
import dev.conveyor.rest.dto.ValidationErrorResponse;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The one place a refusal's kind becomes an HTTP status. */
@Provider
public final class ConveyorExceptionMapper implements ExceptionMapper<ConveyorException> {
    private static final Logger LOG = LoggerFactory.getLogger(ConveyorExceptionMapper.class);
    static final String CHALLENGE = "Bearer realm=\"conveyor\"";

    @Override
    public Response toResponse(ConveyorException e) {
        return switch (e.kind()) {
            case INVALID ->
                Response.status(422)
                        .type(MediaType.APPLICATION_JSON_TYPE)
                        .entity(new ValidationErrorResponse(e.errors()))
                        .build();
            case NOT_FOUND -> error(404, e.getMessage());
            case CONFLICT -> error(409, e.getMessage());
            case CAPACITY_EXCEEDED ->
                Response.fromResponse(error(429, e.getMessage()))
                        .header("Retry-After", "1")
                        .build();
            // One answer for every credential problem; RFC 6750 asks for the challenge header.
            case UNAUTHENTICATED ->
                Response.fromResponse(error(401, e.getMessage()))
                        .header("WWW-Authenticate", CHALLENGE)
                        .build();
            case FORBIDDEN -> error(403, e.getMessage());
            case UNAVAILABLE -> {
                LOG.warn("Answering 503: {}", e.getMessage(), e.getCause());
                yield Response.fromResponse(error(503, e.getMessage()))
                        .header("Retry-After", "1")
                        .build();
            }
        };
    }

    private static Response error(int status, String message) {
        return Response.status(status)
                .type(MediaType.APPLICATION_JSON_TYPE)
                .entity(new ErrorResponse(status, message))
                .build();
    }
}
