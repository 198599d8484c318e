package dev.conveyor.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import dev.conveyor.application.port.MessageStore.DeadLetter;
import dev.conveyor.domain.Delivery;
import dev.conveyor.domain.Receipt;
import dev.conveyor.postgres.testing.TestDatabase;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import org.jdbi.v3.core.Handle;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A receive and the statements that follow it (ack, extend, nack, dead-letter by receipt) read a handful of pages
 * from a big queue whatever the planner's statistics say. The database here is the case that fooled it: at the
 * last ANALYZE the table held 1,000 queues of 5 messages, so a generic plan's estimate of any queue is 5 rows;
 * since then one queue has filled with 100,000. A plan that reads the whole queue (a bitmap scan and a sort for
 * the receive; a hash join for an ack) reads over a thousand pages; the intended ones read a few dozen per
 * message.
 */
class GenericPlansTest {
  private static final int FILLED = 100_000;
  /** Generous for 10 messages (the intended plans read about 200 pages for a receive, 50 for an ack). */
  private static final long PAGES_FOR_TEN_MESSAGES = 600;

  private static TestDatabase db;
  private static JdbiSession session;
  private static JdbiMessageStore messages;

  @BeforeAll
  static void fillOneQueueAfterTheStatisticsWereTaken() throws SQLException {
    db = TestDatabase.create();
    session = new JdbiSession(db.jdbi());
    messages = new JdbiMessageStore(session);
    try (Connection c = db.connect(); Statement s = c.createStatement()) {
      s.execute("INSERT INTO queues (id, ack_deadline_seconds, message_retention_seconds, delivery_delay_seconds,"
          + " backoff_min_seconds, backoff_max_seconds, created_at, updated_at)"
          + " SELECT 'q' || g, 30, 1209600, 0, 0, 0, now(), now() FROM generate_series(0, 1000) g");
      s.execute("INSERT INTO messages (queue_id, id, body, attributes, created_at, visible_at)"
          + " SELECT 'q' || (g % 1000 + 1), gen_random_uuid(), '{}', '{}', now(), now() FROM generate_series(1, 5000) g");
      s.execute("ANALYZE messages");
      s.execute("INSERT INTO messages (queue_id, id, body, attributes, label, created_at, visible_at)"
          + " SELECT 'q0', gen_random_uuid(), '{}', '{}', CASE WHEN g % 2 = 0 THEN 'red' END, now(),"
          + " now() - random() * interval '1 hour' FROM generate_series(1, " + FILLED + ") g");
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
  void aReceiveReadsAFewPagesOfABigQueue() {
    assertPagesRead(() -> lease(null, null));
  }

  @Test
  void aReceiveByLabelOrOfABoundedQueueReadsAFewPagesToo() {
    assertPagesRead(() -> lease("red", null));
    assertPagesRead(() -> lease(null, 5));
  }

  @Test
  void anAckReadsAFewPages() {
    assertPagesReadAfterALease(receipts -> messages.delete("q0", receipts));
  }

  @Test
  void anExtendReadsAFewPages() {
    assertPagesReadAfterALease(receipts -> messages.extend("q0", receipts, Instant.now().plusSeconds(60)));
  }

  @Test
  void aNackReadsAFewPages() {
    assertPagesReadAfterALease(receipts -> {
      messages.lockLeased("q0", receipts);
      messages.release("q0", receipts.stream().collect(Collectors.toMap(r -> r, r -> Instant.now())));
    });
  }

  @Test
  void aDeadLetterByReceiptReadsAFewPages() {
    assertPagesReadAfterALease(
        receipts -> messages.retire("q0", receipts, Instant.EPOCH, new DeadLetter("q1", Instant.now())));
  }

  private static void lease(String label, Integer maxDeliveries) {
    Instant now = Instant.now();
    assertThat(messages.lease("q0", label, 10, now, now.plusSeconds(30), Instant.EPOCH, maxDeliveries)).hasSize(10);
  }

  private static void assertPagesRead(Runnable work) {
    inRolledBackTransaction(h -> {
      long before = pagesRead(h);
      work.run();
      assertFewPagesRead(pagesRead(h) - before);
    });
  }

  /** Leases 10 messages, then measures only what {@code work} does with their receipts. */
  private static void assertPagesReadAfterALease(Consumer<List<Receipt>> work) {
    inRolledBackTransaction(h -> {
      Instant now = Instant.now();
      List<Receipt> receipts = messages.lease("q0", null, 10, now, now.plusSeconds(30), Instant.EPOCH, null)
          .stream().map(Delivery::receipt).toList();
      long before = pagesRead(h);
      work.accept(receipts);
      assertFewPagesRead(pagesRead(h) - before);
    });
  }

  private static void assertFewPagesRead(long pages) {
    assertThat(pages).as("pages of messages and its indexes read for 10 messages").isLessThan(PAGES_FOR_TEN_MESSAGES);
  }

  /**
   * Runs {@code work} in a transaction rolled back afterwards (the queue stays as it was for the next test), on
   * a connection set up as the pool's are. Pages are counted by the backend's own counters for the transaction,
   * so nothing else running on the server counts.
   */
  private static void inRolledBackTransaction(Consumer<Handle> work) {
    try {
      session.inTransaction(() -> session.withHandle(h -> {
        h.execute(PostgresStore.CONNECTION_SETUP);
        work.accept(h);
        throw new RolledBack();
      }));
    } catch (RolledBack expected) {
      // As intended.
    }
  }

  private static long pagesRead(Handle h) {
    Map<String, Object> row = h.createQuery("""
            SELECT sum(pg_stat_get_xact_blocks_fetched(c.oid)) AS pages
            FROM pg_class c
            WHERE c.relname = 'messages' OR c.oid IN (SELECT indexrelid FROM pg_index WHERE indrelid = 'messages'::regclass)
            """)
        .mapToMap()
        .one();
    return ((Number) row.get("pages")).longValue();
  }

  private static final class RolledBack extends RuntimeException {
    RolledBack() {
      super(null, null, false, false);
    }
  }
}
