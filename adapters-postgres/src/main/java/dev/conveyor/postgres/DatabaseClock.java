package dev.conveyor.postgres;

import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.time.OffsetDateTime;
import org.jdbi.v3.core.Jdbi;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The database server's clock, read through the local one plus a measured offset: instances whose own
 * clocks are skewed still agree on when a lease ends or a delay is over, without a query per reading.
 */
public final class DatabaseClock implements InstantSource {
    private static final Logger LOG = LoggerFactory.getLogger(DatabaseClock.class);
    private static final int SAMPLES = 3;

    private final Jdbi jdbi;
    private final InstantSource local;
    private volatile Duration offset = Duration.ZERO;

    public DatabaseClock(Jdbi jdbi, InstantSource local) {
        this.jdbi = jdbi;
        this.local = local;
    }

    @Override
    public Instant instant() {
        return local.instant().plus(offset);
    }

    public Duration offset() {
        return offset;
    }

    /**
     * Measures the offset again, keeping the sample with the shortest round trip (its midpoint is the best
     * estimate of when the server read its clock). Keeps the previous offset when the database cannot be reached.
     */
    public void synchronize() {
        try {
            Duration best = null;
            Duration bestRoundTrip = null;
            for (int i = 0; i < SAMPLES; i++) {
                Instant before = local.instant();
                OffsetDateTime server = jdbi.withHandle(h -> h.createQuery("SELECT clock_timestamp()")
                        .mapTo(OffsetDateTime.class)
                        .one());
                Instant after = local.instant();
                Duration roundTrip = Duration.between(before, after);
                Instant midpoint = before.plus(roundTrip.dividedBy(2));
                if (bestRoundTrip == null || roundTrip.compareTo(bestRoundTrip) < 0) {
                    bestRoundTrip = roundTrip;
                    best = Duration.between(midpoint, server.toInstant());
                }
            }
            if (best.abs().compareTo(Duration.ofSeconds(1)) > 0) {
                LOG.warn("This host's clock is {} off the database server's; Conveyor follows the database", best);
            }
            offset = best;
        } catch (RuntimeException e) {
            LOG.warn("Could not read the database clock; keeping the offset of {}: {}", offset, e.toString());
        }
    }
}
