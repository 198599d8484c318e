package dev.conveyor.rest;

import dev.conveyor.rest.dto.ErrorResponse;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;
import java.util.concurrent.ThreadLocalRandom;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A failure nobody planned for: logged once, with its cause and the request id (the logging context carries
 * it), and answered 500 naming only the request id: no stack trace, SQL or class name.
 */
@Provider
public final class UnexpectedExceptionMapper implements ExceptionMapper<Throwable> {
    private static final Logger LOG = LoggerFactory.getLogger(UnexpectedExceptionMapper.class);

    @Override
    public Response toResponse(Throwable e) {
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
}
