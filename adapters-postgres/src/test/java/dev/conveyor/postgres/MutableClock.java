package dev.conveyor.postgres;

import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.time.temporal.ChronoUnit;

/** A clock the test moves by hand, always at PostgreSQL's microsecond precision. */
final class MutableClock implements InstantSource {
    private volatile Instant now;

    MutableClock(Instant start) {
        this.now = start.truncatedTo(ChronoUnit.MICROS);
    }

    @Override
    public Instant instant() {
        return now;
    }

    void set(Instant instant) {
        now = instant.truncatedTo(ChronoUnit.MICROS);
    }

    void advance(Duration duration) {
        set(now.plus(duration));
    }
}
