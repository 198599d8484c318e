package dev.conveyor.rest;

import dev.conveyor.rest.dto.ErrorResponse;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;
import java.io.EOFException;
import java.util.concurrent.ThreadLocalRandom;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A failure nobody planned for: logged once, with its cause and the request id (the logging context carries
 * it), and answered 500 naming only the request id: no stack trace, SQL or class name.
 *
 * <p>One failure looks unplanned but is the client's: a request body that ends before it is complete (a
 * malformed chunk, a connection closed short of its Content-Length). The server reads it as an end of file
 * (Jetty's own is a {@link EOFException}) in whatever reads the body, so it is answered 400 wherever it arises.
 */
@Provider
public final class UnexpectedExceptionMapper implements ExceptionMapper<Throwable> {
    private static final Logger LOG = LoggerFactory.getLogger(UnexpectedExceptionMapper.class);

    @Override
    public Response toResponse(Throwable e) {
        if (endedEarly(e)) {
            return Response.status(400)
                    .type(MediaType.APPLICATION_JSON_TYPE)
                    .entity(new ErrorResponse(
                            400,
                            "the request body ended before it was complete (a malformed chunk, or fewer bytes than"
                                    + " its Content-Length)"))
                    .build();
        }
        String id = RequestIdFilter.current();
        if (id == null) {
            id = Long.toHexString(ThreadLocalRandom.current().nextLong());
        }
        LOG.error("Unexpected error answering request {}", id, e);
        return Response.status(500)
                .type(MediaType.APPLICATION_JSON_TYPE)
                .entity(new ErrorResponse(500, "internal error; the server log has the details under request id " + id))
                .build();
    }

    private static boolean endedEarly(Throwable e) {
        for (Throwable cause = e; cause != null; cause = cause.getCause()) {
            if (cause instanceof EOFException) {
                return true;
            }
        }
        return false;
    }
}
