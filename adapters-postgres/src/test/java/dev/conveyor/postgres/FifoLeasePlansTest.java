package dev.conveyor.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import dev.conveyor.domain.Delivery;
import dev.conveyor.postgres.testing.TestDatabase;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A receive from a FIFO queue reads only the groups that can be delivered, never the messages of busy ones: with
 * 100,000 messages in 2,000 groups, all but 10 of them holding a leased message, a receive of 10 reads about as
 * many pages of the messages table and its indexes as one from a queue of 10 groups. The busy groups' rows in
 * message_groups wait, by their available_at, past the end of their leases, where the receive's index scan
 * stops before reaching them.
 */
class FifoLeasePlansTest {
    private static final int GROUPS = 2_000;
    private static final int PER_GROUP = 50;
    private static final int FREE_GROUPS = 10;
    /** Generous for 10 messages of 10 groups: the intended plans read a few dozen pages. */
    private static final long PAGES_FOR_TEN_MESSAGES = 400;

    private static final Instant NOW = Instant.now().truncatedTo(ChronoUnit.MICROS);
    private static final TestDatabase DB = TestDatabase.create();
    private static JdbiSession session;

    @BeforeAll
    static void fillAQueueWhoseGroupsAreMostlyBusy() throws SQLException {
        session = new JdbiSession(PostgresStore.configure(Jdbi.create(DB.url(), DB.user(), DB.password())));
        try (Connection c = DB.connect();
                Statement s = c.createStatement()) {
            s.execute("INSERT INTO queues (id, ack_deadline_seconds, message_retention_seconds, delivery_delay_seconds,"
                    + " backoff_min_seconds, backoff_max_seconds, created_at, updated_at, fifo)"
                    + " VALUES ('f', 30, 1209600, 0, 0, 0, now(), now(), true)");
            // Group g's n-th message; the first message of every busy group is leased for another 10 minutes.
            s.execute("INSERT INTO messages (queue_id, id, body, attributes, created_at, visible_at, group_id,"
                    + " sequence_number, lease_id, lease_expires_at)"
                    + " SELECT 'f', gen_random_uuid(), '{}', '{}', now(),"
                    + "        CASE WHEN n = 1 AND g > " + FREE_GROUPS + " THEN now() + interval '10 minutes'"
                    + "             ELSE now() - interval '1 minute' END,"
                    + "        'g' || g, n * " + GROUPS + " + g,"
                    + "        CASE WHEN n = 1 AND g > " + FREE_GROUPS + " THEN gen_random_uuid() END,"
                    + "        CASE WHEN n = 1 AND g > " + FREE_GROUPS + " THEN now() + interval '10 minutes' END"
                    + " FROM generate_series(1, " + GROUPS + ") g, generate_series(1, " + PER_GROUP + ") n");
            s.execute("INSERT INTO message_groups (queue_id, group_id, available_at)"
                    + " SELECT 'f', 'g' || g, CASE WHEN g > " + FREE_GROUPS
                    + " THEN now() + interval '10 minutes' ELSE now() - interval '1 minute' END"
                    + " FROM generate_series(1, " + GROUPS + ") g");
            s.execute("ANALYZE messages");
            s.execute("ANALYZE message_groups");
        }
    }

    @AfterAll
    static void dropDatabase() {
        DB.close();
    }

    @Test
    void aReceiveReadsOnlyTheGroupsThatCanBeDelivered() {
        long[] pages = new long[1];
        List<Delivery> leased = rolledBack(h -> {
            long before = pagesRead(h);
            List<Delivery> deliveries =
                    new JdbiMessageStore(session).leaseGroups("f", 10, NOW, NOW.plusSeconds(30), Instant.EPOCH, null);
            pages[0] = pagesRead(h) - before;
            return deliveries;
        });

        assertThat(leased).hasSize(10);
        assertThat(leased)
                .extracting(d -> d.message().groupId())
                .as("all ten from the first free group, in order")
                .containsOnly("g1");
        assertThat(pages[0]).as("pages read by a receive of 10").isLessThan(PAGES_FOR_TEN_MESSAGES);
    }

    /** Runs {@code work} in a transaction that is rolled back, so that each test sees the table as filled. */
    private static <T> T rolledBack(java.util.function.Function<Handle, T> work) {
        Object[] result = new Object[1];
        try {
            session.inTransaction(() -> session.withHandle(h -> {
                result[0] = work.apply(h);
                throw new RolledBack();
            }));
        } catch (RolledBack expected) {
            // As intended.
        }
        @SuppressWarnings("unchecked")
        T answer = (T) result[0];
        return answer;
    }

    private static final class RolledBack extends RuntimeException {
        private static final long serialVersionUID = 1L;
    }

    private static long pagesRead(Handle h) {
        return h.createQuery("""
            SELECT sum(pg_stat_get_xact_blocks_fetched(c.oid))
            FROM pg_class c
            WHERE c.oid IN ('messages'::regclass, 'message_groups'::regclass)
               OR c.oid IN (SELECT indexrelid FROM pg_index
                            WHERE indrelid IN ('messages'::regclass, 'message_groups'::regclass))
            """).mapTo(Long.class).one();
    }
}
