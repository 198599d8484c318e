package dev.conveyor.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import dev.conveyor.domain.Delivery;
import dev.conveyor.postgres.testing.TestDatabase;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A receive from a FIFO queue reads only the groups that can be delivered, never the messages of busy ones: with
 * 100,000 messages in 2,000 groups, all but 10 of them holding a leased message, a receive of 10 reads about as
 * many pages of the messages table, message_groups and their indexes as one from a queue of only those 10 groups.
 * The busy groups' rows in message_groups wait, by their available_at, past the end of their leases, where the
 * receive's index scan stops before reaching them.
 */
class FifoLeasePlansTest {
    private static final int GROUPS = 2_000;
    private static final int PER_GROUP = 50;
    private static final int FREE_GROUPS = 10;

    private static final TestDatabase DB = TestDatabase.create();
    private static JdbiSession session;

    @BeforeAll
    static void fillAQueueWhoseGroupsAreMostlyBusyAndOneWithOnlyFreeGroups() throws SQLException {
        session = new JdbiSession(PostgresStore.configure(Jdbi.create(DB.url(), DB.user(), DB.password())));
        try (Connection c = DB.connect();
                Statement s = c.createStatement()) {
            fill(s, "busy", GROUPS);
            fill(s, "free", FREE_GROUPS);
            s.execute("ANALYZE messages");
            s.execute("ANALYZE message_groups");
        }
    }

    /**
     * A FIFO queue of {@code groups} groups of {@value #PER_GROUP} messages; the first {@value #FREE_GROUPS} can be
     * delivered, the first message of every other one is leased for another 10 minutes.
     */
    private static void fill(Statement s, String queue, int groups) throws SQLException {
        String busy = "g > " + FREE_GROUPS;
        s.execute("INSERT INTO queues (id, ack_deadline_seconds, message_retention_seconds, delivery_delay_seconds,"
                + " backoff_min_seconds, backoff_max_seconds, created_at, updated_at, fifo)"
                + " VALUES ('" + queue + "', 30, 1209600, 0, 0, 0, now(), now(), true)");
        s.execute("INSERT INTO messages (queue_id, id, body, attributes, created_at, visible_at, group_id,"
                + " sequence_number, lease_id, lease_expires_at)"
                + " SELECT '" + queue + "', gen_random_uuid(), '{}', '{}', now(),"
                + "        CASE WHEN n = 1 AND " + busy + " THEN now() + interval '10 minutes'"
                + "             ELSE now() - interval '1 minute' END,"
                + "        'g' || g, n * " + groups + " + g,"
                + "        CASE WHEN n = 1 AND " + busy + " THEN gen_random_uuid() END,"
                + "        CASE WHEN n = 1 AND " + busy + " THEN now() + interval '10 minutes' END"
                + " FROM generate_series(1, " + groups + ") g, generate_series(1, " + PER_GROUP + ") n");
        s.execute("INSERT INTO message_groups (queue_id, group_id, available_at)"
                + " SELECT '" + queue + "', 'g' || g, CASE WHEN " + busy
                + " THEN now() + interval '10 minutes' ELSE now() - interval '1 minute' END"
                + " FROM generate_series(1, " + groups + ") g");
    }

    @AfterAll
    static void dropDatabase() {
        DB.close();
    }

    @Test
    void aReceiveReadsAboutAsMuchWhateverTheBusyGroupsHold() {
        long small = pagesReadByAReceiveOf10("free");
        long big = pagesReadByAReceiveOf10("busy");

        // The busy groups' 99,500 messages fill some 1,500 pages of the table alone: reading a quarter of them
        // would show. The bigger table's deeper indexes cost a page or two more for each row the receive touches.
        assertThat(big - small)
                .as(
                        "pages read beside 1,990 busy groups (%d) beyond those of a queue of only the free ones (%d)",
                        big, small)
                .isLessThan(400);
    }

    private static long pagesReadByAReceiveOf10(String queue) {
        Instant now = Instant.now().truncatedTo(ChronoUnit.MICROS);
        long[] pages = new long[1];
        List<Delivery> leased = new ArrayList<>();
        PagesRead.rolledBack(session, h -> {
            long before = PagesRead.sofar(h);
            leased.addAll(new JdbiMessageStore(session)
                    .leaseGroups(queue, 10, now, now.plusSeconds(30), Instant.EPOCH, null));
            pages[0] = PagesRead.sofar(h) - before;
        });
        assertThat(leased)
                .extracting(d -> d.message().groupId())
                .as("ten from the first free group, in order")
                .containsOnly("g1");
        assertThat(leased).extracting(d -> d.message().sequenceNumber()).isSorted();
        return pages[0];
    }
}
