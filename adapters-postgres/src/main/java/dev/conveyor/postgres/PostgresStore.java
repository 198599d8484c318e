package dev.conveyor.postgres;

import java.util.Map;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.statement.SqlLogger;
import org.jdbi.v3.core.statement.SqlStatements;
import org.jdbi.v3.core.statement.TemplateEngine;
import org.jdbi.v3.postgres.PostgresPlugin;

/**
 * Prepares a {@link Jdbi} for the adapters: PostgreSQL types (uuid, arrays) bound natively, and SQL taken as
 * written.
 */
public final class PostgresStore {
    /**
     * Run on every new pooled connection: every execution is planned for the table as it is then. A plan kept
     * for the connection (a generic one, or PostgreSQL's choice after five executions) was made when the table
     * was however big it was then: the benchmark's connections kept plans made on a nearly empty table (a
     * sequential scan and a hash join for an ack) while a queue filled to 200,000 messages, until autovacuum's
     * next ANALYZE, a minute later, threw them away. Planning costs tens of microseconds per statement. What a
     * plan made now assumes of a queue's size is migration 005's: messages.queue_id has no statistics.
     */
    public static final String CONNECTION_SETUP = "SET plan_cache_mode = force_custom_plan";

    /**
     * Driver properties the pooled connections need. Statements are prepared on the server from their first use.
     * Every wait is bounded, so that a stalled or silent database costs a request a 503, never a hang:
     * <ul>
     *   <li>{@code lock_timeout} 5 s: a statement waiting behind a lock (a migration, a manual {@code LOCK TABLE},
     *       a stuck transaction) gives up; a queue's own statements never wait on each other that long.</li>
     *   <li>{@code statement_timeout} 30 s: the longest legitimate statement is a purge or delete of a very big
     *       queue; anything longer is cancelled.</li>
     *   <li>{@code idle_in_transaction_session_timeout} 60 s: a transaction left open (a bug, a paused process)
     *       loses its session instead of holding locks and the vacuum horizon.</li>
     *   <li>{@code socketTimeout} 40 s (past the statement timeout, so that a cancelled statement answers first),
     *       {@code connectTimeout} 5 s and {@code loginTimeout} 5 s: a database that stopped answering at all (a
     *       network black hole) is given up on. A new connection's login would otherwise wait for the socket
     *       timeout (unless SSL's request, whose answer the driver waits for 5 s, came first).</li>
     * </ul>
     */
    public static final Map<String, String> DRIVER_PROPERTIES = Map.of(
            "prepareThreshold", "1",
            "options", "-c lock_timeout=5s -c statement_timeout=30s -c idle_in_transaction_session_timeout=60s",
            "socketTimeout", "40",
            "connectTimeout", "5",
            "loginTimeout", "5");

    private PostgresStore() {}

    public static Jdbi configure(Jdbi jdbi) {
        // The adapters' SQL has no <attribute> templates; rendering one anyway (Dropwizard's default engine lexes
        // every statement on every execution) was a visible share of a publish's CPU in the profile.
        jdbi.setTemplateEngine(TemplateEngine.NOP);
        // Dropwizard's JdbiFactory times every statement into a Dropwizard timer named by a strategy: work on
        // every statement (a name, a decaying reservoir's insert) for figures the README never offered; the pool's
        // gauges and the HTTP histograms say what an operator needs.
        jdbi.getConfig(SqlStatements.class).setSqlLogger(SqlLogger.NOP_SQL_LOGGER);
        return jdbi.installPlugin(new PostgresPlugin());
    }
}
