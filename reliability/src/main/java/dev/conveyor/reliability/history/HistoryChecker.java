package dev.conveyor.reliability.history;

import java.time.Duration;
import java.util.Objects;

/**
 * Judges a recorded history against Conveyor's delivery promises: at-least-once delivery of every message answered
 * 201 until it is acked (or removed on purpose, or dead-lettered), never to two consumers while a lease runs, never
 * again after an ack; in FIFO queues, one receive at a time holding a group's messages, in sequence order. See {@link
 * Violation} for each rule and {@link Report} for the figures.
 *
 * <p>A pure function of the history: it keeps no state between calls and reads no clock, so one checker serves any
 * number of histories, on any thread.
 */
public final class HistoryChecker {
    /** Leeway for timestamps rounded by the server (PostgreSQL keeps microseconds) and by JSON (milliseconds). */
    public static final Duration DEFAULT_TOLERANCE = Duration.ofMillis(5);

    private final Duration tolerance;

    public HistoryChecker() {
        this(DEFAULT_TOLERANCE);
    }

    /**
     * A checker that lets a redelivery be granted up to {@code tolerance} before the previous lease ends without
     * calling it a violation, since rounding of the lease times would otherwise raise false alarms.
     */
    public HistoryChecker(Duration tolerance) {
        Objects.requireNonNull(tolerance, "tolerance");
        if (tolerance.isNegative()) {
            throw new IllegalArgumentException("tolerance cannot be negative: " + tolerance);
        }
        this.tolerance = tolerance;
    }

    public Report check(History history) {
        Findings findings = new Findings();
        findings.deliveries = history.deliveries().size();
        PublishAccounting.account(history, findings);
        CopyTimeline.judgeAll(history, tolerance, findings);
        GroupTimeline.judgeAll(history, tolerance, findings);
        return findings.report();
    }
}
