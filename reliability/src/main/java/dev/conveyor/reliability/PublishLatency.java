package dev.conveyor.reliability;

import dev.conveyor.reliability.history.Event;
import dev.conveyor.reliability.history.Publish;
import java.util.List;
import java.util.Locale;

/**
 * The publish latency of a window: from invoking each publish to its answer (or its failure), in the client's
 * clock, over the publishes invoked in the window, whatever their outcome (a publish that timed out counts with its
 * whole wait: a hang is latency too).
 *
 * @param p50Millis the median; NaN when the window holds no publish
 * @param p99Millis the 99th percentile, nearest rank; NaN when the window holds no publish
 */
record PublishLatency(int publishes, double p50Millis, double p99Millis) {

    /** The publishes among {@code events} invoked from {@code fromNanos} (inclusive) to {@code toNanos}. */
    static PublishLatency of(List<Event> events, long fromNanos, long toNanos) {
        double[] millis = events.stream()
                .filter(Publish.class::isInstance)
                .map(Publish.class::cast)
                .filter(publish -> publish.invokedNanos() >= fromNanos && publish.invokedNanos() < toNanos)
                .mapToDouble(publish -> (publish.completedNanos() - publish.invokedNanos()) / 1e6)
                .sorted()
                .toArray();
        return new PublishLatency(millis.length, percentile(millis, 0.50), percentile(millis, 0.99));
    }

    // Nearest rank: the smallest value with at least that share of the values at or below it.
    private static double percentile(double[] sorted, double share) {
        if (sorted.length == 0) {
            return Double.NaN;
        }
        int rank = (int) Math.ceil(share * sorted.length);
        return sorted[Math.max(0, rank - 1)];
    }

    /** {@code p50 4.1 ms, p99 25.0 ms (n=580)}. */
    String describe() {
        return String.format(Locale.ROOT, "p50 %.1f ms, p99 %.1f ms (n=%d)", p50Millis, p99Millis, publishes);
    }
}
