package dev.conveyor.postgres;

import java.util.function.Consumer;
import org.jdbi.v3.core.Handle;

/** Counts the pages a statement reads from the messages and groups tables, in a transaction rolled back after. */
final class PagesRead {
    private PagesRead() {}

    /** Runs {@code work} in a transaction that is rolled back, so that each run sees the tables as filled. */
    static void rolledBack(JdbiSession session, Consumer<Handle> work) {
        try {
            session.inTransaction(() -> session.withHandle(h -> {
                work.accept(h);
                throw new RolledBack();
            }));
        } catch (RolledBack expected) {
            // As intended.
        }
    }

    /** Pages of messages, message_groups and their indexes read so far in the handle's transaction. */
    static long sofar(Handle h) {
        return h.createQuery("""
            SELECT sum(pg_stat_get_xact_blocks_fetched(c.oid))
            FROM pg_class c
            WHERE c.oid IN ('messages'::regclass, 'message_groups'::regclass)
               OR c.oid IN (SELECT indexrelid FROM pg_index
                            WHERE indrelid IN ('messages'::regclass, 'message_groups'::regclass))
            """).mapTo(Long.class).one();
    }

    private static final class RolledBack extends RuntimeException {
        private static final long serialVersionUID = 1L;
    }
}
