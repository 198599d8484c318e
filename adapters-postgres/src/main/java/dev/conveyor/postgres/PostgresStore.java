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
   * Run on every new pooled connection: generic plans, made once for any parameter values. A plan made for
   * one queue id must not rest on that queue's statistics, which lag behind it: with custom plans, a queue
   * that was empty at the last ANALYZE and filled since got a bitmap scan and a sort of every visible message
   * on each receive (seconds at 200,000 messages; receives fell from 12,000 to 38 messages/s for a minute in
   * the benchmark) until autovacuum analyzed again. The generic plan walks the (queue_id, visible_at, id)
   * index and stops after max_messages rows, whatever the statistics say.
   */
  public static final String CONNECTION_SETUP = "SET plan_cache_mode = force_generic_plan";

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
