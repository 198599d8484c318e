package dev.conveyor.benchmarks;

import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Locale;
import java.util.function.Consumer;

/**
 * A receive measured with few and then with many messages stored, the many written by SQL: scenario 5 on standard
 * queues (StorageScenario), issue 17's on a FIFO queue (FifoStorageScenario). The flow is the same; what is stored,
 * and how, is each one's.
 */
abstract class StoredMessages {
    /** Both measurements, and how long it took to store the many (fill and VACUUM ANALYZE). */
    record Outcome(LoadGenerator.Result small, LoadGenerator.Result large, Duration fill) {}

    final ConveyorApi api;
    final BenchDatabase database;
    final Consumer<String> warnings;
    /** created_at of row 0; row i is created i ms later, so a million rows end within retention. */
    final OffsetDateTime firstCreatedAt = OffsetDateTime.now(ZoneOffset.UTC).minusHours(2);

    private final long small;
    private final long stored;

    StoredMessages(
            ConveyorApi api,
            BenchDatabase database,
            long small,
            long stored,
            String storedSetting,
            Consumer<String> warnings) {
        if (stored <= small) {
            throw new IllegalArgumentException(storedSetting + " must be over " + small);
        }
        this.api = api;
        this.database = database;
        this.small = small;
        this.stored = stored;
        this.warnings = warnings;
    }

    /** How many are stored for the first measurement. */
    final long small() {
        return small;
    }

    /** How many are stored for the second. */
    final long stored() {
        return stored;
    }

    /** The report's row for the measurement with this many stored. */
    abstract String row(long stored);

    /** Creates the queues measured and filled. */
    abstract void create() throws Exception;

    /** Stores rows [from, to) by SQL, then VACUUM ANALYZE as a settled table would be. */
    abstract void fill(long from, long to) throws Exception;

    /** One client's receives, only they timed, the stored count kept where it is. */
    abstract LoadGenerator.Result measure(Duration warmup, Duration measurement) throws InterruptedException;

    /** Leaves the table as it was for the scenarios that follow, and deletes the queues. */
    abstract void empty() throws Exception;

    /** Creates and fills, measures with few stored, fills up to many, measures again. */
    final Outcome run(Duration warmup, Duration measurement) throws Exception {
        create();
        fill(0, small());
        LoadGenerator.Result few = measure(warmup, measurement);
        System.out.printf(Locale.ROOT, "  %-45s p50 %.2f ms%n", row(small()), few.latencyMillis(0.5));

        long started = System.nanoTime();
        fill(small(), stored());
        Duration fill = Duration.ofNanos(System.nanoTime() - started);
        System.out.printf(
                Locale.ROOT, "  stored %,d messages in %d s (fill and VACUUM ANALYZE)%n", stored(), fill.toSeconds());
        LoadGenerator.Result many = measure(warmup, measurement);
        System.out.printf(Locale.ROOT, "  %-45s p50 %.2f ms%n", row(stored()), many.latencyMillis(0.5));
        return new Outcome(few, many, fill);
    }
}
