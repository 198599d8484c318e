package dev.conveyor.postgres;

import dev.conveyor.application.port.UnitOfWork;
import dev.conveyor.domain.ConveyorException;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.function.Supplier;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.HandleCallback;
import org.jdbi.v3.core.Jdbi;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the adapters' statements on the handle of the current transaction when there is one, so that every
 * repository called from a use case's {@link #inTransaction} commits or rolls back together; otherwise each
 * call borrows a pooled connection for one auto-committed statement.
 *
 * <p>A transaction that wrote something and lost its connection during COMMIT may have committed: its fate is
 * looked up ({@link CommitOutcomes}) so that the caller gets its result if it did, and a 503 that means "nothing
 * was done" only if it did not. The fault suite's pg-restart found 503s for publishes that had been stored.
 */
public final class JdbiSession implements UnitOfWork {
    private static final Logger LOG = LoggerFactory.getLogger(JdbiSession.class);
    /** How long a lost commit's fate is waited for: a restart of PostgreSQL takes a few seconds. */
    static final Duration COMMIT_CHECK_WITHIN = Duration.ofSeconds(10);

    private final Jdbi jdbi;
    private final CommitOutcomes outcomes;
    // Per session, not static: a thread may use two sessions (two databases, in tests) with a handle each.
    @SuppressWarnings("ThreadLocalUsage")
    private final ThreadLocal<Handle> current = new ThreadLocal<>();
    /** The current transaction's id, when a statement of it read it alongside its write (see {@link #note}). */
    @SuppressWarnings("ThreadLocalUsage")
    private final ThreadLocal<CommitOutcomes.Transaction> noted = new ThreadLocal<>();

    /**
     * Columns a writing statement adds to what it answers, for {@link #note}: its transaction's id (assigned by
     * the write) and the server's start time, what a lost COMMIT is looked up by.
     */
    static final String TRANSACTION_COLUMNS =
            "pg_current_xact_id()::text AS transaction_id, pg_postmaster_start_time()::text AS server_started";

    public JdbiSession(Jdbi jdbi) {
        this(jdbi, COMMIT_CHECK_WITHIN);
    }

    JdbiSession(Jdbi jdbi, Duration commitCheckWithin) {
        this.jdbi = jdbi;
        this.outcomes = new CommitOutcomes(jdbi, commitCheckWithin);
    }

    public Jdbi jdbi() {
        return jdbi;
    }

    @Override
    public <T> T inTransaction(Supplier<T> work) {
        return transaction(work, true);
    }

    /**
     * As {@link #inTransaction}, without the read that lets a COMMIT lost with its connection be resolved: one round
     * trip fewer, for work that may simply fail then, such as a receive (leases whose answer is lost are taken
     * again when they end, as when the HTTP answer is lost).
     */
    <T> T inTransactionFailingOnLostCommit(Supplier<T> work) {
        return transaction(work, false);
    }

    /**
     * Remembers the transaction id a statement read with {@link #TRANSACTION_COLUMNS}: the transaction then skips
     * the round trip that would read it before COMMIT. Outside a transaction it means nothing and is ignored.
     */
    void note(ResultSet rs) throws SQLException {
        if (current.get() != null) {
            noted.set(new CommitOutcomes.Transaction(rs.getString("transaction_id"), rs.getString("server_started")));
        }
    }

    private <T> T transaction(Supplier<T> work, boolean resolvable) {
        if (current.get() != null) {
            return work.get();
        }
        // Set just before COMMIT: the work's result and the transaction's id, null for one that wrote nothing.
        var done = new Object() {
            T result;
            CommitOutcomes.Transaction transaction;
        };
        try {
            return jdbi.inTransaction(handle -> {
                current.set(handle);
                noted.remove();
                try {
                    T result = work.get();
                    if (resolvable && noted.get() != null) {
                        done.transaction = noted.get();
                    } else if (resolvable) {
                        done.transaction = handle.createQuery("SELECT pg_current_xact_id_if_assigned()::text AS id,"
                                        + " pg_postmaster_start_time()::text AS started")
                                .map((rs, ctx) -> rs.getString("id") == null
                                        ? null
                                        : new CommitOutcomes.Transaction(rs.getString("id"), rs.getString("started")))
                                .one();
                    }
                    done.result = result;
                    return result;
                } finally {
                    current.remove();
                    noted.remove();
                }
            });
        } catch (RuntimeException e) {
            if (done.transaction != null && CommitOutcomes.isConnectionLoss(e)) {
                return resolveLostCommit(done.transaction, done.result, e);
            }
            throw PostgresErrors.translate(e);
        }
    }

    private <T> T resolveLostCommit(CommitOutcomes.Transaction transaction, T result, RuntimeException e) {
        CommitOutcomes.Outcome outcome = outcomes.of(transaction);
        LOG.warn(
                "The connection was lost while committing transaction {}; it {}",
                transaction.id(),
                outcome == CommitOutcomes.Outcome.UNKNOWN
                        ? "may have committed or not (no answer, or a restarted server)"
                        : outcome == CommitOutcomes.Outcome.COMMITTED ? "committed" : "did not commit");
        return switch (outcome) {
            case COMMITTED -> result;
            case ABORTED -> throw PostgresErrors.translate(e);
            case UNKNOWN ->
                throw ConveyorException.unavailable(
                        "the connection to the database was lost while committing: the request may have taken effect",
                        e);
        };
    }

    /** Runs {@code callback} on the current transaction's handle, or on a pooled one. */
    <T> T withHandle(HandleCallback<T, RuntimeException> callback) {
        Handle handle = current.get();
        try {
            return handle != null ? callback.withHandle(handle) : jdbi.withHandle(callback);
        } catch (RuntimeException e) {
            throw PostgresErrors.translate(e);
        }
    }
}
