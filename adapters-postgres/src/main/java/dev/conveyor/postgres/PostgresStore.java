package dev.conveyor.postgres;

import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.postgres.PostgresPlugin;

/** Prepares a {@link Jdbi} for the adapters: PostgreSQL types (uuid, arrays) bound natively. */
public final class PostgresStore {
  private PostgresStore() {}

  public static Jdbi configure(Jdbi jdbi) {
    return jdbi.installPlugin(new PostgresPlugin());
  }
}
