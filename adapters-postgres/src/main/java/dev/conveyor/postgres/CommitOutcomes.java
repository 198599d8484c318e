package dev.conveyor.postgres;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.locks.LockSupport;
import org.jdbi.v3.core.Jdbi;

/**
 * Learns whether a transaction committed after the connection was lost during its COMMIT: the server may have
 * committed it and then failed to say so (a fast shutdown ends sessions at any point; a network failure loses the
 * answer). PostgreSQL keeps every transaction's fate: {@code pg_xact_status} of its id says committed or aborted,
 * once the server can be reached again, which is waited for, within a bound.
 *
 * <p>One trap: after a crash, PostgreSQL hands out again the ids of transactions whose WAL never reached the disk,
 * so "committed" may be another transaction's fate. So "committed" is believed only from the server that was
 * running when the transaction was (same postmaster start time); from a restarted one it is UNKNOWN. "Aborted",
 * and an id "in the future" (it never reached the disk), are true either way: a reused id means ours was lost.
 */
final class CommitOutcomes {
    /** What became of a transaction. */
    enum Outcome {
        COMMITTED,
        ABORTED,
        /** The server could not be asked within the bound: it may have committed or not. */
        UNKNOWN
    }

    private static final long RETRY_NANOS = Duration.ofMillis(100).toNanos();

    private final Jdbi jdbi;
    private final Duration within;

    CommitOutcomes(Jdbi jdbi, Duration within) {
        this.jdbi = jdbi;
        this.within = within;
    }

    /** A transaction to look up: its id and the start time of the server it ran on, as PostgreSQL gave them. */
    record Transaction(String id, String serverStart) {}

    /** Asks, on connections of the pool, until the server answers or {@code within} has passed. */
    Outcome of(Transaction transaction) {
        long deadline = System.nanoTime() + within.toNanos();
        while (true) {
            Optional<Status> status = ask(transaction.id());
            if (status.isPresent()) {
                switch (status.get().status()) {
                    case "committed":
                        return status.get().serverStart().equals(transaction.serverStart())
                                ? Outcome.COMMITTED
                                : Outcome.UNKNOWN;
                    case "aborted", "in the future":
                        return Outcome.ABORTED;
                    default:
                    // "in progress": the ended session's backend has not finished rolling back yet.
                }
            }
            if (System.nanoTime() - deadline >= 0) {
                return Outcome.UNKNOWN;
            }
            LockSupport.parkNanos(RETRY_NANOS);
        }
    }

    private record Status(String status, String serverStart) {}

    private Optional<Status> ask(String transactionId) {
        try {
            return jdbi.withHandle(handle -> handle.createQuery(
                            "SELECT coalesce(pg_xact_status(CAST(:id AS xid8)), 'unknown') AS status,"
                                    + " pg_postmaster_start_time()::text AS started")
                    .bind("id", transactionId)
                    .map((rs, ctx) -> new Status(rs.getString("status"), rs.getString("started")))
                    .findOne());
        } catch (RuntimeException e) {
            // 22023: "transaction ID ... is in the future": the server restarted without it.
            return PostgresErrors.is(e, "22023") ? Optional.of(new Status("in the future", "")) : Optional.empty();
        }
    }

    /** The connection, or the server, went away: what happens to a COMMIT in flight then is not known. */
    static boolean isConnectionLoss(Throwable e) {
        String state = PostgresErrors.sqlState(e).orElse("");
        return state.startsWith("08") || state.startsWith("57P");
    }
}
