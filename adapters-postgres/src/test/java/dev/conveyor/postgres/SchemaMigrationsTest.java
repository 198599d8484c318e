package dev.conveyor.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import dev.conveyor.postgres.testing.TestDatabase;
import java.sql.Connection;
import org.junit.jupiter.api.Test;

class SchemaMigrationsTest {
  @Test
  void aFreshDatabaseHasEveryChangePendingAndNoneAfterMigrating() throws Exception {
    try (TestDatabase db = TestDatabase.create(false); Connection c = db.connect()) {
      assertThat(SchemaMigrations.pending(c)).contains("001-messages", "001-queues");
      SchemaMigrations.migrate(c);
      assertThat(SchemaMigrations.pending(c)).isEmpty();
      SchemaMigrations.migrate(c); // applying again changes nothing
      assertThat(SchemaMigrations.pending(c)).isEmpty();
    }
  }
}
