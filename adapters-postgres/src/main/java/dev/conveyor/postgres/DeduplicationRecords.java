package dev.conveyor.postgres;

import org.jdbi.v3.core.Handle;

/** The deduplication records a queue or topic delete takes with it (see {@link JdbiDeduplicationStore}). */
final class DeduplicationRecords {
    private DeduplicationRecords() {}

    /**
     * Deletes the records of the target. Called in the delete's transaction after the target's row is deleted,
     * in a statement of its own: a publish that recorded keys under a lock on the row (see {@link
     * JdbiDeduplicationStore#claim}) committed before the row could be deleted, so this statement's snapshot
     * sees its records, and a later publish finds no row and records nothing. The primary key's prefix finds them.
     */
    private static void forget(Handle h, String targetKind, String targetId) {
        h.createUpdate("DELETE FROM deduplications WHERE target_kind = :kind AND target_id = :id")
                .bind("kind", targetKind)
                .bind("id", targetId)
                .execute();
    }

    /**
     * Deletes the row of {@code id} from {@code table} (queues or topics), then its records (of {@code
     * targetKind}), in one transaction; answers whether the row existed.
     */
    static boolean deleteWith(JdbiSession session, String table, String targetKind, String id) {
        return session.inTransaction(() -> session.withHandle(h -> {
            boolean deleted = h.createUpdate("DELETE FROM " + table + " WHERE id = :id")
                            .bind("id", id)
                            .execute()
                    > 0;
            forget(h, targetKind, id);
            return deleted;
        }));
    }
}
