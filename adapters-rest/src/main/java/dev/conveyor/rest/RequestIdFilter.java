package dev.conveyor.rest;

import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.UUID;
import java.util.regex.Pattern;
import org.slf4j.MDC;

/**
 * Gives every request an id: the caller's {@code X-Request-ID} when it is well-formed, a new UUID otherwise.
 * It is answered in the response header and put in the logging context, so every log line written while the
 * request runs carries it.
 */
public final class RequestIdFilter implements Filter {
    public static final String HEADER = "X-Request-ID";
    /** The logging context key; log patterns read it as {@code %X{request_id}}. */
    public static final String MDC_KEY = "request_id";
    /**
     * Well-formed: 1 to 128 of letters, digits and {@code - _ . : /}; enough for UUIDs, trace ids and most
     * proxies' ids, and nothing that could forge a log line or a header.
     */
    private static final Pattern WELL_FORMED = Pattern.compile("[A-Za-z0-9._:/-]{1,128}");

    @Override
    public void doFilter(ServletRequest request, ServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        String id = idOf(((HttpServletRequest) request).getHeader(HEADER));
        ((HttpServletResponse) response).setHeader(HEADER, id);
        MDC.put(MDC_KEY, id);
        try {
            chain.doFilter(request, response);
        } finally {
            MDC.remove(MDC_KEY);
        }
    }

    /**
     * The id of a request that sent this {@code X-Request-ID} (null: none): the caller's when well-formed, else a
     * new one. Also used for the requests Jetty answers itself, which never reach this filter.
     */
    public static String idOf(String given) {
        return given != null && WELL_FORMED.matcher(given).matches()
                ? given
                : UUID.randomUUID().toString();
    }

    /** The id of the request this thread is serving, or null outside one. */
    public static String current() {
        return MDC.get(MDC_KEY);
    }
}
