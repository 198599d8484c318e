package dev.conveyor.client;

import java.util.List;

/**
 * One page of a list, ordered by name (messages: oldest first).
 *
 * @param data the items of this page
 * @param limit the limit the server applied
 * @param offset the number of items skipped
 * @param <T> the type of the items
 */
public record Page<T>(List<T> data, int limit, int offset) {
    /** Copies the items. */
    public Page {
        data = List.copyOf(data);
    }

    /** Whether a next page may hold more: this one is full. */
    public boolean mayHaveMore() {
        return data.size() >= limit;
    }

    /** The paging that reads the page after this one. */
    public Paging next() {
        return new Paging(limit, offset + data.size());
    }
}
