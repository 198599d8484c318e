package dev.conveyor.postgres;

import dev.conveyor.application.port.ActivityLog;
import dev.conveyor.domain.QueueActivity;
import dev.conveyor.domain.TimedActivity;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The activity log as one row per queue and bucket. Each instance adds its counts to the row with an upsert, so
 * instances recording into the same bucket add up instead of overwriting each other.
 */
public final class JdbiActivityLog implements ActivityLog {
    private final JdbiSession session;

    public JdbiActivityLog(JdbiSession session) {
        this.session = session;
    }

    @Override
    public void record(Instant bucket, Map<String, QueueActivity> activity) {
        // In queue order, so that two instances adding to the same rows lock them in the same order.
        List<String> ids = activity.keySet().stream().sorted().toList();
        List<Long> published = new ArrayList<>();
        List<Long> received = new ArrayList<>();
        List<Long> acked = new ArrayList<>();
        List<Long> nacked = new ArrayList<>();
        List<Long> deadLettered = new ArrayList<>();
        List<Long> expired = new ArrayList<>();
        for (String id : ids) {
            QueueActivity counted = activity.get(id);
            published.add(counted.published());
            received.add(counted.received());
            acked.add(counted.acked());
            nacked.add(counted.nacked());
            deadLettered.add(counted.deadLettered());
            expired.add(counted.expired());
        }
        session.withHandle(h -> h.createUpdate("""
            INSERT INTO queue_activity AS a
                (queue_id, bucket, published, received, acked, nacked, dead_lettered, expired)
            SELECT q, :bucket, p, r, ac, n, d, e
            FROM unnest(CAST(:ids AS text[]), CAST(:published AS bigint[]), CAST(:received AS bigint[]),
                        CAST(:acked AS bigint[]), CAST(:nacked AS bigint[]), CAST(:deadLettered AS bigint[]),
                        CAST(:expired AS bigint[])) AS t(q, p, r, ac, n, d, e)
            ON CONFLICT (queue_id, bucket) DO UPDATE SET
                published = a.published + excluded.published,
                received = a.received + excluded.received,
                acked = a.acked + excluded.acked,
                nacked = a.nacked + excluded.nacked,
                dead_lettered = a.dead_lettered + excluded.dead_lettered,
                expired = a.expired + excluded.expired
            """)
                .bind("bucket", Timestamps.bind(bucket))
                .bindArray("ids", String.class, ids)
                .bindArray("published", Long.class, published)
                .bindArray("received", Long.class, received)
                .bindArray("acked", Long.class, acked)
                .bindArray("nacked", Long.class, nacked)
                .bindArray("deadLettered", Long.class, deadLettered)
                .bindArray("expired", Long.class, expired)
                .execute());
    }

    @Override
    public Map<String, List<TimedActivity>> between(Collection<String> queueIds, Instant from, Instant to) {
        List<Map.Entry<String, TimedActivity>> rows = session.withHandle(h -> h.createQuery("""
            SELECT queue_id, bucket, published, received, acked, nacked, dead_lettered, expired
            FROM queue_activity
            WHERE queue_id = ANY(CAST(:ids AS text[])) AND bucket >= :from AND bucket < :to
            ORDER BY queue_id, bucket
            """)
                .bindArray("ids", String.class, List.copyOf(queueIds))
                .bind("from", Timestamps.bind(from))
                .bind("to", Timestamps.bind(to))
                .map((rs, ctx) -> Map.entry(
                        rs.getString("queue_id"),
                        new TimedActivity(
                                Timestamps.read(rs, "bucket"),
                                new QueueActivity(
                                        rs.getLong("published"),
                                        rs.getLong("received"),
                                        rs.getLong("acked"),
                                        rs.getLong("nacked"),
                                        rs.getLong("dead_lettered"),
                                        rs.getLong("expired")))))
                .list());
        Map<String, List<TimedActivity>> found = new LinkedHashMap<>();
        rows.forEach(row ->
                found.computeIfAbsent(row.getKey(), q -> new ArrayList<>()).add(row.getValue()));
        return found;
    }

    @Override
    public void forgetBefore(Instant cutoff) {
        session.withHandle(h -> h.createUpdate("DELETE FROM queue_activity WHERE bucket < :cutoff")
                .bind("cutoff", Timestamps.bind(cutoff))
                .execute());
    }
}
