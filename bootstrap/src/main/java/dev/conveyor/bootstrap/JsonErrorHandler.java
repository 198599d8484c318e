package dev.conveyor.bootstrap;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.conveyor.rest.RequestIdFilter;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.LinkedHashMap;
import java.util.Map;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpStatus;
import org.eclipse.jetty.http.MimeTypes;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.handler.ErrorHandler;
import org.eclipse.jetty.util.Callback;

/**
 * Errors Jetty answers itself, before a request reaches Jersey (an ambiguous or malformed path, headers too
 * large), in the same JSON shape as every other error, instead of Jetty's HTML page. Never a stack trace. They
 * carry an {@code X-Request-ID} too, chosen as RequestIdFilter chooses it, and so does their request log line.
 */
final class JsonErrorHandler extends ErrorHandler {
    private final ObjectMapper mapper;

    JsonErrorHandler(ObjectMapper mapper) {
        this.mapper = mapper;
    }

    @Override
    protected void generateResponse(
            Request request, Response response, int code, String message, Throwable cause, Callback callback)
            throws IOException {
        // A request Jetty refused never passed RequestIdFilter; the caller's id is there only if its headers were
        // read before the refusal.
        if (!response.getHeaders().contains(RequestIdFilter.HEADER)) {
            response.getHeaders()
                    .put(
                            RequestIdFilter.HEADER,
                            RequestIdFilter.idOf(request.getHeaders().get(RequestIdFilter.HEADER)));
        }
        String reason = HttpStatus.getMessage(code);
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("code", code);
        body.put(
                "message",
                message == null || message.isBlank() || message.equals(reason) ? reason : reason + ": " + message);
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, MimeTypes.Type.APPLICATION_JSON_UTF_8.asString());
        response.write(true, ByteBuffer.wrap(mapper.writeValueAsBytes(body)), callback);
    }
}
