package dev.conveyor.postgres;

import dev.conveyor.application.port.StatsSamples;
import dev.conveyor.domain.QueueStats;
import dev.conveyor.domain.TimedStats;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The shared stats samples in two tables: when each was taken, and each queue's counts in it. An advisory lock
 * picks the one instance that takes the next; every read goes through an index, by time or by queue and time, so
 * it costs the same however many messages are stored and however much history is kept.
 */
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
    public void add(Instant sampledAt, List<QueueStats> stats) {
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
            h.createUpdate("INSERT INTO stats_samples (sampled_at) VALUES (:sampledAt) ON CONFLICT DO NOTHING")
                    .bind("sampledAt", Timestamps.bind(sampledAt))
                    .execute();
            return h.createUpdate("""
              INSERT INTO queue_stats_samples
                  (queue_id, sampled_at, available, in_flight, delayed, oldest_available_age_seconds)
              SELECT q, :sampledAt, a, f, d, o
              FROM unnest(CAST(:ids AS text[]), CAST(:available AS bigint[]), CAST(:inFlight AS bigint[]),
                          CAST(:delayed AS bigint[]), CAST(:oldest AS bigint[])) AS t(q, a, f, d, o)
              ON CONFLICT DO NOTHING
              """)
                    .bind("sampledAt", Timestamps.bind(sampledAt))
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
            Instant sampledAt = h.createQuery("SELECT max(sampled_at) AS sampled_at FROM stats_samples")
                    .map((rs, ctx) -> Timestamps.read(rs, "sampled_at"))
                    .one();
            if (sampledAt == null) {
                return Sample.NONE;
            }
            List<QueueStats> stats = h.createQuery("""
              SELECT queue_id, available, in_flight, delayed, oldest_available_age_seconds
              FROM queue_stats_samples
              WHERE sampled_at = :sampledAt
              ORDER BY queue_id
              """)
                    .bind("sampledAt", Timestamps.bind(sampledAt))
                    .map((rs, ctx) -> stats(rs))
                    .list();
            return new Sample(sampledAt, stats);
        }));
    }

    @Override
    public Map<String, List<TimedStats>> between(Collection<String> queueIds, Instant from, Instant to) {
        List<TimedStats> rows = session.withHandle(h -> h.createQuery("""
            SELECT queue_id, sampled_at, available, in_flight, delayed, oldest_available_age_seconds
            FROM queue_stats_samples
            WHERE queue_id = ANY(CAST(:ids AS text[])) AND sampled_at >= :from AND sampled_at < :to
            ORDER BY queue_id, sampled_at
            """)
                .bindArray("ids", String.class, List.copyOf(queueIds))
                .bind("from", Timestamps.bind(from))
                .bind("to", Timestamps.bind(to))
                .map((rs, ctx) -> new TimedStats(Timestamps.read(rs, "sampled_at"), stats(rs)))
                .list());
        Map<String, List<TimedStats>> found = new LinkedHashMap<>();
        rows.forEach(sample -> found.computeIfAbsent(sample.stats().queueId(), q -> new ArrayList<>())
                .add(sample));
        return found;
    }

    @Override
    public void forgetBefore(Instant cutoff) {
        session.inTransaction(() -> session.withHandle(h -> {
            h.createUpdate("DELETE FROM queue_stats_samples WHERE sampled_at < :cutoff")
                    .bind("cutoff", Timestamps.bind(cutoff))
                    .execute();
            return h.createUpdate("DELETE FROM stats_samples WHERE sampled_at < :cutoff")
                    .bind("cutoff", Timestamps.bind(cutoff))
                    .execute();
        }));
    }

    private static QueueStats stats(ResultSet rs) throws SQLException {
        return new QueueStats(
                rs.getString("queue_id"),
                rs.getLong("available"),
                rs.getLong("in_flight"),
                rs.getLong("delayed"),
                rs.getObject("oldest_available_age_seconds", Long.class));
    }
}
