package dev.conveyor.rest;

import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerResponseContext;
import jakarta.ws.rs.container.ContainerResponseFilter;
import jakarta.ws.rs.ext.Provider;

/**
 * An error answered to a request that carries a body ends the connection ({@code Connection: close}).
 *
 * <p>Many errors are answered before the body is read (a 401 or 403 of the authorization filter, a 404 of the
 * path). Jetty then has to drop the body's bytes before the connection can take another request, and when they
 * have not all arrived yet it closes the connection, after a response that promised to keep it. A client that
 * sends its next request down that connection gets no answer at all, and clients retry only idempotent
 * requests, so a POST or PATCH after a 401 failed now and then. Saying so in the response lets the client open a
 * new connection; errors are rare enough on the paths that matter for the reconnection not to count.
 */
@Provider
public final class ErrorsCloseUnreadBodies implements ContainerResponseFilter {
    @Override
    public void filter(ContainerRequestContext request, ContainerResponseContext response) {
        if (response.getStatus() >= 400 && carriesBody(request)) {
            response.getHeaders().putSingle("Connection", "close");
        }
    }

    private static boolean carriesBody(ContainerRequestContext request) {
        return request.getLength() > 0 || request.getHeaderString("Transfer-Encoding") != null;
    }
}
