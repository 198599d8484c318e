package dev.conveyor.sqs;

import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.io.EOFException;
import java.io.IOException;
import java.util.regex.Pattern;

/**
 * A form-encoded body that ends before it is complete fails in Jersey's servlet before any resource sees it
 * (Jersey peeks at every form body), and the server would answer /v1's JSON error. On the SQS endpoint's paths
 * such a body is a Query request, so it gets Query's {@code <ErrorResponse>} instead, as {@link SqsBody} answers a
 * body cut short in every other case.
 */
public final class CutShortFormBodies implements Filter {
    /** The SQS endpoint's paths: {@code /} and the queue URLs {@code /{account}/{queue}}. */
    private static final Pattern SQS_PATH = Pattern.compile("/|/[0-9]+/[^/]+");

    @Override
    public void doFilter(ServletRequest request, ServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        try {
            chain.doFilter(request, response);
        } catch (IOException | ServletException | RuntimeException e) {
            HttpServletRequest http = (HttpServletRequest) request;
            if (!endedEarly(e) || !isQuery(http) || response.isCommitted()) {
                throw e;
            }
            answer((HttpServletResponse) response, SqsError.INVALID_PARAMETER_VALUE.because(SqsBody.ENDED_EARLY));
        }
    }

    private static boolean isQuery(HttpServletRequest request) {
        String type = request.getContentType();
        return "POST".equals(request.getMethod())
                && SQS_PATH.matcher(request.getRequestURI()).matches()
                && !SqsProtocol.isJson(
                        request.getHeader("X-Amz-Target"), type == null ? null : MediaType.valueOf(type));
    }

    private static boolean endedEarly(Throwable e) {
        for (Throwable cause = e; cause != null; cause = cause.getCause()) {
            if (cause instanceof EOFException) {
                return true;
            }
        }
        return false;
    }

    private static void answer(HttpServletResponse servlet, SqsException error) throws IOException {
        Response rendered = new QueryProtocol(null, null, false, null).renderError(error, SqsResource.requestId());
        servlet.setStatus(rendered.getStatus());
        rendered.getStringHeaders().forEach((name, values) -> values.forEach(value -> servlet.addHeader(name, value)));
        servlet.setHeader("Connection", "close"); // the rest of the body never came: the connection is done
        byte[] body = (byte[]) rendered.getEntity();
        servlet.setContentLength(body.length);
        servlet.getOutputStream().write(body);
    }
}
