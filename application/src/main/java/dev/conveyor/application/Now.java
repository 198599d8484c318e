package dev.conveyor.application;

import java.time.Instant;
import java.time.InstantSource;
import java.time.temporal.ChronoUnit;

/** The current instant at the precision PostgreSQL stores, so what is stored and what is returned agree. */
final class Now {
    private Now() {}

    static Instant of(InstantSource clock) {
        return clock.instant().truncatedTo(ChronoUnit.MICROS);
    }
}
