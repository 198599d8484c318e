package dev.conveyor.reliability;

import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The soak's judgements, as pure functions of the sampled series: is a resource flat, does a figure plateau, did
 * the publish latency hold. Each series is sampled at a fixed interval through the load.
 *
 * <p>Every bound compares the level of the <em>last quarter</em> of the samples with the level of the <em>second
 * quarter</em>: the first quarter is the warm-up (JIT, pools filling, the table growing to its working size) and
 * is left out. The last quarter may exceed the second by a factor or by an absolute slack, whichever allows more:
 * the factor tolerates noise on large values, the slack noise on small ones. A leak that grows steadily moves the
 * last quarter's level by half the soak's length past the second's, which a soak long enough for the leak to
 * matter shows beyond both (the unit tests hold hand-written series to that).
 */
final class SoakRules {
    static final double MIB = 1024 * 1024;

    /** Which level of a quarter to compare: the mean for steady figures, the peak for saw-tooth ones. */
    enum Level {
        MEAN,
        MAX
    }

    /**
     * One rule: the last quarter's {@code level} is at most {@code max(second × factor, second + slack)}.
     *
     * @param unit how a value prints (bytes print as MiB)
     */
    record Bound(String what, Level level, double factor, double slack, String unit) {

        /** Empty when the series holds the bound, else why not, with the figures. */
        Optional<String> check(List<? extends Number> series) {
            Quarters quarters = Quarters.of(series);
            double before = quarters.second(level);
            double after = quarters.last(level);
            double limit = Math.max(before * factor, before + slack);
            if (after <= limit) {
                return Optional.empty();
            }
            return Optional.of(String.format(
                    Locale.ROOT,
                    "%s grew: %s of the last quarter %s, of the second quarter %s,"
                            + " allowed at most %s (x%.2f or +%s)",
                    what,
                    level.name().toLowerCase(Locale.ROOT),
                    format(after),
                    format(before),
                    format(limit),
                    factor,
                    format(slack)));
        }

        /** The second quarter's level and the last's, for the notes: {@code 38.1->39.0 MiB}. */
        String figures(List<? extends Number> series) {
            Quarters quarters = Quarters.of(series);
            return format(quarters.second(level)) + "->" + format(quarters.last(level));
        }

        private String format(double value) {
            return unit.equals("MiB")
                    ? String.format(Locale.ROOT, "%.1f MiB", value / MIB)
                    : String.format(Locale.ROOT, "%.0f%s", value, unit.isEmpty() ? "" : " " + unit);
        }
    }

    /** Post-GC heap: a retained object per message or per request shows here first. */
    static final Bound HEAP = new Bound("post-GC heap", Level.MEAN, 1.25, 16 * MIB, "MiB");
    /** Live threads: a pool or a scheduler that never gives a thread back. */
    static final Bound THREADS = new Bound("threads", Level.MEAN, 1.10, 10, "");
    /** Open file descriptors: sockets or files never closed. */
    static final Bound FILE_DESCRIPTORS = new Bound("open file descriptors", Level.MEAN, 1.0, 20, "");
    /**
     * Dead row versions of messages: they rise between two autovacuums and fall at each, so the peak of a quarter is
     * compared; a vacuum that falls behind, or one that cannot remove them (an old snapshot held open), grows it.
     */
    static final Bound DEAD_TUPLES = new Bound("dead tuples of messages", Level.MAX, 2.0, 10_000, "");
    /** messages with its indexes and TOAST: once vacuum keeps up, new rows reuse the space freed by old ones. */
    static final Bound TABLE_SIZE = new Bound("size of messages", Level.MEAN, 1.5, 4 * MIB, "MiB");
    /** The rows stored (available, leased or waiting): consumers that keep up keep it level. */
    static final Bound DEPTH = new Bound("queue depth", Level.MEAN, 2.0, 1_000, "messages");

    /** The rule for the publish latency: the last minute's p99 at most 1.5 times the first's. */
    static final double LATENCY_FACTOR = 1.5;

    private SoakRules() {}

    static Optional<String> latencyHeld(double firstP99Millis, double lastP99Millis) {
        if (Double.isNaN(firstP99Millis) || Double.isNaN(lastP99Millis)) {
            return Optional.of("publish p99 not measured: no publish in the first or the last window");
        }
        if (lastP99Millis <= firstP99Millis * LATENCY_FACTOR) {
            return Optional.empty();
        }
        return Optional.of(String.format(
                Locale.ROOT,
                "publish p99 rose: %.1f ms in the last window, %.1f ms in the first, allowed at most %.1f ms (x%.1f)",
                lastP99Millis,
                firstP99Millis,
                firstP99Millis * LATENCY_FACTOR,
                LATENCY_FACTOR));
    }

    /**
     * The second and the last quarter of a series of at least 4 samples; with {@code n} samples each is
     * {@code n / 4} long (a remainder falls in the first and third quarters).
     */
    record Quarters(List<Double> second, List<Double> last) {
        static Quarters of(List<? extends Number> series) {
            if (series.size() < 4) {
                throw new IllegalArgumentException(
                        "a series of " + series.size() + " samples has no quarters; 4 at least");
            }
            List<Double> values = series.stream().map(Number::doubleValue).toList();
            int quarter = values.size() / 4;
            return new Quarters(
                    values.subList(quarter, 2 * quarter), values.subList(values.size() - quarter, values.size()));
        }

        double second(Level level) {
            return level(second, level);
        }

        double last(Level level) {
            return level(last, level);
        }

        private static double level(List<Double> values, Level level) {
            return level == Level.MEAN
                    ? values.stream().mapToDouble(Double::doubleValue).average().orElseThrow()
                    : values.stream().mapToDouble(Double::doubleValue).max().orElseThrow();
        }
    }
}
