package dev.conveyor.benchmarks;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * Issue 6's scenario 5: a receive must cost about the same with millions of messages stored as with thousands.
 * The stored messages are written by SQL straight into the server's messages table (through the API, 5 million
 * would take longer than the whole benchmark may): half in the measured queue, half spread over 20 other queues,
 * and in each 40 % visible, 30 % in flight (leased for an hour) and 30 % delayed (visible in 10 to 15 minutes),
 * the states a busy deployment holds. One client then receives 10, acks them and publishes 10 in their place,
 * so the stored count and the measured queue's visible backlog stay put while the receive alone is timed.
 */
final class StorageScenario extends StoredMessages {
    static final String QUEUE = "storage";
    static final long SMALL = 10_000;
    static final int MAX_MESSAGES = 10;
    private static final int OTHER_QUEUES = 20;
    private static final String OTHER_PREFIX = "storage-other-";
    /** Rows per INSERT of a fill, so that progress shows. */
    static final long CHUNK = 500_000;

    /**
     * A UUIDv7 of a row's created_at, from a column r of random hex digits: ids time-ordered like the server's.
     */
    static final String UUID_OF_CREATED_AT = """
            (lpad(to_hex((extract(epoch FROM created_at) * 1000)::bigint), 12, '0')
               || '7' || substr(r, 1, 3) || '8' || substr(r, 4, 15))::uuid""";

    /**
     * Row i: even rows go to the measured queue, odd ones round the other queues; the state changes every 40
     * rows, so every queue gets every state. created_at advances 1 ms a row from two hours ago (5 million rows
     * end 37 minutes ago, within any retention) and the id is a UUIDv7 of it, so ids are time-ordered like the
     * server's. A leased row is invisible until its lease ends, as the server's own lease writes it.
     */
    private static final String FILL = """
      INSERT INTO messages (queue_id, id, body, attributes, created_at, visible_at, delivery_attempts, lease_id,
                            lease_expires_at)
      SELECT queue_id,
             %s,
             ?, ?::jsonb, created_at,
             CASE state WHEN 'visible' THEN created_at
                        WHEN 'in flight' THEN now() + interval '1 hour'
                        ELSE now() + interval '10 minutes' + random() * interval '5 minutes' END,
             CASE state WHEN 'in flight' THEN 1 ELSE 0 END,
             CASE state WHEN 'in flight' THEN gen_random_uuid() END,
             CASE state WHEN 'in flight' THEN now() + interval '1 hour' END
      FROM (
        SELECT CASE WHEN i %% 2 = 0 THEN '%s' ELSE '%s' || (i / 2 %% %d) END AS queue_id,
               CASE WHEN i / 40 %% 10 < 4 THEN 'visible' WHEN i / 40 %% 10 < 7 THEN 'in flight' ELSE 'delayed' END AS state,
               ?::timestamptz + i * interval '1 millisecond' AS created_at,
               md5(random()::text) AS r
        FROM generate_series(?::bigint, ?::bigint) AS i) AS generated
      """.formatted(UUID_OF_CREATED_AT, QUEUE, OTHER_PREFIX, OTHER_QUEUES);

    StorageScenario(ConveyorApi api, BenchDatabase database, long stored, Consumer<String> warnings) {
        super(api, database, SMALL, stored, "BENCH_STORED_MESSAGES", warnings);
    }

    /** The report's row for the measurement with this many messages stored. */
    static String rowFor(long stored) {
        return String.format(Locale.ROOT, "receive %d (then ack), %,d messages stored", MAX_MESSAGES, stored);
    }

    @Override
    String row(long stored) {
        return rowFor(stored);
    }

    @Override
    void create() throws Exception {
        api.createQueue(QUEUE);
        for (int i = 0; i < OTHER_QUEUES; i++) {
            api.createQueue(OTHER_PREFIX + i);
        }
    }

    /**
     * Empties the table for the scenarios that follow. TRUNCATE, not the API's purge: deleting millions of rows
     * one by one would take minutes and leave the table and its indexes bloated for everything measured after.
     */
    @Override
    void empty() throws Exception {
        database.execute("TRUNCATE messages");
        api.deleteQueue(QUEUE);
        for (int i = 0; i < OTHER_QUEUES; i++) {
            api.deleteQueue(OTHER_PREFIX + i);
        }
    }

    /** Rows [from, to), in chunks so that progress shows, then VACUUM ANALYZE as a settled table would be. */
    @Override
    void fill(long from, long to) throws Exception {
        insertInChunks(database, FILL, from, to, (insert, chunk, end) -> {
            insert.setString(1, ConveyorApi.BODY);
            insert.setString(2, ConveyorApi.ATTRIBUTES);
            insert.setObject(3, firstCreatedAt);
            insert.setLong(4, chunk);
            insert.setLong(5, end - 1);
        });
        database.execute("VACUUM ANALYZE messages");
    }

    /** Binds a fill statement's parameters for the rows [from, to). */
    interface ChunkBinder {
        void bind(PreparedStatement insert, long from, long to) throws SQLException;
    }

    /** Runs a fill statement for the rows [from, to), in chunks of {@value #CHUNK}, printing progress. */
    static void insertInChunks(BenchDatabase database, String sql, long from, long to, ChunkBinder binder)
            throws Exception {
        long started = System.nanoTime();
        try (Connection connection = database.connect();
                PreparedStatement insert = connection.prepareStatement(sql)) {
            for (long chunk = from; chunk < to; chunk += CHUNK) {
                long end = Math.min(to, chunk + CHUNK);
                binder.bind(insert, chunk, end);
                insert.executeUpdate();
                if (to - from > CHUNK) {
                    System.out.printf(
                            Locale.ROOT,
                            "  stored %,d of %,d (%d s)%n",
                            end,
                            to,
                            Duration.ofNanos(System.nanoTime() - started).toSeconds());
                }
            }
        }
    }

    /** One client in a closed loop; only the receive is timed, the ack and the replacing publish are not. */
    @Override
    LoadGenerator.Result measure(Duration warmup, Duration measurement) throws InterruptedException {
        return measureReceives(
                api,
                QUEUE,
                received -> ConveyorApi.messages(received.size()),
                "scenario 5",
                warnings,
                warmup,
                measurement);
    }

    /**
     * One client in a closed loop on a queue: receives 10 (no wait), acks them and publishes what replacements
     * makes of them, so that what the queue holds stays put; only the receive is timed.
     */
    static LoadGenerator.Result measureReceives(
            ConveyorApi api,
            String queue,
            Function<List<ConveyorApi.Received>, String> replacements,
            String scenario,
            Consumer<String> warnings,
            Duration warmup,
            Duration measurement)
            throws InterruptedException {
        long measureFrom = System.nanoTime() + warmup.toNanos();
        long measureUntil = measureFrom + measurement.toNanos();
        Latencies latencies = new Latencies();
        long messages = 0;
        long allMessages = 0;
        long errors = 0;
        long empty = 0;
        for (long begin = System.nanoTime(); begin < measureUntil; begin = System.nanoTime()) {
            try {
                List<ConveyorApi.Received> received = api.receive(queue, MAX_MESSAGES, 0);
                long end = System.nanoTime();
                api.ack(queue, received);
                if (received.isEmpty()) {
                    empty++;
                } else {
                    api.publish(queue, replacements.apply(received));
                }
                allMessages += received.size();
                if (begin >= measureFrom && end <= measureUntil) {
                    latencies.add((end - begin) / 1000);
                    messages += received.size();
                }
            } catch (InterruptedException e) {
                throw e;
            } catch (Exception e) {
                if (++errors <= 3) {
                    System.err.println("  call failed: " + e.getMessage());
                }
                Thread.sleep(10);
            }
        }
        if (empty > 0) {
            warnings.accept(scenario + ": " + empty + " receives found the queue empty");
        }
        long[] sorted = Latencies.sorted(List.of(latencies));
        return new LoadGenerator.Result(
                sorted.length,
                messages,
                errors,
                measurement.toNanos() / 1e9,
                LoadGenerator.Percentiles.exact(sorted),
                allMessages);
    }
}
