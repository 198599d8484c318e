package dev.conveyor.domain;

/** A window on a list: at most {@code limit} items after skipping {@code offset}. */
public record Page(int limit, int offset) {
    public static final int DEFAULT_LIMIT = 100;
    public static final int MAX_LIMIT = 1000;

    public Page {
        new Violations()
                .between("limit", limit, 1, MAX_LIMIT)
                .check(offset >= 0, "offset must be at least 0")
                .throwIfAny();
    }

    public static Page of(Integer limit, Integer offset) {
        return new Page(limit == null ? DEFAULT_LIMIT : limit, offset == null ? 0 : offset);
    }
}
