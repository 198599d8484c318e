package dev.conveyor.client;

/**
 * The window of a history: how far back, and in steps of how long; a null member takes the server's default.
 *
 * @param windowSeconds how far back, from 60 up to the history the server keeps (default 3600)
 * @param stepSeconds the length of each step (default: a multiple of the sampling interval giving at most 180 points)
 */
public record HistoryWindow(Long windowSeconds, Long stepSeconds) {
    /** The server's defaults: the last hour. */
    public static HistoryWindow defaults() {
        return new HistoryWindow(null, null);
    }

    /** The last {@code windowSeconds}, in steps of {@code stepSeconds}. */
    public static HistoryWindow of(long windowSeconds, long stepSeconds) {
        return new HistoryWindow(windowSeconds, stepSeconds);
    }
}
