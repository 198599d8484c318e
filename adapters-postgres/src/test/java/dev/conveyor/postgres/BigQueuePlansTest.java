package dev.conveyor.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import dev.conveyor.application.port.MessageStore.DeadLetter;
import dev.conveyor.domain.Delivery;
import dev.conveyor.domain.Receipt;
import dev.conveyor.postgres.testing.TestDatabase;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.jdbi.v3.core.ConnectionFactory;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A receive and the statements that follow it (ack, extend, nack, dead-letter by receipt), and a redrive back to
 * the sources, read a handful of pages of a big queue, whatever the table looked like at the last ANALYZE and
 * however small it was when the connection first ran them. Two tables that fooled the planner: at the last ANALYZE one held 1,000 queues of
 * one message, the other one queue of 5,000; since then queue q0 has filled with 100,000 messages. A plan that
 * reads the whole queue (a bitmap scan and a sort for a receive; for an ack, a hash join, or a lookup through
 * messages_queue_visible, where the id comes third) reads over a thousand pages; the intended ones a few dozen
 * per message. Each statement is measured on two connections set up as the pool's are: one opened after the
 * fill, and one that ran every statement on the small table before it, where a plan kept for the connection
 * would have been made.
 */
class BigQueuePlansTest {
    private static final int FILLED = 100_000;
    /** Generous for 10 messages: the intended plans read about 200 pages for a receive, 50 for an ack. */
    private static final long PAGES_FOR_TEN_MESSAGES = 600;

    private static final Map<String, String> ROWS_AT_THE_LAST_ANALYZE = Map.of(
            "1,000 small queues", "SELECT 'q' || (g % 1000 + 1), g FROM generate_series(1, 1000) g",
            "one queue holding everything", "SELECT 'q1', g FROM generate_series(1, 5000) g");

    private static final List<Table> TABLES = new java.util.ArrayList<>();

    /** One database in the state above, and its two connections. */
    private record Table(
            String name, TestDatabase db, JdbiSession fresh, Connection earlyConnection, JdbiSession early) {}

    /** A statement of the store on queue q0, or on the small queue q1 before the fill. */
    private interface StoreStatement {
        void run(JdbiMessageStore store, String queue);
    }

    private interface ReceiptsStatement {
        void run(JdbiMessageStore store, String queue, List<Receipt> receipts);
    }

    @BeforeAll
    static void fillOneQueueAfterTheStatisticsWereTaken() throws SQLException {
        for (var shape : ROWS_AT_THE_LAST_ANALYZE.entrySet()) {
            TestDatabase db = TestDatabase.create();
            Connection early = pooledLikeConnection(db);
            Table table = new Table(
                    shape.getKey(),
                    db,
                    new JdbiSession(PostgresStore.configure(Jdbi.create(() -> pooledLikeConnection(db)))),
                    early,
                    new JdbiSession(PostgresStore.configure(Jdbi.create(new ConnectionFactory() {
                        @Override
                        public Connection openConnection() {
                            return early;
                        }

                        @Override
                        public void closeConnection(Connection connection) {
                            // One connection for the whole class, so that it keeps whatever it planned.
                        }
                    }))));
            TABLES.add(table);
            try (Connection c = db.connect();
                    Statement s = c.createStatement()) {
                s.execute(
                        "INSERT INTO queues (id, ack_deadline_seconds, message_retention_seconds, delivery_delay_seconds,"
                                + " backoff_min_seconds, backoff_max_seconds, created_at, updated_at)"
                                + " SELECT 'q' || g, 30, 1209600, 0, 0, 0, now(), now() FROM generate_series(0, 1000) g");
                s.execute("INSERT INTO messages (queue_id, id, body, attributes, label, created_at, visible_at)"
                        + " SELECT q, gen_random_uuid(), '{}', '{}', CASE WHEN g % 2 = 0 THEN 'red' END, now(), now()"
                        + " FROM (" + shape.getValue() + ") AS rows(q, g)");
                s.execute("ANALYZE messages");
                statements()
                        .forEach(statement -> measure(
                                table.early(), "q1", (StoreStatement) statement.get()[1]));
                s.execute("INSERT INTO messages (queue_id, id, body, attributes, label, created_at, visible_at)"
                        + " SELECT 'q0', gen_random_uuid(), '{}', '{}', CASE WHEN g % 2 = 0 THEN 'red' END, now(),"
                        + " now() - random() * interval '1 hour' FROM generate_series(1, " + FILLED + ") g");
            }
        }
    }

    @AfterAll
    static void dropDatabases() throws SQLException {
        for (Table table : TABLES) {
            table.earlyConnection().close();
            table.db().close();
        }
    }

    static Stream<Arguments> statements() {
        return Stream.of(
                Arguments.of("receive", (StoreStatement) (store, queue) -> lease(store, queue, null, null)),
                Arguments.of("receive by label", (StoreStatement) (store, queue) -> lease(store, queue, "red", null)),
                Arguments.of("receive from a bounded queue", (StoreStatement)
                        (store, queue) -> lease(store, queue, null, 5)),
                Arguments.of("ack", afterALease((store, queue, receipts) -> store.delete(queue, receipts))),
                Arguments.of(
                        "extend",
                        afterALease((store, queue, receipts) ->
                                store.extend(queue, receipts, Instant.now().plusSeconds(60)))),
                Arguments.of("nack", afterALease((store, queue, receipts) -> {
                    store.lockLeased(queue, receipts);
                    store.release(queue, receipts.stream().collect(Collectors.toMap(r -> r, r -> Instant.now())));
                })),
                Arguments.of(
                        "dead-letter by receipt",
                        afterALease((store, queue, receipts) -> store.retire(
                                queue,
                                receipts,
                                Instant.EPOCH,
                                new DeadLetter("q1000", Instant.now(), Instant.now())))),
                // Looks at 10 messages (none dead-lettered: it moves nothing, so every run sees the same table).
                Arguments.of("redrive back to the sources", (StoreStatement)
                        (store, queue) -> assertThat(store.redriveToSources(queue, Instant.now(), null, null, 10, 10))
                                .isNotEmpty()));
    }

    static Stream<Arguments> statementsOnEachTable() {
        return ROWS_AT_THE_LAST_ANALYZE.keySet().stream()
                .sorted()
                .flatMap(table -> statements().map(s -> Arguments.of(table, s.get()[0], s.get()[1])));
    }

    @Test
    void theConnectionSetupPlansEachExecution() throws SQLException {
        try (Connection c = TABLES.get(0).db().connect();
                Statement s = c.createStatement()) {
            s.execute(PostgresStore.CONNECTION_SETUP);
            try (ResultSet rs = s.executeQuery("SHOW plan_cache_mode")) {
                rs.next();
                assertThat(rs.getString(1)).isEqualTo("force_custom_plan");
            }
        }
    }

    @ParameterizedTest(name = "{0}: {1}")
    @MethodSource("statementsOnEachTable")
    void onAConnectionOpenedAfterTheFill(String table, String name, StoreStatement statement) {
        assertThat(measure(table(table).fresh(), "q0", statement))
                .as("pages read by a %s of 10 messages", name)
                .isLessThan(PAGES_FOR_TEN_MESSAGES);
    }

    @ParameterizedTest(name = "{0}: {1}")
    @MethodSource("statementsOnEachTable")
    void onAConnectionThatRanItWhenTheTableWasSmall(String table, String name, StoreStatement statement) {
        assertThat(measure(table(table).early(), "q0", statement))
                .as("pages read by a %s of 10 messages", name)
                .isLessThan(PAGES_FOR_TEN_MESSAGES);
    }

    private static Table table(String name) {
        return TABLES.stream().filter(t -> t.name().equals(name)).findFirst().orElseThrow();
    }

    /** Leases 10 messages unmeasured (see {@link #measure}), then runs {@code statement} on their receipts. */
    private static StoreStatement afterALease(ReceiptsStatement statement) {
        return (store, queue) -> {
            Instant now = Instant.now();
            List<Receipt> receipts =
                    store.lease(queue, null, 10, now, now.plusSeconds(30), Instant.EPOCH, null).stream()
                            .map(Delivery::receipt)
                            .toList();
            assertThat(receipts).isNotEmpty();
            MEASURED_FROM.set(pagesRead(CURRENT.get()));
            statement.run(store, queue, receipts);
        };
    }

    private static void lease(JdbiMessageStore store, String queue, String label, Integer maxDeliveries) {
        Instant now = Instant.now();
        assertThat(store.lease(queue, label, 10, now, now.plusSeconds(30), Instant.EPOCH, maxDeliveries))
                .isNotEmpty();
    }

    private static final ThreadLocal<Handle> CURRENT = new ThreadLocal<>();
    private static final ThreadLocal<Long> MEASURED_FROM = new ThreadLocal<>();

    /**
     * Runs {@code statement} in a transaction rolled back afterwards (the queue stays as it was for the next
     * test) and answers the pages it read from the messages table and its indexes, counted by the backend for
     * the transaction, so that nothing else running on the server counts.
     */
    private static long measure(JdbiSession session, String queue, StoreStatement statement) {
        long[] pages = new long[1];
        try {
            session.inTransaction(() -> session.withHandle(h -> {
                CURRENT.set(h);
                try {
                    MEASURED_FROM.set(pagesRead(h));
                    statement.run(new JdbiMessageStore(session), queue);
                    pages[0] = pagesRead(h) - MEASURED_FROM.get();
                } finally {
                    CURRENT.remove();
                }
                throw new RolledBack();
            }));
        } catch (RolledBack expected) {
            // As intended.
        }
        return pages[0];
    }

    private static long pagesRead(Handle h) {
        return h.createQuery("""
            SELECT sum(pg_stat_get_xact_blocks_fetched(c.oid))
            FROM pg_class c
            WHERE c.oid = 'messages'::regclass
               OR c.oid IN (SELECT indexrelid FROM pg_index WHERE indrelid = 'messages'::regclass)
            """).mapTo(Long.class).one();
    }

    /** A connection as the pool makes them: statements prepared on the server from their first use, set up. */
    private static Connection pooledLikeConnection(TestDatabase db) throws SQLException {
        Properties properties = new Properties();
        properties.setProperty("user", db.user());
        properties.setProperty("password", db.password());
        properties.putAll(PostgresStore.DRIVER_PROPERTIES);
        Connection connection = DriverManager.getConnection(db.url(), properties);
        try (Statement s = connection.createStatement()) {
            s.execute(PostgresStore.CONNECTION_SETUP);
        }
        return connection;
    }

    private static final class RolledBack extends RuntimeException {
        RolledBack() {
            super(null, null, false, false);
        }
    }
}
