package dev.conveyor.client;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;

/** A path with its query string, each part percent-encoded. */
final class Query {
    private final StringBuilder text;
    private boolean first = true;

    private Query(String path) {
        text = new StringBuilder(path);
    }

    /** {@code /v1/queues/{segment}...}: each segment encoded, so that no name can change the path. */
    static Query path(String... segments) {
        StringBuilder path = new StringBuilder();
        for (String segment : segments) {
            path.append('/').append(encode(segment));
        }
        return new Query(path.toString());
    }

    Query page(Paging paging) {
        return add("limit", paging.limit()).add("offset", paging.offset());
    }

    /** Adds {@code name=value}; a null value adds nothing. */
    Query add(String name, Object value) {
        if (value != null) {
            text.append(first ? '?' : '&').append(encode(name)).append('=').append(encode(value.toString()));
            first = false;
        }
        return this;
    }

    private static String encode(String part) {
        // URLEncoder encodes for forms: a space as '+', which a path or a query value must say as %20.
        return URLEncoder.encode(part, StandardCharsets.UTF_8).replace("+", "%20");
    }

    @Override
    public String toString() {
        return text.toString();
    }
}
