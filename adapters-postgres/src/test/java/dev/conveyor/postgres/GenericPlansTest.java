package dev.conveyor.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import dev.conveyor.postgres.testing.TestDatabase;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The pool's connections plan every statement generically, so a receive does not rest on a queue's lagging
 * statistics: on a queue that was empty at the last ANALYZE and holds many messages now, the receive still
 * walks the (queue_id, visible_at, id) index in order and stops after max_messages rows, with no sort.
 */
class GenericPlansTest {
  private static TestDatabase db;

  @BeforeAll
  static void fillAQueueAfterItsStatisticsWereTaken() throws SQLException {
    db = TestDatabase.create();
    try (Connection c = db.connect(); Statement s = c.createStatement()) {
      s.execute("INSERT INTO queues (id, ack_deadline_seconds, message_retention_seconds, delivery_delay_seconds,"
          + " backoff_min_seconds, backoff_max_seconds, created_at, updated_at)"
          + " SELECT q, 30, 1209600, 0, 0, 0, now(), now() FROM unnest(ARRAY['filled', 'other']) q");
      s.execute("INSERT INTO messages (queue_id, id, body, attributes, created_at, visible_at)"
          + " SELECT 'other', gen_random_uuid(), '{}', '{}', now(), now() FROM generate_series(1, 20000)");
      s.execute("ANALYZE messages");
      s.execute("INSERT INTO messages (queue_id, id, body, attributes, created_at, visible_at)"
          + " SELECT 'filled', gen_random_uuid(), '{}', '{}', now(), now() - g * interval '1 ms'"
          + " FROM generate_series(1, 50000) g");
    }
  }

  @AfterAll
  static void dropDatabase() {
    db.close();
  }

  @Test
  void theConnectionSetupMakesEveryPlanGeneric() throws SQLException {
    try (Connection c = db.connect(); Statement s = c.createStatement()) {
      s.execute(PostgresStore.CONNECTION_SETUP);
      try (ResultSet rs = s.executeQuery("SHOW plan_cache_mode")) {
        rs.next();
        assertThat(rs.getString(1)).isEqualTo("force_generic_plan");
      }
    }
  }

  @Test
  void aReceiveWalksTheVisibilityIndexInOrderWhateverTheQueuesStatisticsSay() throws SQLException {
    List<String> plan = new ArrayList<>();
    try (Connection c = db.connect(); Statement s = c.createStatement()) {
      s.execute(PostgresStore.CONNECTION_SETUP);
      s.execute("BEGIN");
      s.execute("PREPARE lease(text, timestamptz, timestamptz, bigint, timestamptz) AS " + JdbiMessageStore.LEASE_ANY
          .replace(":queueId", "$1").replace(":now", "$2").replace(":createdAfter", "$3").replace(":max", "$4")
          .replace(":leaseEnd", "$5"));
      try (ResultSet rs = s.executeQuery("EXPLAIN (ANALYZE, COSTS OFF) EXECUTE lease('filled', now(),"
          + " now() - interval '1 day', 10, now() + interval '30 seconds')")) {
        while (rs.next()) {
          plan.add(rs.getString(1));
        }
      }
      s.execute("ROLLBACK");
    }

    String text = String.join("\n", plan);
    assertThat(text).contains("Index Scan using messages_queue_visible").doesNotContain("Sort");
    assertThat(plan).filteredOn(line -> line.contains("Index Scan using messages_queue_visible"))
        .singleElement().asString().contains("rows=10 ");
  }
}
