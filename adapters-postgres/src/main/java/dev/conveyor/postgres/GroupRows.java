package dev.conveyor.postgres;

import java.time.Instant;
import java.util.List;

/**
 * SQL that keeps {@code message_groups} true to the grouped messages of FIFO and fair queues (see migrations 012
 * and 013): a group's available_at may be earlier than the moment it can next be delivered, never later. Each
 * statement that makes a group deliverable sooner, by taking messages out of it or ending a lease, appends
 * {@link #lowered} to its WITH clause; each that stores grouped messages appends {@link #joined}. Group rows are
 * locked in (queue_id, group_id) order by every statement that waits for them, so two cannot deadlock; a
 * receive, which holds group rows while it leases, never waits for a message row (see {@link FifoLeases} and
 * {@link FairLeases}).
 */
final class GroupRows {
    private GroupRows() {}

    /**
     * A WITH item lowering the available_at of the groups of queue {@code :queueId} that the rows of CTE {@code
     * source} (with columns group_id and {@code time}) were in, to at most their earliest {@code time}. A row
     * without a group (every standard queue's) touches nothing.
     */
    static String lowered(String name, String source, String time) {
        return """
          , %1$s_locked AS (
              SELECT g.group_id FROM message_groups g
              WHERE g.queue_id = :queueId AND g.group_id IN (SELECT group_id FROM %2$s WHERE group_id IS NOT NULL)
              ORDER BY g.group_id
              FOR NO KEY UPDATE
          ), %1$s AS (
              UPDATE message_groups g SET available_at = least(g.available_at, s.at)
              FROM (SELECT group_id, min(%3$s) AS at FROM %2$s WHERE group_id IS NOT NULL GROUP BY group_id) s
              WHERE g.queue_id = :queueId AND g.group_id = s.group_id
                AND g.group_id IN (SELECT group_id FROM %1$s_locked)
          )
          """.formatted(name, source, time);
    }

    /**
     * A WITH item making sure that each group the rows of CTE {@code source} (columns queue_id, group_id,
     * visible_at) joined has its row, available from the earliest of them at the latest. Lowering (rather than leaving) an existing row's available_at costs
     * a receive one look at a group that may be busy, and spares the new messages any wait: a receive that just
     * found the group empty may be about to delete its row, or push it back, having not seen them.
     */
    static String joined(String name, String source) {
        return """
          , %1$s AS (
              INSERT INTO message_groups (queue_id, group_id, available_at)
              SELECT queue_id, group_id, min(visible_at) FROM %2$s
              WHERE group_id IS NOT NULL
              GROUP BY queue_id, group_id
              ORDER BY queue_id, group_id
              ON CONFLICT (queue_id, group_id)
                  DO UPDATE SET available_at = least(message_groups.available_at, excluded.available_at)
          )
          """.formatted(name, source);
    }

    /**
     * Locks up to {@code limit} groups of the queue that are due (available_at passed), not in {@code seen}, the
     * longest due first. SKIP LOCKED: a group another receive holds is passed over, so no two lease in one group.
     */
    static List<String> lockDue(JdbiSession session, String queueId, Instant now, int limit, List<String> seen) {
        return session.withHandle(h -> h.createQuery("""
                SELECT group_id FROM message_groups
                WHERE queue_id = :queueId AND available_at <= :now AND group_id <> ALL(CAST(:seen AS text[]))
                ORDER BY available_at, turn
                LIMIT :limit
                FOR UPDATE SKIP LOCKED
                """)
                .bind("queueId", queueId)
                .bind("now", Timestamps.bind(now))
                .bind("limit", limit)
                .bindArray("seen", String.class, seen)
                .mapTo(String.class)
                .list());
    }
}
