package dev.conveyor.postgres;

import dev.conveyor.application.port.StatsSamples;
import dev.conveyor.domain.QueueStats;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** The shared stats sample in two small tables; an advisory lock picks the one instance that takes the next. */
public final class JdbiStatsSamples implements StatsSamples {
    private final JdbiSession session;

    public JdbiStatsSamples(JdbiSession session) {
        this.session = session;
    }

    @Override
    public boolean claim(Instant now, Duration maxAge) {
        // A transaction-level lock that is tried, never waited for: the instance that gets it counts, the others
        // go on with the latest sample; it is released when that instance's transaction ends, sample stored.
        return session.withHandle(h -> h.createQuery("""
            SELECT pg_try_advisory_xact_lock(:lock)
               AND NOT EXISTS (SELECT 1 FROM stats_samples WHERE sampled_at > :notBefore)
            """)
                .bind("lock", AdvisoryLocks.STATS_SAMPLING)
                .bind("notBefore", Timestamps.bind(now.minus(maxAge)))
                .mapTo(Boolean.class)
                .one());
    }

    @Override
    public void replace(Instant sampledAt, List<QueueStats> stats) {
        List<String> ids = new ArrayList<>(stats.size());
        List<Long> available = new ArrayList<>(stats.size());
        List<Long> inFlight = new ArrayList<>(stats.size());
        List<Long> delayed = new ArrayList<>(stats.size());
        List<Long> oldest = new ArrayList<>(stats.size());
        for (QueueStats s : stats) {
            ids.add(s.queueId());
            available.add(s.available());
            inFlight.add(s.inFlight());
            delayed.add(s.delayed());
            oldest.add(s.oldestAvailableAgeSeconds());
        }
        session.inTransaction(() -> session.withHandle(h -> {
            h.createUpdate("""
              INSERT INTO stats_samples (singleton, sampled_at) VALUES (true, :sampledAt)
              ON CONFLICT (singleton) DO UPDATE SET sampled_at = excluded.sampled_at
              """).bind("sampledAt", Timestamps.bind(sampledAt)).execute();
            h.createUpdate("DELETE FROM queue_stats_samples").execute();
            return h.createUpdate("""
              INSERT INTO queue_stats_samples (queue_id, available, in_flight, delayed, oldest_available_age_seconds)
              SELECT * FROM unnest(CAST(:ids AS text[]), CAST(:available AS bigint[]), CAST(:inFlight AS bigint[]),
                                   CAST(:delayed AS bigint[]), CAST(:oldest AS bigint[]))
              """)
                    .bindArray("ids", String.class, ids)
                    .bindArray("available", Long.class, available)
                    .bindArray("inFlight", Long.class, inFlight)
                    .bindArray("delayed", Long.class, delayed)
                    .bindArray("oldest", Long.class, oldest)
                    .execute();
        }));
    }

    @Override
    public Sample latest() {
        return session.inTransaction(() -> session.withHandle(h -> {
            Instant sampledAt = h.createQuery("SELECT sampled_at FROM stats_samples")
                    .map((rs, ctx) -> Timestamps.read(rs, "sampled_at"))
                    .findOne()
                    .orElse(null);
            if (sampledAt == null) {
                return Sample.NONE;
            }
            List<QueueStats> stats = h.createQuery("""
              SELECT queue_id, available, in_flight, delayed, oldest_available_age_seconds
              FROM queue_stats_samples
              ORDER BY queue_id
              """)
                    .map((rs, ctx) -> new QueueStats(
                            rs.getString("queue_id"),
                            rs.getLong("available"),
                            rs.getLong("in_flight"),
                            rs.getLong("delayed"),
                            rs.getObject("oldest_available_age_seconds", Long.class)))
                    .list();
            return new Sample(sampledAt, stats);
        }));
    }
}
