package dev.conveyor.application;

import java.time.Duration;

/**
 * How concurrent publishes, and concurrent acks, are grouped into shared transactions (see {@link GroupCommit}).
 *
 * @param window how long a group waits for more requests before it starts; zero groups only the requests
 *     that queued up while earlier groups ran
 * @param maxItems the most messages (or receipts) one group's transaction handles; a larger request goes alone
 * @param concurrency how many groups of each kind run at once, each on a connection of its own
 */
public record CommitGroups(Duration window, int maxItems, int concurrency) {
    public static final CommitGroups DEFAULT = new CommitGroups(Duration.ZERO, 1000, 4);

    public CommitGroups {
        if (window.isNegative() || maxItems < 1 || concurrency < 1) {
            throw new IllegalArgumentException(
                    "window >= 0, maxItems >= 1, concurrency >= 1: " + window + ", " + maxItems + ", " + concurrency);
        }
    }
}
