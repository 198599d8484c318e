package dev.conveyor.reliability;

import java.sql.SQLException;
import java.util.List;
import java.util.Optional;

/**
 * Samples the table {@code messages} of a scenario's database: PostgreSQL's statistics of its row versions and
 * vacuums, its size on disk (indexes and TOAST included) and the rows it holds, which is the queues' depth: every
 * copy available, leased or waiting, of every queue.
 *
 * <p>The statistics ({@code pg_stat_user_tables}) lag the truth by up to a second or so, as backends report them
 * in batches; a trend over minutes is what the soak judges.
 */
final class TableProbe {
    /** What one sample found. */
    record Sample(
            long liveTuples,
            long deadTuples,
            long totalBytes,
            long autovacuums,
            long autoanalyzes,
            long rows,
            long vacuums) {}

    private static final String QUERY = """
      SELECT n_live_tup, n_dead_tup, pg_total_relation_size(relid), autovacuum_count, autoanalyze_count,
             (SELECT count(*) FROM messages), vacuum_count
        FROM pg_stat_user_tables
       WHERE relname = 'messages'""";

    private final RunDatabase database;

    TableProbe(RunDatabase database) {
        this.database = database;
    }

    /**
     * PostgreSQL's autovacuum setting for the server and where it was made ({@code autovacuum = off in
     * /etc/postgresql/15/main/conf.d/90-ci.conf}) when it is off, else empty: with it off, only the product's own
     * vacuum (its cleanup's) removes the dead row versions.
     */
    Optional<String> autovacuumOff() throws SQLException {
        List<String> row = database.query(
                        "SELECT setting, coalesce(nullif(sourcefile, ''), source) FROM pg_settings WHERE name = 'autovacuum'")
                .get(0);
        return row.get(0).equals("on")
                ? Optional.empty()
                : Optional.of("autovacuum = " + row.get(0) + " in " + row.get(1));
    }

    Sample sample() throws SQLException {
        List<List<String>> rows = database.query(QUERY);
        if (rows.size() != 1) {
            throw new IllegalStateException("pg_stat_user_tables has " + rows.size() + " rows for messages");
        }
        List<Long> values = rows.get(0).stream().map(Long::parseLong).toList();
        return new Sample(
                values.get(0),
                values.get(1),
                values.get(2),
                values.get(3),
                values.get(4),
                values.get(5),
                values.get(6));
    }
}
