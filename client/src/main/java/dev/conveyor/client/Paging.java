package dev.conveyor.client;

/**
 * Which page of a list to read: {@code ?limit=&offset=}.
 *
 * @param limit at most this many items, 1 to 1000
 * @param offset skip this many items first, at least 0
 */
public record Paging(int limit, int offset) {
    /** The server's default: the first 100 items. */
    public static final Paging DEFAULT = new Paging(100, 0);

    /** Checks the bounds the server checks, so that a mistake fails here, with a stack trace to the caller. */
    public Paging {
        if (limit < 1 || limit > 1000) {
            throw new IllegalArgumentException("limit must be between 1 and 1000");
        }
        if (offset < 0) {
            throw new IllegalArgumentException("offset must be at least 0");
        }
    }

    /** The first {@code limit} items. */
    public static Paging first(int limit) {
        return new Paging(limit, 0);
    }
}
