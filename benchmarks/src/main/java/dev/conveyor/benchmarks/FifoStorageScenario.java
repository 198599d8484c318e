package dev.conveyor.benchmarks;

import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.function.Consumer;
import java.util.stream.Collectors;

/**
 * Issue 17's storage target: a FIFO receive must cost about the same with a million messages stored in 10,000
 * groups as with 10,000 stored. Proportional: {@value #PER_GROUP} messages a group in both, so each receive does
 * the same work (10 of one group's messages) and only the table and the number of groups grow, 100 groups then
 * 10,000. In both, 6 groups in 10 are blocked, their first message leased for an hour, so a receive that scanned
 * blocked groups' messages would slow down with the count. Written by SQL as scenario 5's messages are: the
 * messages with group_id and sequence_number, a message_groups row per group, the queue's last_sequence_number
 * raised past them (migration 012). One client then receives 10, acks them and publishes 10 in their place into
 * the groups they came from, so every group keeps its size and only the receive is timed.
 */
final class FifoStorageScenario extends StoredMessages {
    static final String QUEUE = "fifo-storage";
    static final long SMALL = 10_000;
    static final int PER_GROUP = 100;
    /** Groups g with g % 10 below this are blocked by a lease. */
    private static final int BLOCKED_IN_TEN = 6;

    /**
     * Row i is message i % 100 of group i / 100, created 1 ms after row i - 1 (from two hours ago, as scenario 5's);
     * the first message of a blocked group is leased for an hour, as the server's lease writes it. The sequence
     * number is i plus an offset bound per fill, so it follows what the queue gave before.
     */
    private static final String FILL_MESSAGES =
            """
      INSERT INTO messages (queue_id, id, body, attributes, created_at, visible_at, delivery_attempts, lease_id,
                            lease_expires_at, group_id, sequence_number)
      SELECT '%s',
             %s,
             ?, ?::jsonb, created_at,
             CASE WHEN leased THEN now() + interval '1 hour' ELSE created_at END,
             CASE WHEN leased THEN 1 ELSE 0 END,
             CASE WHEN leased THEN gen_random_uuid() END,
             CASE WHEN leased THEN now() + interval '1 hour' END,
             'g-' || (i / %d), i + ?
      FROM (
        SELECT i,
               i %% %d = 0 AND i / %d %% 10 < %d AS leased,
               ?::timestamptz + i * interval '1 millisecond' AS created_at,
               md5(random()::text) AS r
        FROM generate_series(?::bigint, ?::bigint) AS i) AS generated
      """.formatted(QUEUE, StorageScenario.UUID_OF_CREATED_AT, PER_GROUP, PER_GROUP, PER_GROUP, BLOCKED_IN_TEN);

    /** A blocked group can next be delivered when its lease ends; the others since their first message. */
    private static final String FILL_GROUPS = """
      INSERT INTO message_groups (queue_id, group_id, available_at)
      SELECT '%s', 'g-' || g, CASE WHEN g %% 10 < %d THEN now() + interval '1 hour' ELSE ?::timestamptz END
      FROM generate_series(?::bigint, ?::bigint) AS g
      """.formatted(QUEUE, BLOCKED_IN_TEN);

    FifoStorageScenario(ConveyorApi api, BenchDatabase database, long stored, Consumer<String> warnings) {
        super(api, database, SMALL, stored, "BENCH_FIFO_STORED_MESSAGES", warnings);
        if (stored % PER_GROUP != 0) {
            throw new IllegalArgumentException("BENCH_FIFO_STORED_MESSAGES must be a multiple of " + PER_GROUP);
        }
    }

    /** The report's row for the measurement with this many messages stored. */
    static String rowFor(long stored) {
        return String.format(
                Locale.ROOT,
                "FIFO receive %d (then ack), %,d messages stored in %,d groups",
                StorageScenario.MAX_MESSAGES,
                stored,
                stored / PER_GROUP);
    }

    @Override
    String row(long stored) {
        return rowFor(stored);
    }

    @Override
    void create() throws Exception {
        api.createFifoQueue(QUEUE);
    }

    /** Empties the table as scenario 5 does (TRUNCATE, for the same reasons); the delete drops the groups. */
    @Override
    void empty() throws Exception {
        database.execute("TRUNCATE messages");
        api.deleteQueue(QUEUE);
    }

    /** Messages [from, to) with their groups; the queue numbers on from the highest sequence number stored. */
    @Override
    void fill(long from, long to) throws Exception {
        long last =
                Long.parseLong(database.queryOne("SELECT last_sequence_number FROM queues WHERE id = '" + QUEUE + "'"));
        long offset = last - from + 1; // row from gets last + 1
        StorageScenario.insertInChunks(database, FILL_MESSAGES, from, to, (insert, chunk, end) -> {
            insert.setString(1, ConveyorApi.BODY);
            insert.setString(2, ConveyorApi.ATTRIBUTES);
            insert.setLong(3, offset);
            insert.setObject(4, firstCreatedAt);
            insert.setLong(5, chunk);
            insert.setLong(6, end - 1);
        });
        StorageScenario.insertInChunks(
                database, FILL_GROUPS, from / PER_GROUP, to / PER_GROUP, (insert, chunk, end) -> {
                    insert.setObject(1, firstCreatedAt);
                    insert.setLong(2, chunk);
                    insert.setLong(3, end - 1);
                });
        database.execute(
                "UPDATE queues SET last_sequence_number = " + (last + to - from) + " WHERE id = '" + QUEUE + "'");
        database.execute("VACUUM ANALYZE messages");
        database.execute("VACUUM ANALYZE message_groups");
    }

    @Override
    LoadGenerator.Result measure(Duration warmup, Duration measurement) throws InterruptedException {
        return StorageScenario.measureReceives(
                api, QUEUE, FifoStorageScenario::intoTheirGroups, "FIFO storage", warnings, warmup, measurement);
    }

    /** A message in place of each received one, in the same group, so every group keeps its size. */
    private static String intoTheirGroups(List<ConveyorApi.Received> received) {
        return received.stream()
                .map(message -> ConveyorApi.message("group_id", message.groupId()))
                .collect(Collectors.joining(",", "[", "]"));
    }
}
