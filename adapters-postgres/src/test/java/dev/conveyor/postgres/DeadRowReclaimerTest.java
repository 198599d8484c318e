package dev.conveyor.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.conveyor.postgres.testing.TestDatabase;
import java.util.OptionalLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * With autovacuum off for the messages table, the reclaimer vacuums it once the dead rows pass migration 006's
 * threshold; below it, or with autovacuum on, it leaves the table alone.
 */
class DeadRowReclaimerTest {
    private final TestDatabase db = TestDatabase.create();
    private final DeadRowReclaimer reclaimer = new DeadRowReclaimer(db.jdbi());

    @AfterEach
    void dropDatabase() {
        db.close();
    }

    @Test
    void vacuumsTheDeadRowsOfAckedMessagesWhenAutovacuumIsOffForTheTable() {
        db.jdbi().useHandle(handle -> handle.execute("ALTER TABLE messages SET (autovacuum_enabled = off)"));
        leaveDeadRows(3000);

        OptionalLong reclaimed = reclaimer.reclaimIfNeeded();

        assertThat(reclaimed).hasValue(3000);
        assertThat(deadRows()).isZero();
        assertThat(vacuumCount()).isEqualTo(1);
    }

    @Test
    void leavesATableWithFewDeadRowsAlone() {
        db.jdbi().useHandle(handle -> handle.execute("ALTER TABLE messages SET (autovacuum_enabled = off)"));
        leaveDeadRows(900);

        assertThat(reclaimer.reclaimIfNeeded()).isEmpty();
        assertThat(deadRows()).isEqualTo(900);
        assertThat(vacuumCount()).isZero();
    }

    @Test
    void leavesTheTableToAutovacuumWhenItIsOn() {
        assumeTrue(
                db.jdbi()
                        .withHandle(h -> h.createQuery("SHOW autovacuum")
                                .mapTo(String.class)
                                .one())
                        .equals("on"),
                "the test server runs with autovacuum off");
        leaveDeadRows(3000);

        assertThat(reclaimer.reclaimIfNeeded()).isEmpty();
        assertThat(vacuumCount()).isZero();
    }

    @Test
    void theThresholdGrowsWithTheLiveRows() {
        assertThat(new DeadRowReclaimer.TableState(1000, 0, false).needsVacuum())
                .isFalse();
        assertThat(new DeadRowReclaimer.TableState(1001, 0, false).needsVacuum())
                .isTrue();
        assertThat(new DeadRowReclaimer.TableState(2000, 100_000, false).needsVacuum())
                .isFalse();
        assertThat(new DeadRowReclaimer.TableState(2001, 100_000, false).needsVacuum())
                .isTrue();
    }

    /** Inserts and deletes {@code count} messages, as acks do, and makes the statistics see them at once. */
    private void leaveDeadRows(int count) {
        db.jdbi().useHandle(handle -> {
            handle.execute("INSERT INTO queues (id, ack_deadline_seconds, message_retention_seconds,"
                    + " delivery_delay_seconds, backoff_min_seconds, backoff_max_seconds, created_at, updated_at)"
                    + " VALUES ('q', 30, 3600, 0, 1, 60, now(), now()) ON CONFLICT DO NOTHING");
            handle.execute(
                    "INSERT INTO messages (queue_id, id, body, created_at, visible_at)"
                            + " SELECT 'q', gen_random_uuid(), 'x', now(), now() FROM generate_series(1, ?)",
                    count);
            handle.execute("DELETE FROM messages");
            // A backend reports its counts when idle, at most once a second; this makes its next report come at once.
            handle.execute("SELECT pg_stat_force_next_flush()");
        });
        // The report lands a moment after the statement's answer: wait for it, so the reclaimer sees the rows.
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (deadRows() != count && System.nanoTime() < deadline) {
            java.util.concurrent.locks.LockSupport.parkNanos(20_000_000L);
        }
        assertThat(deadRows()).isEqualTo(count);
    }

    private long deadRows() {
        return statistic("n_dead_tup");
    }

    private long vacuumCount() {
        return statistic("vacuum_count");
    }

    private long statistic(String column) {
        return db.jdbi()
                .withHandle(handle -> handle.createQuery(
                                "SELECT " + column + " FROM pg_stat_user_tables WHERE relid = 'messages'::regclass")
                        .mapTo(Long.class)
                        .one());
    }
}
