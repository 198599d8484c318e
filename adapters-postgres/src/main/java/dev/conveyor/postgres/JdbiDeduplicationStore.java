package dev.conveyor.postgres;

import dev.conveyor.application.port.DeduplicationStore;
import dev.conveyor.domain.DeduplicationKey;
import dev.conveyor.domain.PublishedMessage;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.mapper.RowMapper;
import org.jdbi.v3.core.statement.SqlStatement;

/**
 * Deduplication records in the {@code deduplications} table, one row per key. A first publish inserts its row;
 * a duplicate's insert meets the row on the primary key, and is answered from it.
 */
public final class JdbiDeduplicationStore implements DeduplicationStore {
    private static final RowMapper<DeduplicationKey> KEY = (rs, ctx) -> new DeduplicationKey(
            DeduplicationKey.Target.ofCode(rs.getString("target_kind")),
            rs.getString("target_id"),
            rs.getString("group_id"),
            rs.getString("deduplication_id"));

    private static final RowMapper<Entry> ENTRY = (rs, ctx) -> new Entry(
            KEY.map(rs, ctx),
            new PublishedMessage(
                    rs.getObject("message_id", UUID.class),
                    List.of((String[]) rs.getArray("queue_ids").getArray()),
                    rs.getObject("sequence_number", Long.class)),
            Timestamps.read(rs, "expires_at"));

    /** The keys of a call, as parallel arrays: {@code unnest(CAST(:kinds AS text[]), ...) AS k(kind, target, grp, dedup)}. */
    private static final String KEYS = """
        CAST(:kinds AS text[]), CAST(:targets AS text[]), CAST(:groups AS text[]), CAST(:dedups AS text[])""";

    private final JdbiSession session;

    public JdbiDeduplicationStore(JdbiSession session) {
        this.session = session;
    }

    @Override
    public Map<DeduplicationKey, Entry> claim(Instant now, Collection<Entry> entries) {
        if (entries.isEmpty()) {
            return Map.of();
        }
        List<Entry> sorted = new ArrayList<>(entries);
        sorted.sort((a, b) -> a.key().compareTo(b.key()));
        Set<DeduplicationKey> distinct = new HashSet<>();
        sorted.forEach(e -> {
            if (!distinct.add(e.key())) {
                throw new IllegalArgumentException("a key claimed twice in one call: " + e.key());
            }
        });
        return session.withHandle(h -> {
            Set<DeduplicationKey> claimed = new HashSet<>(insertFirsts(h, now, sorted));
            List<DeduplicationKey> others = sorted.stream()
                    .map(Entry::key)
                    .filter(key -> !claimed.contains(key))
                    .toList();
            Map<DeduplicationKey, Entry> earlier = new HashMap<>();
            if (!others.isEmpty()) {
                // The rows the insert met are locked by it until the transaction ends (ON CONFLICT DO UPDATE locks
                // them even where its WHERE is false): no one can replace or delete them before this publish
                // commits. This new statement sees them, committed, whoever wrote them.
                bindKeys(h.createQuery("""
                        SELECT d.target_kind, d.target_id, d.group_id, d.deduplication_id, d.message_id, d.queue_ids,
                               d.sequence_number, d.expires_at
                        FROM unnest(%s) AS k(kind, target, grp, dedup)
                        JOIN deduplications d ON d.target_kind = k.kind AND d.target_id = k.target
                                             AND d.group_id = k.grp AND d.deduplication_id = k.dedup
                        WHERE d.expires_at > :now
                        """.formatted(KEYS)), others)
                        .bind("now", Timestamps.bind(now))
                        .map(ENTRY)
                        .forEach(entry -> earlier.put(entry.key(), entry));
            }
            return earlier;
        });
    }

    /** Inserts the rows of the keys not held (or held by an expired row, which it replaces); answers their keys. */
    private static List<DeduplicationKey> insertFirsts(Handle h, Instant now, List<Entry> sorted) {
        List<String> queueTargets = new ArrayList<>();
        List<String> topicTargets = new ArrayList<>();
        List<UUID> messageIds = new ArrayList<>();
        List<String> queueIds = new ArrayList<>();
        List<Long> sequenceNumbers = new ArrayList<>();
        List<String> expiresAt = new ArrayList<>();
        Set<String> seenQueues = new TreeSet<>();
        Set<String> seenTopics = new TreeSet<>();
        for (Entry e : sorted) {
            (e.key().target() == DeduplicationKey.Target.QUEUE ? seenQueues : seenTopics)
                    .add(e.key().targetId());
            messageIds.add(e.first().id());
            // Queue ids cannot hold a comma (see Names), so a joined list travels as one text per row.
            queueIds.add(String.join(",", e.first().queueIds()));
            sequenceNumbers.add(e.first().sequenceNumber());
            expiresAt.add(e.expiresAt().toString());
        }
        queueTargets.addAll(seenQueues);
        topicTargets.addAll(seenTopics);
        // One statement for the whole call. The queues and topics published to are locked FOR KEY SHARE, the lock
        // their foreign keys take: publishes never wait for each other on it, but a delete of the queue or topic
        // (FOR UPDATE) does. A delete that came first leaves no target here, so nothing is recorded for it; one
        // that comes later waits for this transaction, and then deletes what it recorded.
        // The rows are inserted in key order, so two transactions with common keys lock them in the same order and
        // cannot deadlock; a key already held makes this one wait until its holder commits or rolls back.
        return bindKeys(
                        h.createQuery("""
                WITH live_queues AS (
                    SELECT id FROM queues WHERE id = ANY(CAST(:queueTargets AS text[])) FOR KEY SHARE
                ), live_topics AS (
                    SELECT id FROM topics WHERE id = ANY(CAST(:topicTargets AS text[])) FOR KEY SHARE
                )
                INSERT INTO deduplications AS d (target_kind, target_id, group_id, deduplication_id, message_id,
                                                 queue_ids, sequence_number, expires_at)
                SELECT k.kind, k.target, k.grp, k.dedup, k.message, string_to_array(k.queues, ','), k.seq,
                       CAST(k.expires AS timestamptz)
                FROM unnest(%s, CAST(:messageIds AS uuid[]), CAST(:queueIds AS text[]),
                            CAST(:sequenceNumbers AS bigint[]), CAST(:expiresAt AS text[]))
                     AS k(kind, target, grp, dedup, message, queues, seq, expires)
                WHERE (k.kind = 'queue' AND k.target IN (SELECT id FROM live_queues))
                   OR (k.kind = 'topic' AND k.target IN (SELECT id FROM live_topics))
                ORDER BY k.kind, k.target, k.grp, k.dedup
                -- Only an expired row is replaced; a valid one stays, and is answered to the duplicate.
                ON CONFLICT (target_kind, target_id, group_id, deduplication_id) DO UPDATE
                SET message_id = EXCLUDED.message_id, queue_ids = EXCLUDED.queue_ids,
                    sequence_number = EXCLUDED.sequence_number, expires_at = EXCLUDED.expires_at
                WHERE d.expires_at <= :now
                RETURNING d.target_kind, d.target_id, d.group_id, d.deduplication_id
                """.formatted(KEYS)),
                        sorted.stream().map(Entry::key).toList())
                .bindArray("queueTargets", String.class, queueTargets)
                .bindArray("topicTargets", String.class, topicTargets)
                .bindArray("messageIds", UUID.class, messageIds)
                .bindArray("queueIds", String.class, queueIds)
                .bindArray("sequenceNumbers", Long.class, sequenceNumbers)
                .bindArray("expiresAt", String.class, expiresAt)
                .bind("now", Timestamps.bind(now))
                .map(KEY)
                .list();
    }

    private static <S extends SqlStatement<S>> S bindKeys(S statement, List<DeduplicationKey> keys) {
        List<String> kinds = new ArrayList<>(keys.size());
        List<String> targets = new ArrayList<>(keys.size());
        List<String> groups = new ArrayList<>(keys.size());
        List<String> dedups = new ArrayList<>(keys.size());
        for (DeduplicationKey key : keys) {
            kinds.add(key.target().code());
            targets.add(key.targetId());
            groups.add(key.groupId());
            dedups.add(key.deduplicationId());
        }
        return statement
                .bindArray("kinds", String.class, kinds)
                .bindArray("targets", String.class, targets)
                .bindArray("groups", String.class, groups)
                .bindArray("dedups", String.class, dedups);
    }

    @Override
    public int deleteExpired(Instant now, int batch) {
        // deduplications_expires_at finds the oldest; rows locked by a publish replacing them (or by another
        // cleanup) are skipped, not waited for.
        return session.withHandle(h -> h.createUpdate("""
                DELETE FROM deduplications d USING (
                    SELECT target_kind, target_id, group_id, deduplication_id FROM deduplications
                    WHERE expires_at <= :now
                    ORDER BY expires_at
                    LIMIT :batch
                    FOR UPDATE SKIP LOCKED
                ) doomed
                WHERE d.target_kind = doomed.target_kind AND d.target_id = doomed.target_id
                  AND d.group_id = doomed.group_id AND d.deduplication_id = doomed.deduplication_id
                """)
                .bind("now", Timestamps.bind(now))
                .bind("batch", batch)
                .execute());
    }
}
