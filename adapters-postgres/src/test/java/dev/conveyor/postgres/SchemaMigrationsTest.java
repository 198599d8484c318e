package dev.conveyor.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import dev.conveyor.postgres.testing.TestDatabase;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
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

  @Test
  void tellingWhatIsPendingOnADatabaseNobodyMigratedLeavesItEmpty() throws Exception {
    try (TestDatabase db = TestDatabase.create(false); Connection c = db.connect()) {
      assertThat(SchemaMigrations.pending(c)).contains("001-topics", "006-messages-autovacuum");
      try (Statement s = c.createStatement();
          ResultSet rs = s.executeQuery("SELECT count(*) FROM pg_tables WHERE schemaname = 'public'")) {
        rs.next();
        assertThat(rs.getInt(1)).isZero();
      }
    }
  }

  @Test
  void theMessagesTableIsVacuumedOnceAHundredthOfItIsDead() throws Exception {
    try (TestDatabase db = TestDatabase.create(); Connection c = db.connect();
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT unnest(reloptions) FROM pg_class WHERE oid = 'messages'::regclass")) {
      List<String> options = new ArrayList<>();
      while (rs.next()) {
        options.add(rs.getString(1));
      }
      assertThat(options).contains("autovacuum_vacuum_scale_factor=0.01", "autovacuum_vacuum_threshold=1000",
          "autovacuum_analyze_scale_factor=0.02", "autovacuum_vacuum_cost_delay=0");
    }
  }
}
