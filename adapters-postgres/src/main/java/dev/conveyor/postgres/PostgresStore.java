package dev.conveyor.postgres;

import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.statement.TemplateEngine;
import org.jdbi.v3.postgres.PostgresPlugin;

/**
 * Prepares a {@link Jdbi} for the adapters: PostgreSQL types (uuid, arrays) bound natively, and SQL taken as
 * written.
 */
public final class PostgresStore {
  private PostgresStore() {}

  public static Jdbi configure(Jdbi jdbi) {
    // The adapters' SQL has no <attribute> templates; rendering one anyway (Dropwizard's default engine lexes
    // every statement on every execution) was a visible share of a publish's CPU in the profile.
    jdbi.setTemplateEngine(TemplateEngine.NOP);
    return jdbi.installPlugin(new PostgresPlugin());
  }
}
