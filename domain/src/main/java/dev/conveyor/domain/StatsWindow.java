package dev.conveyor.domain;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The steps a stretch of stats history is read in: {@code points} steps of {@code step}, the first starting at
 * {@code from}. Steps start at whole multiples of the step since the epoch, so reads a few seconds apart share
 * their steps and a chart does not shimmer; the last step holds now and is still filling.
 */
public record StatsWindow(Instant from, Duration step, int points) {
    public static final int MAX_POINTS = 1000;
    /** The most points a window gets when its step is left to the server: enough for a chart, few to send. */
    public static final int DEFAULT_POINTS = 180;

    public static final Duration MIN_WINDOW = Duration.ofMinutes(1);

    public StatsWindow {
        if (step.isNegative() || step.isZero() || points < 1 || points > MAX_POINTS) {
            throw new IllegalArgumentException("a window has 1 to " + MAX_POINTS + " steps longer than zero");
        }
    }

    /**
     * The window of at least {@code windowSeconds} (default an hour) that ends with the step holding {@code now}.
     * Without {@code stepSeconds}, the step is the smallest multiple of {@code sampleInterval} that keeps the
     * window to {@link #DEFAULT_POINTS} points. Refuses a window longer than the history {@code kept}, or a step
     * that would make more than {@link #MAX_POINTS} points.
     */
    public static StatsWindow ending(
            Instant now, Long windowSeconds, Long stepSeconds, Duration kept, Duration sampleInterval) {
        long window = windowSeconds == null ? Math.min(3600, kept.toSeconds()) : windowSeconds;
        Violations v = new Violations().between("window_seconds", window, MIN_WINDOW.toSeconds(), kept.toSeconds());
        v.throwIfAny();
        long step;
        if (stepSeconds == null) {
            long interval = Math.max(1, sampleInterval.toSeconds());
            long fewest = ceilDiv(window, DEFAULT_POINTS);
            step = ceilDiv(fewest, interval) * interval;
        } else {
            step = stepSeconds;
            v.between("step_seconds", step, 1, window);
            v.check(
                    step < 1 || ceilDiv(window, step) <= MAX_POINTS,
                    "step_seconds must be at least " + ceilDiv(window, MAX_POINTS) + " for window_seconds " + window
                            + ": at most " + MAX_POINTS + " points");
            v.throwIfAny();
        }
        int points = (int) ceilDiv(window, step);
        long end = (Math.floorDiv(now.getEpochSecond(), step) + 1) * step;
        return new StatsWindow(Instant.ofEpochSecond(end - points * step), Duration.ofSeconds(step), points);
    }

    public Instant to() {
        return from.plus(step.multipliedBy(points));
    }

    /**
     * The window's points: each step's counts from the latest of {@code samples} taken in it, and its rates from
     * the {@code activity} recorded in it. Samples and activity outside the window are passed over.
     */
    public List<StatsPoint> timeline(List<TimedStats> samples, List<TimedActivity> activity) {
        TimedStats[] latest = new TimedStats[points];
        for (TimedStats sample : samples) {
            int i = indexOf(sample.at());
            if (i >= 0 && (latest[i] == null || latest[i].at().isBefore(sample.at()))) {
                latest[i] = sample;
            }
        }
        QueueActivity[] sums = new QueueActivity[points];
        Arrays.fill(sums, QueueActivity.NONE);
        for (TimedActivity recorded : activity) {
            int i = indexOf(recorded.at());
            if (i >= 0) {
                sums[i] = sums[i].plus(recorded.activity());
            }
        }
        List<StatsPoint> timeline = new ArrayList<>(points);
        for (int i = 0; i < points; i++) {
            timeline.add(new StatsPoint(
                    from.plus(step.multipliedBy(i)), latest[i] == null ? null : latest[i].stats(), sums[i].per(step)));
        }
        return timeline;
    }

    private int indexOf(Instant at) {
        if (at.isBefore(from) || !at.isBefore(to())) {
            return -1;
        }
        return (int) (Duration.between(from, at).toMillis() / step.toMillis());
    }

    private static long ceilDiv(long x, long y) {
        return -Math.floorDiv(-x, y);
    }
}
