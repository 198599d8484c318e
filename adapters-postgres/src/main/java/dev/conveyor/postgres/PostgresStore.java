package dev.conveyor.postgres;

import java.util.Map;
import org.jdbi.v3.core.Jdbi;
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
   * next ANALYZE, a minute later, threw them away. Planning costs tens of microseconds per statement; the
   * statements whose plan must not depend on statistics at all pin it themselves (see JdbiMessageStore).
   */
  public static final String CONNECTION_SETUP = "SET plan_cache_mode = force_custom_plan";

  /** Driver properties the pooled connections need: statements prepared on the server from their first use. */
  public static final Map<String, String> DRIVER_PROPERTIES = Map.of("prepareThreshold", "1");

  private PostgresStore() {}

  public static Jdbi configure(Jdbi jdbi) {
    // The adapters' SQL has no <attribute> templates; rendering one anyway (Dropwizard's default engine lexes
    // every statement on every execution) was a visible share of a publish's CPU in the profile.
    jdbi.setTemplateEngine(TemplateEngine.NOP);
    return jdbi.installPlugin(new PostgresPlugin());
  }
}
