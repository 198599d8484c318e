package dev.conveyor.postgres;

import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.jdbi.v3.core.Jdbi;

/** Rows of the messages table written and read with plain SQL, for tests that need thousands of them fast. */
final class MessageRows {
    private MessageRows() {}

    /**
     * Stores {@code n} messages in the queue, each delivered {@code attempts} times under a lease (of its own
     * random lease id) that ends at {@code leaseEnd}, or never leased when {@code leaseEnd} is null (visible
     * at {@code createdAt} then).
     */
    static void insert(Jdbi jdbi, String queueId, int n, int attempts, Instant createdAt, Instant leaseEnd) {
        jdbi.useHandle(h -> h.createUpdate("""
            INSERT INTO messages (queue_id, id, body, attributes, label, delivery_attempts, created_at, visible_at,
                                  lease_id, lease_expires_at)
            SELECT :queueId, gen_random_uuid(), '{"n":' || g || '}', jsonb_build_object('n', g::text), NULL,
                   :attempts, :createdAt, coalesce(CAST(:leaseEnd AS timestamptz), :createdAt),
                   CASE WHEN CAST(:leaseEnd AS timestamptz) IS NULL THEN NULL ELSE gen_random_uuid() END,
                   CAST(:leaseEnd AS timestamptz)
            FROM generate_series(1, :n) AS g
            """)
                .bind("queueId", queueId)
                .bind("n", n)
                .bind("attempts", attempts)
                .bind("createdAt", Timestamps.bind(createdAt))
                .bind("leaseEnd", Timestamps.bind(leaseEnd))
                .execute());
    }

    /** Stores one message per id, each under the lease of the matching lease id, ending at {@code leaseEnd}. */
    static void insertLeased(
            Jdbi jdbi,
            String queueId,
            List<UUID> ids,
            List<UUID> leaseIds,
            int attempts,
            Instant createdAt,
            Instant leaseEnd) {
        jdbi.useHandle(h -> h.createUpdate("""
            INSERT INTO messages (queue_id, id, body, attributes, label, delivery_attempts, created_at, visible_at,
                                  lease_id, lease_expires_at)
            SELECT :queueId, r.id, '{}', '{}', NULL, :attempts, :createdAt, :leaseEnd, r.lease_id, :leaseEnd
            FROM unnest(CAST(:ids AS uuid[]), CAST(:leases AS uuid[])) AS r(id, lease_id)
            """)
                .bind("queueId", queueId)
                .bindArray("ids", UUID.class, ids)
                .bindArray("leases", UUID.class, leaseIds)
                .bind("attempts", attempts)
                .bind("createdAt", Timestamps.bind(createdAt))
                .bind("leaseEnd", Timestamps.bind(leaseEnd))
                .execute());
    }

    /** How many of the queue's messages carry a dead-letter origin (a source queue, reason and time). */
    static long deadLetters(Jdbi jdbi, String queueId) {
        return jdbi.withHandle(h -> h.createQuery(
                        "SELECT count(*) FROM messages WHERE queue_id = :q AND dead_letter_source_queue_id IS NOT NULL")
                .bind("q", queueId)
                .mapTo(Long.class)
                .one());
    }

    static long count(Jdbi jdbi, String queueId) {
        return jdbi.withHandle(h -> h.createQuery("SELECT count(*) FROM messages WHERE queue_id = :q")
                .bind("q", queueId)
                .mapTo(Long.class)
                .one());
    }

    static Set<UUID> ids(Jdbi jdbi, String queueId) {
        return new HashSet<>(jdbi.withHandle(h -> h.createQuery("SELECT id FROM messages WHERE queue_id = :q")
                .bind("q", queueId)
                .mapTo(UUID.class)
                .list()));
    }

    /** How many of the queue's messages are not in the state a move leaves them in: no attempts, no lease, visible at. */
    static long notFreshlyMoved(Jdbi jdbi, String queueId, Instant visibleAt) {
        return jdbi.withHandle(h -> h.createQuery("""
            SELECT count(*) FROM messages
            WHERE queue_id = :q
              AND (delivery_attempts <> 0 OR lease_id IS NOT NULL OR lease_expires_at IS NOT NULL
                   OR visible_at <> :visibleAt)
            """)
                .bind("q", queueId)
                .bind("visibleAt", Timestamps.bind(visibleAt))
                .mapTo(Long.class)
                .one());
    }
}
