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
 * A receive from a fair queue (a standard queue whose messages carry groups) serves a quiet group and the messages
 * without a group beside a noisy group's backlog of 100,000 older messages, and reads about as many pages doing so
 * as beside a backlog of 10: it never steps over the backlog, neither to reach the messages without a group (the
 * index they are received through leaves grouped messages out) nor to reach the quiet group (groups are found
 * through message_groups, and each is read a share at a time).
 */
class FairLeasePlansTest {
    private static final TestDatabase DB = TestDatabase.create();
    private static JdbiSession session;

    @BeforeAll
    static void fillTwoQueuesThatDifferOnlyInTheNoisyBacklog() throws SQLException {
        session = new JdbiSession(PostgresStore.configure(Jdbi.create(DB.url(), DB.user(), DB.password())));
        try (Connection c = DB.connect();
                Statement s = c.createStatement()) {
            fill(s, "deep", 100_000);
            fill(s, "shallow", 10);
            s.execute("ANALYZE messages");
            s.execute("ANALYZE message_groups");
        }
    }

    /** {@code backlog} messages of group "noisy", then one of group "quiet" and three without a group. */
    private static void fill(Statement s, String queue, int backlog) throws SQLException {
        s.execute("INSERT INTO queues (id, ack_deadline_seconds, message_retention_seconds, delivery_delay_seconds,"
                + " backoff_min_seconds, backoff_max_seconds, created_at, updated_at)"
                + " VALUES ('" + queue + "', 30, 1209600, 0, 0, 0, now(), now())");
        s.execute("INSERT INTO messages (queue_id, id, body, attributes, created_at, visible_at, group_id)"
                + " SELECT '" + queue + "', gen_random_uuid(), '{}', '{}', now(),"
                + "        now() - interval '10 minutes' + n * interval '1 millisecond', 'noisy'"
                + " FROM generate_series(1, " + backlog + ") n");
        s.execute("INSERT INTO messages (queue_id, id, body, attributes, created_at, visible_at, group_id)"
                + " VALUES ('" + queue + "', gen_random_uuid(), '\"quiet\"', '{}', now(), now() - interval '1 minute',"
                + " 'quiet')");
        s.execute("INSERT INTO messages (queue_id, id, body, attributes, created_at, visible_at)"
                + " SELECT '" + queue + "', gen_random_uuid(), '\"alone\"', '{}', now(), now() - interval '1 minute'"
                + " FROM generate_series(1, 3)");
        s.execute("INSERT INTO message_groups (queue_id, group_id, available_at) VALUES"
                + " ('" + queue + "', 'noisy', now() - interval '10 minutes'),"
                + " ('" + queue + "', 'quiet', now() - interval '1 minute')");
    }

    @AfterAll
    static void dropDatabase() {
        DB.close();
    }

    @Test
    void aReceiveServesTheQuietGroupAndTheUngroupedBesideTheBacklogWithoutReadingIt() {
        long shallow = pagesReadByAReceiveOf10("shallow");
        long deep = pagesReadByAReceiveOf10("deep");

        // The 100,000 noisy messages fill well over a thousand pages; stepping over them would show.
        assertThat(deep - shallow)
                .as("pages read beside 100,000 noisy messages (%d) beyond those beside 10 (%d)", deep, shallow)
                .isLessThan(100);
    }

    private static long pagesReadByAReceiveOf10(String queue) {
        Instant now = Instant.now().truncatedTo(ChronoUnit.MICROS);
        long[] pages = new long[1];
        List<Delivery> leased = new ArrayList<>();
        PagesRead.rolledBack(session, h -> {
            long before = PagesRead.sofar(h);
            leased.addAll(new JdbiMessageStore(session)
                    .lease(queue, null, 10, now, now.plusSeconds(30), Instant.EPOCH, null));
            pages[0] = PagesRead.sofar(h) - before;
        });
        assertThat(leased).hasSize(10);
        assertThat(leased)
                .filteredOn(d -> !"noisy".equals(d.message().groupId()))
                .as("the quiet group's message and the three without a group, beside six of the backlog")
                .extracting(d -> d.message().body())
                .containsExactlyInAnyOrder("\"quiet\"", "\"alone\"", "\"alone\"", "\"alone\"");
        return pages[0];
    }
}
