package dev.conveyor.application.fakes;

import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicReference;

/** A clock that stands still until a test sets or advances it; safe to share between threads. */
public final class MutableClock implements InstantSource {
    /** A fixed, unremarkable starting instant, with sub-millisecond digits so that truncation shows. */
    public static final Instant DEFAULT_START = Instant.parse("2025-03-01T12:00:00.123456789Z");

    private final AtomicReference<Instant> now;

    public MutableClock() {
        this(DEFAULT_START);
    }

    public MutableClock(Instant start) {
        now = new AtomicReference<>(Objects.requireNonNull(start, "start"));
    }

    @Override
    public Instant instant() {
        return now.get();
    }

    public void set(Instant instant) {
        now.set(Objects.requireNonNull(instant, "instant"));
    }

    /** Moves the clock by {@code duration} (backwards when negative) and answers the new instant. */
    public Instant advance(Duration duration) {
        Objects.requireNonNull(duration, "duration");
        return now.updateAndGet(instant -> instant.plus(duration));
    }

    @Override
    public String toString() {
        return "MutableClock[" + now.get() + "]";
    }
}
