package dev.conveyor.postgres;

import dev.conveyor.application.port.MessageStore;
import dev.conveyor.domain.DeadLetterOrigin;
import dev.conveyor.domain.DeadLetterReason;
import dev.conveyor.domain.Delivery;
import dev.conveyor.domain.Message;
import dev.conveyor.domain.MessageQuery;
import dev.conveyor.domain.Page;
import dev.conveyor.domain.QueueStats;
import dev.conveyor.domain.Receipt;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import org.jdbi.v3.core.Handle;

/** Messages and their leases in the {@code messages} table; every statement filters by queue first. */
public final class JdbiMessageStore implements MessageStore {
    /**
     * What a lease sets in each row it leases ({@code m}): a new lease id, its end, one more delivery, and the first
     * delivery's time if this is it (a column of the row being updated anyway, so it costs no extra write).
     */
    static final String LEASE_SET =
            "visible_at = :leaseEnd, lease_expires_at = :leaseEnd, lease_id = gen_random_uuid(),"
                    + " delivery_attempts = m.delivery_attempts + 1, first_delivered_at = coalesce(m.first_delivered_at, :now)";

    /** What a lease answers of each message it leased, as {@link #message} reads it (the row is {@code m}). */
    static final String LEASED_COLUMNS = """
      m.id, m.queue_id, m.body, m.attributes::text AS attributes, m.label, m.delivery_attempts, m.created_at,
      m.visible_at, m.lease_id, m.lease_expires_at, m.dead_letter_source_queue_id, m.dead_letter_reason,
      m.dead_lettered_at, m.attribute_types::text AS attribute_types, m.trace_header, m.first_delivered_at,
      m.group_id, m.sequence_number""";

    /**
     * Leases the first visible rows of a queue: %1$s narrows the rows, %2$s is the LIMIT, %3$s CTEs before
     * {@code picked} (each ending with a comma), %4$s what the statement answers, from {@code leased}.
     */
    private static final String LEASE = """
      WITH %3$s picked AS (
          SELECT queue_id, id, visible_at
          FROM messages
          WHERE queue_id = :queueId AND visible_at <= :now AND created_at > :createdAfter %1$s
          ORDER BY visible_at, id
          LIMIT %2$s
          -- SKIP LOCKED: concurrent receivers each take different rows instead of queueing behind one another;
          -- a row locked by another receiver is being leased by it and will not be visible after it commits.
          FOR UPDATE SKIP LOCKED
      ), leased AS (
          UPDATE messages m
          SET\s""" + LEASE_SET + """
          FROM picked
          WHERE m.queue_id = picked.queue_id AND m.id = picked.id
          RETURNING %5$s, picked.visible_at AS available_since
      )
      SELECT %4$s
      """;
    /**
     * Messages without a group, through messages_queue_visible (queue_id, visible_at, id), which holds only them:
     * only rows visible now are scanned. When a group of the queue is due (a fair queue, see {@link FairLeases}),
     * they take :share of the receive, not all of it; the answer says whether one was.
     */
    private static String leaseUngrouped(String narrower) {
        return LEASE.formatted(
                "AND group_id IS NULL " + narrower,
                "(SELECT CASE WHEN due THEN :share ELSE :max END FROM groups_due)",
                """
                groups_due AS (
                    SELECT EXISTS (SELECT 1 FROM message_groups WHERE queue_id = :queueId AND available_at <= :now)
                        AS due
                ),""",
                "leased.*, groups_due.due FROM groups_due LEFT JOIN leased ON true",
                LEASED_COLUMNS);
    }

    /** By label, through messages_queue_label_visible (queue_id, label, visible_at, id), grouped or not. */
    private static String leaseLabelled(String narrower) {
        return LEASE.formatted(
                "AND label = :label " + narrower, ":max", "", "leased.*, false AS due FROM leased", LEASED_COLUMNS);
    }

    // Exhausted rows are skipped here and moved out by retireExhausted, which finds them through
    // messages_queue_attempts.
    private static final String BOUNDED = "AND delivery_attempts < :maxDeliveries";
    private static final String LEASE_ANY = leaseUngrouped("");
    private static final String LEASE_LABELLED = leaseLabelled("");
    private static final String LEASE_ANY_BOUNDED = leaseUngrouped(BOUNDED);
    private static final String LEASE_LABELLED_BOUNDED = leaseLabelled(BOUNDED);

    /**
     * Moves the rows chosen by the {@code doomed} CTE into a queue, in one statement, with no delivery attempts,
     * visible from :targetVisibleAt. The first argument is the queue they go to, the second the values of the
     * three dead-letter columns.
     */
    private static final String MOVE = """
      , moved AS (
          DELETE FROM messages m USING doomed d
          WHERE m.queue_id = d.queue_id AND m.id = d.id
          RETURNING m.id, m.body, m.attributes, m.label, m.created_at, m.lease_id, m.lease_expires_at,
                    m.attribute_types, m.trace_header, m.group_id, m.sequence_number AS old_sequence,
                    %1$s AS target
      ), numbers AS (
          -- A FIFO queue numbers the messages it takes after every number it gave, keeping their order: under
          -- its row's lock, as a publish numbers them (see lock()).
          UPDATE queues q SET last_sequence_number = q.last_sequence_number + c.n
          FROM (SELECT target, count(*) AS n FROM moved GROUP BY target) c
          WHERE q.id = c.target AND q.fifo
          RETURNING q.id, q.last_sequence_number - c.n AS base
      ), kept AS (
          -- Arrives with no deliveries, so with no first delivery either (first_delivered_at NULL).
          INSERT INTO messages (queue_id, id, body, attributes, label, delivery_attempts, created_at, visible_at,
                                dead_letter_source_queue_id, dead_letter_reason, dead_lettered_at,
                                attribute_types, trace_header, group_id, sequence_number)
          SELECT mv.target, mv.id, mv.body, mv.attributes, mv.label, 0, mv.created_at, :targetVisibleAt, %2$s,
                 mv.attribute_types, mv.trace_header, mv.group_id,
                 n.base + row_number() OVER (PARTITION BY mv.target ORDER BY mv.old_sequence, mv.created_at, mv.id)
          FROM moved mv LEFT JOIN numbers n ON n.id = mv.target
          -- In key order, so two moves into one queue take its key locks in the same order: no deadlock.
          ORDER BY mv.target, mv.id
          -- A copy of the same message (fanned out to several queues) may be there already: keep one, as it is.
          ON CONFLICT (queue_id, id) DO NOTHING
          RETURNING queue_id, group_id, sequence_number, visible_at
      )
      """
            + GroupRows.joined("moved_in_groups", "kept")
            + GroupRows.lowered("moved_out_groups", "moved", "created_at");
    /** Into :target, recording where from, why (see {@link MessageStore#retireExhausted}) and when. */
    private static final String MOVE_TO_DEAD_LETTER_QUEUE =
            MOVE.formatted("CAST(:target AS text)", """
                    CAST(:queueId AS text),
                    CASE WHEN mv.lease_expires_at IS NULL THEN :nacked ELSE :leaseExpired END,
                    CAST(:deadLetteredAt AS timestamptz)""") + "SELECT id, lease_id FROM moved";
    /** As {@link #MOVE_TO_DEAD_LETTER_QUEUE}, for messages a consumer nacked. */
    private static final String MOVE_NACKED_TO_DEAD_LETTER_QUEUE = MOVE.formatted(
                    "CAST(:target AS text)",
                    "CAST(:queueId AS text), CAST(:nacked AS text), CAST(:deadLetteredAt AS timestamptz)")
            + "SELECT id, lease_id FROM moved";
    /** Into :target, no longer a dead letter. */
    private static final String MOVE_REDRIVEN =
            MOVE.formatted("CAST(:target AS text)", "CAST(NULL AS text), CAST(NULL AS text), CAST(NULL AS timestamptz)")
                    + "SELECT id, lease_id FROM moved";
    /** Deletes the rows chosen by the {@code doomed} CTE. */
    private static final String DROP =
            """
      , dropped AS (
          DELETE FROM messages m USING doomed d
          WHERE m.queue_id = d.queue_id AND m.id = d.id
          RETURNING m.id, m.lease_id, m.group_id, m.created_at
      )
      """ + GroupRows.lowered("dropped_groups", "dropped", "created_at") + "SELECT id, lease_id FROM dropped";

    /** The pairs a receipt names, joined against the queue's rows; only a current lease matches. */
    private static final String RECEIPTS = "unnest(CAST(:ids AS uuid[]), CAST(:leases AS uuid[])) AS r(id, lease_id)";

    private final JdbiSession session;
    private final FifoLeases fifoLeases;
    private final FairLeases fairLeases;

    public JdbiMessageStore(JdbiSession session) {
        this.session = session;
        this.fifoLeases = new FifoLeases(session);
        this.fairLeases = new FairLeases(session);
    }

    /**
     * Stores the rows of {@link Columns}, the whole batch in one statement whatever its size: the rows travel as
     * parallel arrays. Joined to the queues, so that a copy for a queue deleted since the caller looked it up is
     * not stored (as if published just before the delete) instead of failing everyone's copies on the foreign key.
     */
    private static final String INSERT = """
      WITH stored AS (
          INSERT INTO messages (queue_id, id, body, attributes, label, created_at, visible_at, attribute_types,
                                trace_header, group_id, sequence_number)
          SELECT t.q, t.i, t.b, CAST(t.a AS jsonb), t.l, :now, CAST(t.v AS timestamptz), CAST(t.ty AS jsonb), t.th,
                 t.g, t.s
          FROM unnest(CAST(:queueIds AS text[]), CAST(:ids AS uuid[]), CAST(:bodies AS text[]),
                      CAST(:attributes AS text[]), CAST(:labels AS text[]), CAST(:visibleAt AS text[]),
                      CAST(:types AS text[]), CAST(:traceHeaders AS text[]), CAST(:groups AS text[]),
                      CAST(:sequenceNumbers AS bigint[]))
               AS t(q, i, b, a, l, v, ty, th, g, s)
          JOIN queues ON queues.id = t.q
          RETURNING queue_id, group_id, sequence_number, visible_at
      )
      """;
    /**
     * Answers the transaction's id with the insert (see {@link JdbiSession#note}): a publish's COMMIT needs no
     * round trip before it.
     */
    private static final String STORED = "SELECT count(*), " + JdbiSession.TRANSACTION_COLUMNS + " FROM stored";
    /** Copies without a group. */
    private static final String APPEND = INSERT + STORED;
    /** Grouped copies: their groups get their rows. */
    private static final String APPEND_GROUPED = INSERT + GroupRows.joined("stored_groups", "stored") + STORED;
    /**
     * Copies for FIFO queues too, numbered under the lock of {@link #lock}: their queues remember their highest
     * number.
     */
    private static final String APPEND_NUMBERED = INSERT + """
      , last_numbers AS (
          UPDATE queues q SET last_sequence_number = greatest(q.last_sequence_number, s.last)
          FROM (SELECT queue_id, max(sequence_number) AS last FROM stored
                WHERE sequence_number IS NOT NULL GROUP BY queue_id) s
          WHERE q.id = s.queue_id
      )
      """ + GroupRows.joined("stored_groups", "stored") + STORED;

    @Override
    public void append(Instant now, List<Envelope> envelopes) {
        Columns rows = new Columns(envelopes);
        String sql = rows.numbered ? APPEND_NUMBERED : rows.grouped ? APPEND_GROUPED : APPEND;
        session.withHandle(h -> rows.bind(h.createQuery(sql), now)
                .map((rs, ctx) -> {
                    session.note(rs);
                    return 1;
                })
                .one());
    }

    /** Envelopes as the parallel arrays {@link #append} binds. */
    private static final class Columns {
        final List<String> queueIds = new ArrayList<>();
        final List<UUID> ids = new ArrayList<>();
        final List<String> bodies = new ArrayList<>();
        final List<String> attributes = new ArrayList<>();
        final List<String> labels = new ArrayList<>();
        final List<String> visibleAt = new ArrayList<>();
        final List<String> types = new ArrayList<>();
        final List<String> traceHeaders = new ArrayList<>();
        final List<String> groups = new ArrayList<>();
        final List<Long> sequenceNumbers = new ArrayList<>();
        boolean numbered;
        boolean grouped;

        Columns(List<Envelope> envelopes) {
            for (Envelope e : envelopes) {
                queueIds.add(e.queueId());
                ids.add(e.id());
                bodies.add(e.message().body());
                attributes.add(
                        e.message().attributes().isEmpty()
                                ? "{}"
                                : JsonColumns.write(e.message().attributes()));
                labels.add(e.message().label());
                visibleAt.add(e.visibleAt().toString());
                types.add(
                        e.message().attributeTypes().isEmpty()
                                ? null
                                : JsonColumns.write(e.message().attributeTypes()));
                traceHeaders.add(e.message().traceHeader());
                groups.add(e.message().groupId());
                sequenceNumbers.add(e.sequenceNumber());
                numbered |= e.sequenceNumber() != null;
                grouped |= e.message().groupId() != null;
            }
        }

        <S extends org.jdbi.v3.core.statement.SqlStatement<S>> S bind(S statement, Instant now) {
            return statement
                    .bind("now", Timestamps.bind(now))
                    .bindArray("queueIds", String.class, queueIds)
                    .bindArray("ids", UUID.class, ids)
                    .bindArray("bodies", String.class, bodies)
                    .bindArray("attributes", String.class, attributes)
                    .bindArray("labels", String.class, labels)
                    .bindArray("visibleAt", String.class, visibleAt)
                    .bindArray("types", String.class, types)
                    .bindArray("traceHeaders", String.class, traceHeaders)
                    .bindArray("groups", String.class, groups)
                    .bindArray("sequenceNumbers", Long.class, sequenceNumbers);
        }
    }

    @Override
    public Map<String, LockedQueue> lock(Collection<String> queueIds, Collection<String> counted) {
        return session.withHandle(h -> {
            // FOR NO KEY UPDATE serialises the publishers of one queue that lock it, in id order so two of them
            // cannot deadlock, while leaving other publishers' foreign-key checks (FOR KEY SHARE) unblocked.
            Map<String, Long> last = new HashMap<>();
            h.createQuery("""
                SELECT id, last_sequence_number FROM queues WHERE id = ANY(:ids) ORDER BY id FOR NO KEY UPDATE
                """)
                    .bindArray("ids", String.class, queueIds)
                    .map((rs, ctx) -> last.put(rs.getString("id"), rs.getLong("last_sequence_number")))
                    .list();
            Map<String, Long> counts = new HashMap<>();
            if (!counted.isEmpty()) {
                h.createQuery(
                                "SELECT queue_id, count(*) AS n FROM messages WHERE queue_id = ANY(:ids) GROUP BY queue_id")
                        .bindArray("ids", String.class, counted)
                        .map((rs, ctx) -> counts.put(rs.getString("queue_id"), rs.getLong("n")))
                        .list();
            }
            Map<String, LockedQueue> locked = new HashMap<>();
            last.forEach((id, number) -> locked.put(id, new LockedQueue(counts.getOrDefault(id, 0L), number)));
            return locked;
        });
    }

    @Override
    public List<Delivery> leaseGroups(
            String queueId, int max, Instant now, Instant leaseEnd, Instant createdAfter, Integer maxDeliveries) {
        return fifoLeases.lease(queueId, max, now, leaseEnd, createdAfter, maxDeliveries);
    }

    @Override
    public List<Delivery> lease(
            String queueId,
            String label,
            int max,
            Instant now,
            Instant leaseEnd,
            Instant createdAfter,
            Integer maxDeliveries) {
        if (label != null) {
            return leaseFirst(queueId, label, max, max, now, leaseEnd, createdAfter, maxDeliveries)
                    .deliveries();
        }
        // Messages without a group and the due groups share the receive, half each (a coin decides the odd one,
        // so a receive of one alternates on average); what one side leaves, the other may fill.
        int share = (max + ThreadLocalRandom.current().nextInt(2)) / 2;
        Ungrouped first = leaseFirst(queueId, null, max, share, now, leaseEnd, createdAfter, maxDeliveries);
        if (!first.groupsDue() || first.deliveries().size() == max) {
            return first.deliveries();
        }
        List<Delivery> leased = new ArrayList<>(first.deliveries());
        leased.addAll(fairLeases.lease(queueId, max - leased.size(), now, leaseEnd, createdAfter, maxDeliveries));
        if (leased.size() < max && first.deliveries().size() == share) {
            int rest = max - leased.size();
            leased.addAll(leaseFirst(queueId, null, rest, rest, now, leaseEnd, createdAfter, maxDeliveries)
                    .deliveries());
        }
        return leased;
    }

    /** What a lease of messages without a group took, and whether a group of the queue was due. */
    private record Ungrouped(List<Delivery> deliveries, boolean groupsDue) {}

    private Ungrouped leaseFirst(
            String queueId,
            String label,
            int max,
            int share,
            Instant now,
            Instant leaseEnd,
            Instant createdAfter,
            Integer maxDeliveries) {
        String sql = maxDeliveries == null
                ? (label == null ? LEASE_ANY : LEASE_LABELLED)
                : (label == null ? LEASE_ANY_BOUNDED : LEASE_LABELLED_BOUNDED);
        boolean[] due = {false};
        List<Picked> picked = session.withHandle(h -> h.createQuery(sql)
                .bind("maxDeliveries", maxDeliveries)
                .bind("queueId", queueId)
                .bind("label", label)
                .bind("max", max)
                .bind("share", share)
                .bind("now", Timestamps.bind(now))
                .bind("leaseEnd", Timestamps.bind(leaseEnd))
                .bind("createdAfter", Timestamps.bind(createdAfter))
                .map((rs, ctx) -> {
                    due[0] |= rs.getBoolean("due");
                    return rs.getObject("id") == null
                            ? null
                            : new Picked(
                                    new Delivery(
                                            message(rs),
                                            new Receipt(
                                                    rs.getObject("id", UUID.class),
                                                    rs.getObject("lease_id", UUID.class))),
                                    Timestamps.read(rs, "available_since"));
                })
                .list());
        List<Delivery> deliveries = picked.stream()
                .filter(Objects::nonNull)
                // RETURNING does not keep the order of the pick; restore it.
                .sorted(Comparator.comparing(Picked::availableSince)
                        .thenComparing(l -> l.delivery().message().id()))
                .map(Picked::delivery)
                .toList();
        return new Ungrouped(deliveries, due[0]);
    }

    private record Picked(Delivery delivery, Instant availableSince) {}

    @Override
    public int retireExhausted(
            String queueId, int maxDeliveries, Instant now, Instant createdAfter, DeadLetter target, int batch) {
        // A row whose visible_at has passed is not under a live lease; with its deliveries used up, it must not
        // be delivered again. SKIP LOCKED: another instance retiring the same rows, or an ack holding one, wins it.
        String doomed = """
        WITH doomed AS (
            SELECT queue_id, id FROM messages
            WHERE queue_id = :queueId AND delivery_attempts >= :maxDeliveries AND visible_at <= :now
              -- Repeats the partial index's predicate, so that any plan, whatever the parameters, can use
              -- messages_queue_attempts.
              AND delivery_attempts > 0
              AND created_at > :createdAfter
            ORDER BY delivery_attempts, visible_at
            LIMIT :batch
            FOR UPDATE SKIP LOCKED
        )
        """;
        return session.withHandle(h -> bindDeadLetter(
                        h.createQuery(doomed + (target == null ? DROP : MOVE_TO_DEAD_LETTER_QUEUE)), target)
                .bind("queueId", queueId)
                .bind("maxDeliveries", maxDeliveries)
                .bind("now", Timestamps.bind(now))
                .bind("createdAfter", Timestamps.bind(createdAfter))
                .bind("batch", batch)
                .map((rs, ctx) -> 1)
                .list()
                .size());
    }

    @Override
    public Set<Receipt> retire(String queueId, Collection<Receipt> receipts, Instant createdAfter, DeadLetter target) {
        String doomed = """
        WITH doomed AS (
            SELECT m.queue_id, m.id FROM messages m JOIN %s ON m.id = r.id AND m.lease_id = r.lease_id
            WHERE m.queue_id = :queueId AND m.created_at > :createdAfter
            FOR UPDATE OF m
        )
        """.formatted(RECEIPTS);
        return session.withHandle(h -> new HashSet<>(bindDeadLetter(
                        bindReceipts(
                                h.createQuery(doomed + (target == null ? DROP : MOVE_NACKED_TO_DEAD_LETTER_QUEUE)),
                                queueId,
                                receipts),
                        target)
                .bind("createdAfter", Timestamps.bind(createdAfter))
                .map((rs, ctx) -> receipt(rs))
                .list()));
    }

    @Override
    public int deleteExpired(String queueId, Instant createdBefore, int batch) {
        // Ids are UUIDv7, time-ordered like created_at: bounding the id lets the primary key find the expired
        // rows (the oldest) without visiting the rest of the queue.
        long bound = createdBefore.toEpochMilli() + 1;
        UUID idBound = new UUID((bound << 16) | 0x7000L, 0x8000000000000000L);
        return session.withHandle(h -> h.createQuery(
                        """
            WITH gone AS (
                DELETE FROM messages m USING (
                    SELECT queue_id, id FROM messages
                    WHERE queue_id = :queueId AND id < :idBound AND created_at < :createdBefore
                    ORDER BY id
                    LIMIT :batch
                    FOR UPDATE SKIP LOCKED
                ) doomed
                WHERE m.queue_id = doomed.queue_id AND m.id = doomed.id
                RETURNING m.group_id, m.created_at
            )
            """ + GroupRows.lowered("expired_groups", "gone", "created_at") + "SELECT count(*) FROM gone")
                .bind("queueId", queueId)
                .bind("idBound", idBound)
                .bind("createdBefore", Timestamps.bind(createdBefore))
                .bind("batch", batch)
                .mapTo(Integer.class)
                .one());
    }

    @Override
    public int purge(String queueId) {
        return session.withHandle(h -> h.createUpdate("DELETE FROM messages WHERE queue_id = :queueId")
                .bind("queueId", queueId)
                .execute());
    }

    @Override
    public int redrive(String queueId, String destinationId, Instant now, Collection<UUID> ids, int batch) {
        String doomed = """
        WITH doomed AS (
            SELECT queue_id, id FROM messages
            WHERE queue_id = :queueId AND (lease_expires_at IS NULL OR lease_expires_at <= :now) %s
            ORDER BY id
            LIMIT :batch
            FOR UPDATE SKIP LOCKED
        )
        """.formatted(ids == null ? "" : "AND id = ANY(:ids)");
        return session.withHandle(h -> {
            var statement = bindTarget(h.createQuery(doomed + MOVE_REDRIVEN), destinationId, now)
                    .bind("queueId", queueId)
                    .bind("now", Timestamps.bind(now))
                    .bind("batch", batch);
            if (ids != null) {
                statement.bindArray("ids", UUID.class, ids);
            }
            return statement.map((rs, ctx) -> 1).list().size();
        });
    }

    @Override
    public List<Returned> redriveToSources(
            String queueId, Instant now, Collection<UUID> ids, UUID after, int batch, int maxMoved) {
        // Walks the primary key (queue_id, id) from the cursor on; the source column needs no index, it is read
        // only from the rows picked. SKIP LOCKED as in redrive: a row another statement holds is passed over.
        String sql = """
        WITH picked AS (
            SELECT queue_id, id, dead_letter_source_queue_id AS source FROM messages
            WHERE queue_id = :queueId AND (lease_expires_at IS NULL OR lease_expires_at <= :now) %s %s
            ORDER BY id
            LIMIT :batch
            FOR UPDATE SKIP LOCKED
        ), live AS (
            -- FOR KEY SHARE, in id order: a source queue that a DELETE holds is waited for and, once deleted, not
            -- found; one found cannot be deleted until this commits, so the insert's foreign key holds. It blocks
            -- no publisher or consumer of that queue.
            SELECT id FROM queues
            WHERE id IN (SELECT source FROM picked) AND id <> :queueId
            ORDER BY id
            FOR KEY SHARE
        ), doomed AS (
            SELECT p.queue_id, p.id, p.source AS target FROM picked p JOIN live ON live.id = p.source
            ORDER BY p.id
            LIMIT :maxMoved
        )
        """.formatted(ids == null ? "" : "AND id = ANY(:ids)", after == null ? "" : "AND id > :after")
                + MOVE.formatted("d.target", "CAST(NULL AS text), CAST(NULL AS text), CAST(NULL AS timestamptz)")
                + """
        -- Having moved maxMoved, the rows after the last one moved count as not looked at.
        SELECT p.id, p.source, EXISTS (SELECT 1 FROM moved WHERE moved.id = p.id) AS moved
        FROM picked p
        WHERE (SELECT count(*) FROM doomed) < :maxMoved OR p.id <= (SELECT id FROM doomed ORDER BY id DESC LIMIT 1)
        ORDER BY p.id
        """;
        return session.withHandle(h -> {
            var statement = h.createQuery(sql)
                    .bind("queueId", queueId)
                    .bind("now", Timestamps.bind(now))
                    .bind("targetVisibleAt", Timestamps.bind(now))
                    .bind("batch", batch)
                    .bind("maxMoved", maxMoved);
            if (ids != null) {
                statement.bindArray("ids", UUID.class, ids);
            }
            if (after != null) {
                statement.bind("after", after);
            }
            return statement
                    .map((rs, ctx) -> new Returned(
                            rs.getObject("id", UUID.class), rs.getString("source"), rs.getBoolean("moved")))
                    .list();
        });
    }

    private static org.jdbi.v3.core.statement.Query bindTarget(
            org.jdbi.v3.core.statement.Query query, String queueId, Instant visibleAt) {
        return query.bind("target", queueId).bind("targetVisibleAt", Timestamps.bind(visibleAt));
    }

    private static org.jdbi.v3.core.statement.Query bindDeadLetter(
            org.jdbi.v3.core.statement.Query query, DeadLetter target) {
        if (target == null) {
            return query;
        }
        return bindTarget(query, target.queueId(), target.visibleAt())
                .bind("deadLetteredAt", Timestamps.bind(target.at()))
                .bind("nacked", DeadLetterReason.MAX_DELIVERIES_NACKED.code())
                .bind("leaseExpired", DeadLetterReason.MAX_DELIVERIES_LEASE_EXPIRED.code());
    }

    @Override
    public Set<Receipt> delete(String queueId, Collection<Receipt> receipts) {
        return session.withHandle(h -> {
            var query = bindReceipts(h.createQuery(DELETE), queueId, receipts);
            return new HashSet<>(query.map((rs, ctx) -> {
                        session.note(rs); // acks grouped in a transaction need not read its id before COMMIT
                        return receipt(rs);
                    })
                    .list());
        });
    }

    /** Acks: an acked message's group may be deliverable at once, and its row learns so (see GroupRows). */
    private static final String DELETE =
            """
        WITH gone AS (
            DELETE FROM messages m USING %s
            WHERE m.queue_id = :queueId AND m.id = r.id AND m.lease_id = r.lease_id
            RETURNING m.id, m.lease_id, m.group_id, m.created_at
        )
        """.formatted(RECEIPTS) + GroupRows.lowered("acked_groups", "gone", "created_at")
                    + "SELECT id, lease_id, " + JdbiSession.TRANSACTION_COLUMNS + " FROM gone";

    @Override
    public List<MessageStore.Leased> lockLeased(String queueId, Collection<Receipt> receipts) {
        return session.withHandle(h -> bindReceipts(h.createQuery("""
            SELECT m.id, m.lease_id, m.delivery_attempts
            FROM messages m JOIN %s ON m.id = r.id AND m.lease_id = r.lease_id
            WHERE m.queue_id = :queueId
            ORDER BY m.id
            FOR UPDATE OF m
            """.formatted(RECEIPTS)), queueId, receipts)
                .map((rs, ctx) -> new MessageStore.Leased(receipt(rs), rs.getInt("delivery_attempts")))
                .list());
    }

    @Override
    public void release(String queueId, Map<Receipt, Instant> visibleAt) {
        if (visibleAt.isEmpty()) {
            return;
        }
        List<UUID> ids = new ArrayList<>();
        List<UUID> leases = new ArrayList<>();
        List<String> times = new ArrayList<>();
        visibleAt.forEach((receipt, at) -> {
            ids.add(receipt.messageId());
            leases.add(receipt.leaseId());
            times.add(at.toString());
        });
        session.withHandle(h -> h.createQuery("""
            WITH released AS (
                UPDATE messages m
                SET visible_at = CAST(r.visible_at AS timestamptz), lease_expires_at = NULL
                FROM unnest(CAST(:ids AS uuid[]), CAST(:leases AS uuid[]), CAST(:times AS text[]))
                     AS r(id, lease_id, visible_at)
                WHERE m.queue_id = :queueId AND m.id = r.id AND m.lease_id = r.lease_id
                RETURNING m.group_id, m.visible_at
            )
            """ + GroupRows.lowered("released_groups", "released", "visible_at")
                        + "SELECT count(*) FROM released")
                .bind("queueId", queueId)
                .bindArray("ids", UUID.class, ids)
                .bindArray("leases", UUID.class, leases)
                .bindArray("times", String.class, times)
                .mapTo(Long.class)
                .one());
    }

    @Override
    public Set<Receipt> extend(String queueId, Collection<Receipt> receipts, Instant until, Instant runningAt) {
        Map<String, Object> times = new HashMap<>();
        times.put("until", Timestamps.bind(until));
        times.put("runningAt", Timestamps.bind(runningAt));
        return session.withHandle(h -> receipts(
                h,
                """
        WITH extended AS (
            UPDATE messages m SET visible_at = :until, lease_expires_at = :until
            FROM %s
            WHERE m.queue_id = :queueId AND m.id = r.id AND m.lease_id = r.lease_id
              -- A released lease has no end (NULL), so it never counts as running.
              AND (CAST(:runningAt AS timestamptz) IS NULL OR m.lease_expires_at > :runningAt)
            RETURNING m.id, m.lease_id, m.group_id, m.visible_at
        )
        """.formatted(RECEIPTS) + GroupRows.lowered("extended_groups", "extended", "visible_at")
                        + "SELECT id, lease_id FROM extended",
                queueId,
                receipts,
                times));
    }

    @Override
    public List<Message> browse(String queueId, Page page) {
        return new JdbiMessageBrowser(session).find(queueId, MessageQuery.ALL, page);
    }

    @Override
    public QueueStats stats(String queueId, Instant now, Instant createdAfter, Integer maxDeliveries) {
        return session.withHandle(h -> h.createQuery("""
            SELECT count(*) FILTER (WHERE visible_at <= :now) AS available,
                   count(*) FILTER (WHERE visible_at > :now AND lease_expires_at > :now) AS in_flight,
                   count(*) FILTER (WHERE visible_at > :now AND (lease_expires_at IS NULL OR lease_expires_at <= :now))
                       AS delayed,
                   min(created_at) FILTER (WHERE visible_at <= :now) AS oldest_available
            FROM messages
            WHERE queue_id = :queueId AND created_at > :createdAfter
              -- Exhausted rows whose last lease has ended wait to be dead-lettered: not available, counted nowhere.
              AND NOT (CAST(:maxDeliveries AS integer) IS NOT NULL AND delivery_attempts >= :maxDeliveries
                       AND visible_at <= :now)
            """)
                .bind("maxDeliveries", maxDeliveries)
                .bind("queueId", queueId)
                .bind("createdAfter", Timestamps.bind(createdAfter))
                .bind("now", Timestamps.bind(now))
                .map((rs, ctx) -> {
                    Instant oldest = Timestamps.read(rs, "oldest_available");
                    return new QueueStats(
                            queueId,
                            rs.getLong("available"),
                            rs.getLong("in_flight"),
                            rs.getLong("delayed"),
                            oldest == null
                                    ? null
                                    : Math.max(0, Duration.between(oldest, now).toSeconds()));
                })
                .one());
    }

    @Override
    public List<QueueStats> stats(Instant now, List<StatsScope> queues) {
        if (queues.isEmpty()) {
            return List.of();
        }
        List<String> ids = new ArrayList<>(queues.size());
        List<String> createdAfter = new ArrayList<>(queues.size());
        List<Integer> maxDeliveries = new ArrayList<>(queues.size());
        for (StatsScope scope : queues) {
            ids.add(scope.queueId());
            createdAfter.add(scope.createdAfter().toString());
            maxDeliveries.add(scope.maxDeliveries());
        }
        // One hash join and aggregate over the queues' rows, instead of one index scan per queue: a sampler of
        // every queue reads each stored row once. Same filters as the one-queue stats above. The instants go in as
        // ISO text, cast once per queue, not once per row.
        return session.withHandle(h -> h.createQuery("""
            SELECT q.queue_id,
                   count(m.id) FILTER (WHERE m.visible_at <= :now) AS available,
                   count(m.id) FILTER (WHERE m.visible_at > :now AND m.lease_expires_at > :now) AS in_flight,
                   count(m.id) FILTER (WHERE m.visible_at > :now
                                         AND (m.lease_expires_at IS NULL OR m.lease_expires_at <= :now)) AS delayed,
                   min(m.created_at) FILTER (WHERE m.visible_at <= :now) AS oldest_available
            FROM unnest(CAST(:ids AS text[]), CAST(:createdAfter AS timestamptz[]), CAST(:maxDeliveries AS integer[]))
                     WITH ORDINALITY AS q(queue_id, created_after, max_deliveries, position)
            LEFT JOIN messages m
                   ON m.queue_id = q.queue_id
                  AND m.created_at > q.created_after
                  AND NOT (q.max_deliveries IS NOT NULL AND m.delivery_attempts >= q.max_deliveries
                           AND m.visible_at <= :now)
            GROUP BY q.queue_id, q.position
            ORDER BY q.position
            """)
                .bindArray("ids", String.class, ids)
                .bindArray("createdAfter", String.class, createdAfter)
                .bindArray("maxDeliveries", Integer.class, maxDeliveries)
                .bind("now", Timestamps.bind(now))
                .map((rs, ctx) -> {
                    Instant oldest = Timestamps.read(rs, "oldest_available");
                    return new QueueStats(
                            rs.getString("queue_id"),
                            rs.getLong("available"),
                            rs.getLong("in_flight"),
                            rs.getLong("delayed"),
                            oldest == null
                                    ? null
                                    : Math.max(0, Duration.between(oldest, now).toSeconds()));
                })
                .list());
    }

    private static Set<Receipt> receipts(
            Handle h, String sql, String queueId, Collection<Receipt> receipts, Map<String, Object> extra) {
        var query = bindReceipts(h.createQuery(sql), queueId, receipts);
        extra.forEach(query::bind);
        return new HashSet<>(query.map((rs, ctx) -> receipt(rs)).list());
    }

    private static org.jdbi.v3.core.statement.Query bindReceipts(
            org.jdbi.v3.core.statement.Query query, String queueId, Collection<Receipt> receipts) {
        List<UUID> ids = new ArrayList<>(receipts.size());
        List<UUID> leases = new ArrayList<>(receipts.size());
        // In message-id order, so that two statements naming the same rows lock them in the same order: two
        // acks of the same receipts (a client's retry, or two groups of acks) wait for each other, never deadlock.
        for (Receipt receipt : receipts.stream()
                .sorted(Comparator.comparing(Receipt::messageId))
                .toList()) {
            ids.add(receipt.messageId());
            leases.add(receipt.leaseId());
        }
        return query.bind("queueId", queueId).bindArray("ids", UUID.class, ids).bindArray("leases", UUID.class, leases);
    }

    private static Receipt receipt(ResultSet rs) throws SQLException {
        return new Receipt(rs.getObject("id", UUID.class), rs.getObject("lease_id", UUID.class));
    }

    static Message message(ResultSet rs) throws SQLException {
        return new Message(
                rs.getObject("id", UUID.class),
                rs.getString("queue_id"),
                rs.getString("body"),
                JsonColumns.attributes(rs.getString("attributes")),
                rs.getString("label"),
                rs.getInt("delivery_attempts"),
                Timestamps.read(rs, "created_at"),
                Timestamps.read(rs, "visible_at"),
                Timestamps.read(rs, "lease_expires_at"),
                deadLetter(rs),
                JsonColumns.attributes(rs.getString("attribute_types")),
                rs.getString("trace_header"),
                Timestamps.read(rs, "first_delivered_at"),
                rs.getString("group_id"),
                rs.getObject("sequence_number", Long.class));
    }

    private static DeadLetterOrigin deadLetter(ResultSet rs) throws SQLException {
        String source = rs.getString("dead_letter_source_queue_id");
        return source == null
                ? null
                : new DeadLetterOrigin(
                        source,
                        DeadLetterReason.ofCode(rs.getString("dead_letter_reason")),
                        Timestamps.read(rs, "dead_lettered_at"));
    }
}
