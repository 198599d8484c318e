package dev.conveyor.postgres;

import java.util.OptionalLong;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;

/**
 * Vacuums the messages table when PostgreSQL will not. Every acked, expired or moved message leaves a dead row;
 * with autovacuum off (on the server, or for the table) nothing reclaims them, so the table and its indexes grow
 * without end and, without ANALYZE, plans go stale. With autovacuum on this does nothing: autovacuum, tuned for
 * the table by migration 006, does the same with less locking and better timing.
 *
 * <p>It vacuums at migration 006's thresholds (1000 dead rows plus 1% of the live ones), one instance at a time
 * (an advisory lock; the others skip), and without the pool's statement_timeout, which a large table may need.
 */
public final class DeadRowReclaimer {
    static final long BASE_THRESHOLD = 1000;
    static final double SCALE_FACTOR = 0.01;

    private static final String STATE = """
      SELECT s.n_dead_tup AS dead,
             s.n_live_tup AS live,
             current_setting('autovacuum') = 'on'
               AND coalesce((SELECT option_value FROM pg_options_to_table(c.reloptions)
                             WHERE option_name = 'autovacuum_enabled'), 'on') IN ('on', 'true') AS autovacuum
      FROM pg_stat_user_tables s
      JOIN pg_class c ON c.oid = s.relid
      WHERE s.relid = 'messages'::regclass
      """;

    private final Jdbi jdbi;

    public DeadRowReclaimer(Jdbi jdbi) {
        this.jdbi = jdbi;
    }

    /** Vacuums the table if it needs it and autovacuum is off; the dead rows it found when it did, else empty. */
    public OptionalLong reclaimIfNeeded() {
        try {
            return jdbi.withHandle(this::reclaimIfNeeded);
        } catch (RuntimeException e) {
            throw PostgresErrors.translate(e);
        }
    }

    private OptionalLong reclaimIfNeeded(Handle handle) {
        TableState state = handle.createQuery(STATE)
                .map((rs, ctx) -> new TableState(rs.getLong("dead"), rs.getLong("live"), rs.getBoolean("autovacuum")))
                .one();
        if (state.autovacuum() || !state.needsVacuum()) {
            return OptionalLong.empty();
        }
        if (!handle.createQuery("SELECT pg_try_advisory_lock(:key)")
                .bind("key", AdvisoryLocks.VACUUM)
                .mapTo(Boolean.class)
                .one()) {
            return OptionalLong.empty();
        }
        try {
            handle.execute("SET statement_timeout = 0");
            // Plain VACUUM takes no lock that publishes, receives or acks wait for; it cannot run in a transaction,
            // and the handle is in auto-commit.
            handle.execute("VACUUM (ANALYZE) messages");
            return OptionalLong.of(state.dead());
        } finally {
            handle.execute("RESET statement_timeout");
            handle.createQuery("SELECT pg_advisory_unlock(:key)")
                    .bind("key", AdvisoryLocks.VACUUM)
                    .mapTo(Boolean.class)
                    .one();
        }
    }

    /** What the statistics say of the table, and whether autovacuum looks after it. */
    record TableState(long dead, long live, boolean autovacuum) {
        boolean needsVacuum() {
            return dead > BASE_THRESHOLD + SCALE_FACTOR * live;
        }
    }
}
