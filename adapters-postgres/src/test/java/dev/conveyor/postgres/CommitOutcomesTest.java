package dev.conveyor.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import dev.conveyor.postgres.CommitOutcomes.Outcome;
import dev.conveyor.postgres.CommitOutcomes.Transaction;
import dev.conveyor.postgres.testing.TestDatabase;
import java.time.Duration;
import org.jdbi.v3.core.Handle;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** What PostgreSQL says of a transaction's fate, and when that is to be believed. */
class CommitOutcomesTest {
    private final TestDatabase db = TestDatabase.create();
    private final CommitOutcomes outcomes = new CommitOutcomes(db.jdbi(), Duration.ofSeconds(2));

    @AfterEach
    void dropDatabase() {
        db.close();
    }

    @Test
    void aCommittedTransactionIsCommittedOnTheServerItRanOn() {
        Transaction committed = db.jdbi().inTransaction(CommitOutcomesTest::writeSomething);

        assertThat(outcomes.of(committed)).isEqualTo(Outcome.COMMITTED);
    }

    @Test
    void aRolledBackTransactionIsAborted() {
        Transaction[] rolledBack = new Transaction[1];
        db.jdbi().useHandle(handle -> {
            handle.begin();
            rolledBack[0] = writeSomething(handle);
            handle.rollback();
        });

        assertThat(outcomes.of(rolledBack[0])).isEqualTo(Outcome.ABORTED);
    }

    @Test
    void committedOnARestartedServerIsUnknownForItsIdMayHaveBeenHandedOutAgain() {
        Transaction committed = db.jdbi().inTransaction(CommitOutcomesTest::writeSomething);
        Transaction seenBeforeARestart = new Transaction(committed.id(), "2000-01-01 00:00:00+00");

        assertThat(outcomes.of(seenBeforeARestart)).isEqualTo(Outcome.UNKNOWN);
    }

    @Test
    void anIdInTheFutureNeverReachedTheDiskSoItsTransactionIsAborted() {
        Transaction committed = db.jdbi().inTransaction(CommitOutcomesTest::writeSomething);
        Transaction future = new Transaction(Long.toString(Long.parseLong(committed.id()) + 1_000_000), "whenever");

        assertThat(outcomes.of(future)).isEqualTo(Outcome.ABORTED);
    }

    @Test
    void aServerThatCannotBeReachedLeavesItUnknown() {
        Transaction committed = db.jdbi().inTransaction(CommitOutcomesTest::writeSomething);
        CommitOutcomes unreachable = new CommitOutcomes(
                org.jdbi.v3.core.Jdbi.create("jdbc:postgresql://127.0.0.1:1/none?connectTimeout=1"),
                Duration.ofMillis(300));

        assertThat(unreachable.of(committed)).isEqualTo(Outcome.UNKNOWN);
    }

    private static Transaction writeSomething(Handle handle) {
        handle.execute("CREATE TEMPORARY TABLE IF NOT EXISTS scratch (n int)");
        handle.execute("INSERT INTO scratch VALUES (1)");
        return handle.createQuery(
                        "SELECT pg_current_xact_id()::text AS id, pg_postmaster_start_time()::text AS started")
                .map((rs, ctx) -> new Transaction(rs.getString("id"), rs.getString("started")))
                .one();
    }
}
