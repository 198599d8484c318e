package dev.conveyor.postgres;

import dev.conveyor.domain.ConveyorException;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import java.util.Optional;
import org.jdbi.v3.core.ConnectionException;

/** Turns what PostgreSQL and the pool report into the refusals the rest of Conveyor understands. */
final class PostgresErrors {
    static final String UNIQUE_VIOLATION = "23505";
    static final String FOREIGN_KEY_VIOLATION = "23503";

    private PostgresErrors() {}

    /** The SQLState of the first SQL exception in the cause chain. */
    static Optional<String> sqlState(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof SQLException sql && sql.getSQLState() != null) {
                return Optional.of(sql.getSQLState());
            }
        }
        return Optional.empty();
    }

    static boolean is(Throwable e, String state) {
        return sqlState(e).filter(state::equals).isPresent();
    }

    /**
     * A lost or refused connection, a server shutting down, a statement timeout or an exhausted pool become
     * {@link ConveyorException.Kind#UNAVAILABLE} (503); anything else passes unchanged.
     */
    static RuntimeException translate(RuntimeException e) {
        if (e instanceof ConveyorException) {
            return e;
        }
        if (e instanceof ConnectionException || hasCause(e, SQLTransientConnectionException.class)) {
            return ConveyorException.unavailable("the database cannot be reached", e);
        }
        String state = sqlState(e).orElse("");
        if (state.startsWith("08") || state.startsWith("57P") || state.equals("53300")) {
            return ConveyorException.unavailable("the database cannot be reached", e);
        }
        // 57014: statement_timeout (or a cancel); 55P03: lock_timeout; 25P03: idle_in_transaction_session_timeout.
        if (state.equals("57014") || state.equals("55P03") || state.equals("25P03")) {
            return ConveyorException.unavailable("the database did not answer in time", e);
        }
        return e;
    }

    private static boolean hasCause(Throwable e, Class<? extends Throwable> type) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (type.isInstance(t)) {
                return true;
            }
        }
        return false;
    }
}
