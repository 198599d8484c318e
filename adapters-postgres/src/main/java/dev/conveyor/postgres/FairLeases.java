package dev.conveyor.postgres;

import dev.conveyor.domain.Delivery;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Leases the grouped messages of a standard queue (a fair queue, see migration 013) group by group, in turns, so
 * that one group's backlog cannot hold back the others' messages.
 *
 * <p>In one transaction, in up to {@value #ROUNDS} rounds: lock the groups that are due, longest due first
 * ({@link GroupRows#lockDue}); read, in a statement of its own (so it sees every change committed before the locks
 * were taken), each group's first visible messages; give each group an equal share of the receive, then what the
 * others left to those that have more; lease them, and send each group that was served to the back of the line
 * (a fresh turn; available now if it has more visible messages, else when its next message becomes visible or
 * its lease ends), or delete the row of a group found empty. Unlike a FIFO group, a fair group's messages may be
 * leased by several receives at once, in any order: only the turn is per group. As in {@link FifoLeases}, a
 * receive holding group rows never waits for a message row.
 */
final class FairLeases {
    private static final int ROUNDS = 3;
    /** Read beyond a group's share: what it may add when others leave room, or step over when gone. */
    private static final int SLACK = 10;
    /** When a group holding only messages past retention or exhausted is looked at again. */
    private static final Duration RECHECK = Duration.ofSeconds(1);

    private final JdbiSession session;

    FairLeases(JdbiSession session) {
        this.session = session;
    }

    List<Delivery> lease(
            String queueId, int max, Instant now, Instant leaseEnd, Instant createdAfter, Integer maxDeliveries) {
        return session.inTransactionFailingOnLostCommit(() -> {
            List<Delivery> leased = new ArrayList<>();
            List<String> seen = new ArrayList<>();
            for (int round = 0; round < ROUNDS && leased.size() < max; round++) {
                int want = max - leased.size();
                List<String> groups = GroupRows.lockDue(session, queueId, now, want, seen);
                if (groups.isEmpty()) {
                    break;
                }
                seen.addAll(groups);
                int share = (want + groups.size() - 1) / groups.size();
                Map<String, Group> read = read(queueId, groups, share + SLACK, now, createdAfter, maxDeliveries);
                int room = want;
                for (Group group : read.values()) {
                    room -= group.take(Math.min(share, room));
                }
                for (Group group : read.values()) {
                    room -= group.take(room); // what the others left
                }
                GroupPlan plan = new GroupPlan();
                read.values().forEach(group -> group.settle(plan, now, leaseEnd, share + SLACK));
                leased.addAll(leaseAndSettle(queueId, plan, now, leaseEnd));
                if (groups.size() < want) {
                    break; // every due group was locked in this round
                }
            }
            return leased;
        });
    }

    /** A locked group: its first messages, visible first, and what this receive takes of them. */
    private static final class Group {
        final String id;
        final List<UUID> usable = new ArrayList<>();
        int read;
        boolean goneVisible;
        boolean lastVisible;
        Instant nextVisible;
        int taken;

        Group(String id) {
            this.id = id;
        }

        void add(UUID message, Instant visibleAt, boolean gone, Instant now) {
            read++;
            lastVisible = !visibleAt.isAfter(now);
            if (!lastVisible) {
                if (nextVisible == null) {
                    nextVisible = visibleAt; // rows come by visible_at: the first one ahead is the earliest
                }
            } else if (gone) {
                goneVisible = true; // past retention, or waiting to be dead-lettered: never delivered again
            } else {
                usable.add(message);
            }
        }

        int take(int room) {
            int more = Math.max(0, Math.min(room, usable.size() - taken));
            taken += more;
            return more;
        }

        void settle(GroupPlan plan, Instant now, Instant leaseEnd, int scanned) {
            if (read == 0) {
                plan.empty(id);
                return;
            }
            if (taken == 0 && !usable.isEmpty()) {
                return; // the receive had no room left for it: it keeps its place in the line
            }
            usable.subList(0, taken).forEach(message -> plan.take(id, message));
            // Rows beyond those read come later by visible_at: visible ones may follow only a visible last one.
            if (taken < usable.size() || (read == scanned && lastVisible)) {
                // More may be visible: a served group goes to the back of the line, still due.
                plan.settle(id, taken > 0 ? now : now.plus(RECHECK), taken);
                return;
            }
            Instant at = goneVisible ? now.plus(RECHECK) : nextVisible;
            if (taken > 0 && (at == null || leaseEnd.isBefore(at))) {
                at = leaseEnd;
            }
            plan.settle(id, at == null ? now : at, taken);
        }
    }

    private Map<String, Group> read(
            String queueId, List<String> groups, int scan, Instant now, Instant createdAfter, Integer maxDeliveries) {
        Map<String, Group> read = new LinkedHashMap<>();
        groups.forEach(g -> read.put(g, new Group(g)));
        session.withHandle(h -> h.createQuery("""
                SELECT g.group_id, m.id, m.visible_at, m.created_at, m.delivery_attempts
                FROM unnest(CAST(:groups AS text[])) WITH ORDINALITY AS g(group_id, position)
                -- Its first messages by visible_at, through messages_queue_group_visible.
                CROSS JOIN LATERAL (
                    SELECT id, visible_at, created_at, delivery_attempts FROM messages
                    WHERE queue_id = :queueId AND group_id = g.group_id AND sequence_number IS NULL
                    ORDER BY visible_at
                    LIMIT :scan
                ) m
                ORDER BY g.position, m.visible_at
                """)
                .bind("queueId", queueId)
                .bindArray("groups", String.class, groups)
                .bind("scan", scan)
                .map((rs, ctx) -> {
                    int attempts = rs.getInt("delivery_attempts");
                    Instant createdAt = Timestamps.read(rs, "created_at");
                    boolean gone =
                            !createdAt.isAfter(createdAfter) || (maxDeliveries != null && attempts >= maxDeliveries);
                    read.get(rs.getString("group_id"))
                            .add(rs.getObject("id", UUID.class), Timestamps.read(rs, "visible_at"), gone, now);
                    return 1;
                })
                .list());
        return read;
    }

    private List<Delivery> leaseAndSettle(String queueId, GroupPlan plan, Instant now, Instant leaseEnd) {
        return plan.lease(
                session,
                """
                WITH chosen AS (
                    SELECT * FROM unnest(CAST(:ids AS uuid[]), CAST(:idGroups AS text[])) AS c(id, group_id)
                ), locked AS (
                    -- Still visible (an ack may have deleted one since it was read); SKIP LOCKED: never wait.
                    SELECT m.queue_id, m.id FROM messages m
                    WHERE m.queue_id = :queueId AND m.id IN (SELECT id FROM chosen) AND m.visible_at <= :now
                    FOR UPDATE SKIP LOCKED
                ), leased AS (
                    UPDATE messages m
                    SET\s""" + JdbiMessageStore.LEASE_SET + """
                    FROM locked l
                    WHERE m.queue_id = l.queue_id AND m.id = l.id
                    RETURNING\s""" + JdbiMessageStore.LEASED_COLUMNS + """
                ), plan AS (
                    SELECT p.group_id, CAST(p.at AS timestamptz) AS at, p.planned, p.empty,
                           (SELECT count(*) FROM leased l WHERE l.group_id = p.group_id) AS leased
                    FROM unnest(CAST(:groups AS text[]), CAST(:availableAt AS text[]), CAST(:planned AS int[]),
                                CAST(:empty AS boolean[]))
                        AS p(group_id, at, planned, empty)
                ), settled AS (
                    -- A group that could not lease all it meant to (a message row busy elsewhere) stays due.
                    UPDATE message_groups g
                    SET available_at = CASE WHEN p.leased < p.planned THEN CAST(:now AS timestamptz) ELSE p.at END,
                        turn = CASE WHEN p.leased > 0 THEN nextval('message_group_turns') ELSE g.turn END
                    FROM plan p
                    WHERE g.queue_id = :queueId AND g.group_id = p.group_id AND NOT p.empty
                )
                """ + GroupPlan.EMPTIED,
                queueId,
                now,
                leaseEnd);
    }
}
