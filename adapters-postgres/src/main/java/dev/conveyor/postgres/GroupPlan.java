package dev.conveyor.postgres;

import dev.conveyor.domain.Delivery;
import dev.conveyor.domain.Receipt;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.jdbi.v3.core.statement.SqlStatement;

/**
 * What one round of a lease by group ({@link FifoLeases}, {@link FairLeases}) takes, and where each group it
 * looked at goes next, as the parallel arrays its lease statement unnests.
 */
final class GroupPlan {
    private final List<UUID> ids = new ArrayList<>();
    private final List<String> idGroups = new ArrayList<>();
    private final List<String> groups = new ArrayList<>();
    /** Per group: its next available_at; null where the lease statement decides it. */
    private final List<String> availableAt = new ArrayList<>();
    /** Per group: how many messages it means to lease. */
    private final List<Integer> planned = new ArrayList<>();

    private final List<Boolean> empty = new ArrayList<>();

    void take(String group, UUID id) {
        ids.add(id);
        idGroups.add(group);
    }

    boolean full(int max) {
        return ids.size() >= max;
    }

    int taken() {
        return ids.size();
    }

    void settle(String group, Instant at, int leasing) {
        add(group, at == null ? null : at.toString(), leasing, false);
    }

    /** The group holds no messages: its row goes. */
    void empty(String group) {
        add(group, null, 0, true);
    }

    private void add(String group, String at, int leasing, boolean isEmpty) {
        groups.add(group);
        availableAt.add(at);
        planned.add(leasing);
        empty.add(isEmpty);
    }

    /** Binds :ids and :idGroups (what to lease), :groups, :availableAt, :planned and :empty (one per group). */
    private <S extends SqlStatement<S>> S bind(S statement) {
        return statement
                .bindArray("ids", UUID.class, ids)
                .bindArray("idGroups", String.class, idGroups)
                .bindArray("groups", String.class, groups)
                .bindArray("availableAt", String.class, availableAt)
                .bindArray("planned", Integer.class, planned)
                .bindArray("empty", Boolean.class, empty);
    }

    /**
     * The end of a lease statement over a plan, after its CTEs {@code leased} (RETURNING {@link
     * JdbiMessageStore#LEASED_COLUMNS}) and {@code plan} (per group: group_id, empty): deletes the rows of the
     * groups found empty, and answers the leased messages.
     */
    static final String EMPTIED = """
        , emptied AS (
            -- Safe although a publish may be adding to the group: its upsert of this row waits for this
            -- transaction and then inserts the row again.
            DELETE FROM message_groups g USING plan p
            WHERE g.queue_id = :queueId AND g.group_id = p.group_id AND p.empty
        )
        SELECT * FROM leased
        """;

    /** Runs {@code sql}, a lease statement over this plan ending with {@link #EMPTIED}; answers what it leased. */
    List<Delivery> lease(JdbiSession session, String sql, String queueId, Instant now, Instant leaseEnd) {
        return session.withHandle(h -> bind(h.createQuery(sql))
                .bind("queueId", queueId)
                .bind("now", Timestamps.bind(now))
                .bind("leaseEnd", Timestamps.bind(leaseEnd))
                .map((rs, ctx) -> new Delivery(
                        JdbiMessageStore.message(rs),
                        new Receipt(rs.getObject("id", UUID.class), rs.getObject("lease_id", UUID.class))))
                .list());
    }
}
