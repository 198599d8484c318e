package dev.conveyor.postgres;

import dev.conveyor.domain.Delivery;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Leases from FIFO queues, by message group (see {@code MessageStore.leaseGroups} and migration 012).
 *
 * <p>In one transaction, in up to {@value #ROUNDS} rounds: lock groups whose available_at has passed (SKIP LOCKED:
 * a group another receive holds is passed over, so no two receives lease in one group); then, in a statement of
 * its own, so that it sees every change committed before the locks were taken, read whether a message of each
 * group is leased and the group's first messages; decide here which to lease; lease them, and move each group's
 * available_at to when it can next be delivered, or delete the row of a group found empty. While it holds group
 * rows, a receive never waits for a message row (SKIP LOCKED again): every other statement takes message rows
 * before group rows, so waiting here could deadlock. A message row locked by someone else (an ack or a nack in
 * progress) ends what the receive takes from that group.
 */
final class FifoLeases {
    private static final int ROUNDS = 3;
    /** About how many message rows one round reads at most: groups × the messages read from each. */
    private static final int ROWS_PER_ROUND = 1000;
    /** Read beyond what a receive wants from a group, to step over messages past retention or exhausted. */
    private static final int SLACK = 10;

    private static final int MAX_QUEUES_KNOWN = 10_000;
    /** When a group holding only such messages is looked at again: by then the cleanup may have taken them. */
    private static final java.time.Duration RECHECK = java.time.Duration.ofSeconds(1);

    private final JdbiSession session;
    /**
     * Per queue, about how many messages each group gave the last receive: a receive locks only as many groups as
     * it then expects to need. Locking more would hold (and write) group rows it takes nothing from, which other
     * receives then pass over.
     */
    private final Map<String, Integer> perGroup = new ConcurrentHashMap<>();

    FifoLeases(JdbiSession session) {
        this.session = session;
    }

    List<Delivery> lease(
            String queueId, int max, Instant now, Instant leaseEnd, Instant createdAfter, Integer maxDeliveries) {
        return session.inTransactionFailingOnLostCommit(() -> {
            List<Delivery> leased = new ArrayList<>();
            Map<String, Integer> order = new HashMap<>();
            List<String> seen = new ArrayList<>();
            for (int round = 0; round < ROUNDS && leased.size() < max; round++) {
                int want = max - leased.size();
                int scan = want + SLACK;
                int expected = perGroup.getOrDefault(queueId, 1);
                int asked = Math.max(1, Math.min((want + expected - 1) / expected, ROWS_PER_ROUND / scan));
                List<String> groups = GroupRows.lockDue(session, queueId, now, asked, seen);
                if (groups.isEmpty()) {
                    break;
                }
                groups.forEach(g -> order.put(g, order.size()));
                seen.addAll(groups);
                Map<String, GroupState> states = read(queueId, groups, now, scan);
                GroupPlan plan = new GroupPlan();
                for (String group : groups) {
                    states.get(group).plan(group, plan, want - plan.taken(), now, createdAfter, maxDeliveries);
                }
                List<Delivery> taken = leaseAndSettle(queueId, plan, now, leaseEnd);
                leased.addAll(taken);
                learn(queueId, taken);
                if (groups.size() < asked) {
                    break; // no more groups are available
                }
            }
            leased.sort(
                    Comparator.comparing((Delivery d) -> order.get(d.message().groupId()))
                            .thenComparing(d -> d.message().sequenceNumber()));
            return leased;
        });
    }

    private void learn(String queueId, List<Delivery> taken) {
        long groups = taken.stream().map(d -> d.message().groupId()).distinct().count();
        if (groups > 0) {
            if (perGroup.size() > MAX_QUEUES_KNOWN) {
                perGroup.clear(); // queues come and go; a forgotten one starts again from one per group
            }
            perGroup.put(queueId, (int) Math.max(1, taken.size() / groups));
        }
    }

    /** One message of a group, as read to decide. */
    private record Row(UUID id, Instant visibleAt, Instant createdAt, int deliveryAttempts) {}

    /** What a group holds: whether a message of it is leased, until when, and its first messages in order. */
    private static final class GroupState {
        Instant leasedUntil;
        final List<Row> first = new ArrayList<>();

        void plan(String group, GroupPlan plan, int room, Instant now, Instant createdAfter, Integer maxDeliveries) {
            if (leasedUntil != null) {
                plan.settle(group, leasedUntil, 0); // blocked: one of its messages is being processed
                return;
            }
            if (first.isEmpty()) {
                plan.empty(group);
                return;
            }
            if (room == 0) {
                return; // nothing to take from it: left as it is, it keeps its place in the line
            }
            int taken = 0;
            for (Row row : first) {
                boolean gone = !row.createdAt().isAfter(createdAfter)
                        || (maxDeliveries != null && row.deliveryAttempts() >= maxDeliveries);
                if (gone) {
                    continue; // past retention, or waiting to be dead-lettered: never delivered again
                }
                if (row.visibleAt().isAfter(now)) {
                    if (taken == 0) {
                        plan.settle(group, row.visibleAt(), 0); // its first message waits: a nack's backoff, a delay
                        return;
                    }
                    break;
                }
                if (taken == room) {
                    break;
                }
                plan.take(group, row.id());
                taken++;
            }
            if (taken > 0) {
                plan.settle(group, null, taken); // until its lease ends, if it leases any
            } else {
                plan.settle(group, now.plus(RECHECK), 0); // only gone messages read: look again soon
            }
        }
    }

    private Map<String, GroupState> read(String queueId, List<String> groups, Instant now, int scan) {
        Map<String, GroupState> states = new LinkedHashMap<>();
        groups.forEach(g -> states.put(g, new GroupState()));
        session.withHandle(h -> h.createQuery("""
                SELECT g.group_id, f.until, m.id, m.visible_at, m.created_at, m.delivery_attempts
                FROM unnest(CAST(:groups AS text[])) WITH ORDINALITY AS g(group_id, position)
                -- Whether any message of the group is leased, through messages_queue_group_leases: only messages
                -- with a lease end are in it, and only those still leased are read.
                LEFT JOIN LATERAL (
                    SELECT max(lease_expires_at) AS until FROM messages
                    WHERE queue_id = :queueId AND group_id = g.group_id AND lease_expires_at > :now
                ) f ON true
                -- Its first messages, through messages_queue_group_sequence.
                LEFT JOIN LATERAL (
                    SELECT id, visible_at, created_at, delivery_attempts, sequence_number FROM messages
                    WHERE queue_id = :queueId AND group_id = g.group_id
                    ORDER BY sequence_number
                    LIMIT :scan
                ) m ON f.until IS NULL
                ORDER BY g.position, m.sequence_number
                """)
                .bind("queueId", queueId)
                .bindArray("groups", String.class, groups)
                .bind("now", Timestamps.bind(now))
                .bind("scan", scan)
                .map((rs, ctx) -> {
                    GroupState state = states.get(rs.getString("group_id"));
                    Instant until = Timestamps.read(rs, "until");
                    if (until != null) {
                        state.leasedUntil = until;
                    } else if (rs.getObject("id") != null) {
                        state.first.add(new Row(
                                rs.getObject("id", UUID.class),
                                Timestamps.read(rs, "visible_at"),
                                Timestamps.read(rs, "created_at"),
                                rs.getInt("delivery_attempts")));
                    }
                    return state;
                })
                .list());
        return states;
    }

    private List<Delivery> leaseAndSettle(String queueId, GroupPlan plan, Instant now, Instant leaseEnd) {
        return plan.lease(
                session,
                """
                WITH chosen AS (
                    SELECT * FROM unnest(CAST(:ids AS uuid[]), CAST(:idGroups AS text[]))
                        WITH ORDINALITY AS c(id, group_id, position)
                ), locked AS (
                    -- Still visible (a late ack may have deleted one since it was read); SKIP LOCKED: never wait.
                    SELECT m.id FROM messages m
                    WHERE m.queue_id = :queueId AND m.id IN (SELECT id FROM chosen) AND m.visible_at <= :now
                    FOR UPDATE SKIP LOCKED
                ), usable AS (
                    -- Of each group, the chosen messages before the first one that could not be locked: order holds.
                    SELECT c.id FROM chosen c
                    WHERE NOT EXISTS (
                        SELECT 1 FROM chosen e
                        WHERE e.group_id = c.group_id AND e.position <= c.position
                          AND e.id NOT IN (SELECT id FROM locked))
                ), leased AS (
                    UPDATE messages m
                    SET\s""" + JdbiMessageStore.LEASE_SET + """
                    FROM usable u
                    WHERE m.queue_id = :queueId AND m.id = u.id
                    RETURNING\s""" + JdbiMessageStore.LEASED_COLUMNS + """
                ), plan AS (
                    SELECT group_id, CAST(at AS timestamptz) AS at, empty
                    FROM unnest(CAST(:groups AS text[]), CAST(:availableAt AS text[]), CAST(:planned AS int[]),
                                CAST(:empty AS boolean[]))
                        AS p(group_id, at, planned, empty)
                ), settled AS (
                    -- A group that leased waits for the lease to end (an ack or a nack lowers it sooner); one that
                    -- meant to lease and could not stays available.
                    UPDATE message_groups g SET available_at = coalesce(p.at, CAST(:leaseEnd AS timestamptz))
                    FROM plan p
                    WHERE g.queue_id = :queueId AND g.group_id = p.group_id AND NOT p.empty
                      AND (p.at IS NOT NULL OR p.group_id IN (SELECT group_id FROM leased))
                )
                """ + GroupPlan.EMPTIED,
                queueId,
                now,
                leaseEnd);
    }
}
