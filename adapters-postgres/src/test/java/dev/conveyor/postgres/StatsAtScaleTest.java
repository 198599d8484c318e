package dev.conveyor.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import dev.conveyor.application.StatsSchedule;
import dev.conveyor.application.StatsService;
import dev.conveyor.application.port.StatsSamples;
import dev.conveyor.domain.Page;
import dev.conveyor.postgres.testing.TestDatabase;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.function.Supplier;
import org.jdbi.v3.core.Handle;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * With 5 million messages stored and a whole day of history kept (30 s samples of 20 queues), everything that
 * reads stats (the latest sample behind /metrics' gauges and /v1/stats, one queue's day, every queue's hour) reads
 * not one page of the messages table or its indexes, and a handful of pages of the samples: a scrape or a console
 * refresh costs the same with a day of history as with none, and with five million messages as with five.
 */
class StatsAtScaleTest {
    private static final long STORED = 5_000_000;
    private static final int QUEUES = 20;
    private static final Duration INTERVAL = Duration.ofSeconds(30);
    private static final Duration DAY = Duration.ofDays(1);
    private static final Instant NOW = Instant.parse("2026-12-07T12:00:00Z");
    /** Generous: the intended plans read a few pages of an index and the rows they find. */
    private static final long FEW_PAGES = 200;

    private static TestDatabase db;
    private static JdbiSession session;

    @BeforeAll
    static void storeFiveMillionMessagesAndADayOfHistory() {
        db = TestDatabase.create();
        session = new JdbiSession(db.jdbi());
        db.jdbi().useHandle(h -> {
            h.execute("INSERT INTO queues (id, ack_deadline_seconds, message_retention_seconds, delivery_delay_seconds,"
                    + " backoff_min_seconds, backoff_max_seconds, created_at, updated_at)"
                    + " SELECT 'q' || g, 30, 1209600, 0, 0, 0, now(), now() FROM generate_series(1, " + QUEUES
                    + ") g");
            // One statement, ids in ascending order as UUIDv7s are: every index grows at its end, as under publishes,
            // instead of taking random inserts.
            h.execute("INSERT INTO messages (queue_id, id, body, created_at, visible_at)"
                    + " SELECT 'q1', CAST('01890000-0000-7000-8000-' || lpad(to_hex(g), 12, '0') AS uuid),"
                    + " '{\"n\": ' || g || '}', now(), now()"
                    + " FROM generate_series(1, " + STORED + ") g");
            h.createUpdate("INSERT INTO stats_samples (sampled_at)"
                            + " SELECT :now - make_interval(secs => 30 * s) FROM generate_series(0, 2879) s")
                    .bind("now", Timestamps.bind(NOW))
                    .execute();
            h.createUpdate("""
                INSERT INTO queue_stats_samples (queue_id, sampled_at, available, in_flight, delayed,
                                                 oldest_available_age_seconds)
                SELECT 'q' || q, sampled_at, 1000, 10, 0, 5 FROM stats_samples, generate_series(1, :queues) q
                """).bind("queues", QUEUES).execute();
            h.createUpdate("""
                INSERT INTO queue_activity (queue_id, bucket, published, received, acked, nacked, dead_lettered, expired)
                SELECT queue_id, sampled_at, 300, 300, 300, 0, 0, 0 FROM queue_stats_samples
                """).execute();
            h.execute("ANALYZE");
        });
    }

    @AfterAll
    static void dropDatabase() {
        db.close();
    }

    private static StatsService service() {
        return new StatsService(
                new JdbiQueueRepository(session),
                new JdbiStatsSamples(session),
                new JdbiActivityLog(session),
                InstantSource.fixed(NOW.plusSeconds(1)),
                new StatsSchedule(INTERVAL, DAY));
    }

    @Test
    void theStoreHoldsWhatTheTestSays() {
        long stored = db.jdbi()
                .withHandle(h -> h.createQuery("SELECT count(*) FROM messages")
                        .mapTo(Long.class)
                        .one());
        assertThat(stored).isEqualTo(STORED);
    }

    @Test
    void theLatestSampleReadsNoMessageAndAFewPagesOfSamples() {
        Reads reads = measure(() -> new JdbiStatsSamples(session).latest());

        assertThat(((StatsSamples.Sample) reads.answer).stats()).hasSize(QUEUES);
        assertThat(reads.messagePages).isZero();
        assertThat(reads.statsPages).isLessThan(FEW_PAGES);
    }

    @Test
    void theOverviewOfEveryQueueReadsNoMessage() {
        Reads reads = measure(() -> service().overview(new Page(100, 0)));

        StatsService.Overview overview = (StatsService.Overview) reads.answer;
        assertThat(overview.queues()).hasSize(QUEUES);
        assertThat(overview.queues().get(0).rates().published()).isEqualTo(10.0);
        assertThat(reads.messagePages).isZero();
        assertThat(reads.statsPages).isLessThan(FEW_PAGES);
    }

    @Test
    void aQueuesDayAndEveryQueuesHourReadNoMessage() {
        Reads day = measure(() -> service().history("q1", DAY.toSeconds(), null));
        Reads hours = measure(() -> service().histories(new Page(100, 0), 3600L, null));

        assertThat(((StatsService.QueueHistory) day.answer).points()).hasSize(180);
        assertThat(((StatsService.Histories) hours.answer).queues()).hasSize(QUEUES);
        assertThat(day.messagePages).isZero();
        assertThat(hours.messagePages).isZero();
        // A day of one queue is 2,880 rows of each table; an hour of twenty, 2,400: read by index, not by scan.
        assertThat(day.statsPages).isLessThan(FEW_PAGES);
        assertThat(hours.statsPages).isLessThan(FEW_PAGES * 2);
    }

    /** What {@code read} answered, and the pages it read from the messages and from the stats tables. */
    private record Reads(Object answer, long messagePages, long statsPages) {}

    /** Runs {@code read} in one transaction on one connection, and counts the pages that backend fetched meanwhile. */
    private static Reads measure(Supplier<Object> read) {
        return session.inTransaction(() -> session.withHandle(h -> {
            long messagesBefore = pages(h, "messages");
            long statsBefore = pages(h, "queue_stats_samples") + pages(h, "queue_activity") + pages(h, "stats_samples");
            Object answer = read.get();
            long messages = pages(h, "messages") - messagesBefore;
            long stats = pages(h, "queue_stats_samples")
                    + pages(h, "queue_activity")
                    + pages(h, "stats_samples")
                    - statsBefore;
            return new Reads(answer, messages, stats);
        }));
    }

    /** Pages of the table and its indexes fetched by this backend in this transaction. */
    private static long pages(Handle h, String table) {
        return h.createQuery("""
            SELECT coalesce(sum(pg_stat_get_xact_blocks_fetched(c.oid)), 0)
            FROM pg_class c
            WHERE c.oid = CAST(:table AS regclass)
               OR c.oid IN (SELECT indexrelid FROM pg_index WHERE indrelid = CAST(:table AS regclass))
            """).bind("table", table).mapTo(Long.class).one();
    }
}
