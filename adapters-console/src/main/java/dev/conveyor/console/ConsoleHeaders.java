package dev.conveyor.console;

import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;

/**
 * The console's security headers on every answer under its path, and the bare path sent on to the one with a
 * slash (the asset servlet would serve the page there too, but its relative links would then miss).
 */
final class ConsoleHeaders implements Filter {
    /**
     * Only the console's own files and its own origin's API: message bodies are attacker-controlled, and even
     * if one ever reached the page as markup it could run nothing, load nothing and send nothing elsewhere.
     * Charts draw on canvases; uPlot sizes its elements through the CSSOM, which style-src does not govern.
     */
    static final String CONTENT_SECURITY_POLICY = "default-src 'self'; script-src 'self'; style-src 'self'; "
            + "img-src 'self' data:; connect-src 'self'; object-src 'none'; base-uri 'none'; "
            + "frame-ancestors 'none'; form-action 'self'";

    private final String path;

    ConsoleHeaders(String path) {
        this.path = path;
    }

    @Override
    public void doFilter(ServletRequest request, ServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        HttpServletRequest http = (HttpServletRequest) request;
        HttpServletResponse answer = (HttpServletResponse) response;
        answer.setHeader("Content-Security-Policy", CONTENT_SECURITY_POLICY);
        answer.setHeader("X-Content-Type-Options", "nosniff");
        answer.setHeader("Referrer-Policy", "no-referrer");
        String bare = path.substring(0, path.length() - 1);
        if (http.getRequestURI().equals(http.getContextPath() + bare)) {
            String query = http.getQueryString();
            answer.sendRedirect(http.getContextPath() + path + (query == null ? "" : "?" + query));
            return;
        }
        chain.doFilter(request, response);
    }
}
