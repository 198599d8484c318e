package dev.conveyor.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import dev.conveyor.postgres.testing.TestDatabase;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class SchemaMigrationsTest {
    @Test
    void aFreshDatabaseHasEveryChangePendingAndNoneAfterMigrating() throws Exception {
        try (TestDatabase db = TestDatabase.create(false);
                Connection c = db.connect()) {
            assertThat(SchemaMigrations.pending(c)).contains("001-messages", "001-queues");
            SchemaMigrations.migrate(c);
            assertThat(SchemaMigrations.pending(c)).isEmpty();
            SchemaMigrations.migrate(c); // applying again changes nothing
            assertThat(SchemaMigrations.pending(c)).isEmpty();
        }
    }

    @Test
    void migrationsOfOneEmptyDatabaseStartedAtOnceRunOneAfterTheOther() throws Exception {
        // Liquibase alone let one of three fail ("relation databasechangelog already exists"); a few rounds make
        // the race likely without the lock.
        for (int round = 0; round < 3; round++) {
            try (TestDatabase db = TestDatabase.create(false)) {
                int migrations = 3;
                CyclicBarrier start = new CyclicBarrier(migrations);
                ExecutorService threads = Executors.newFixedThreadPool(migrations);
                try {
                    List<Future<?>> outcomes = new ArrayList<>();
                    for (int i = 0; i < migrations; i++) {
                        outcomes.add(threads.submit(() -> {
                            try (Connection c = db.connect()) {
                                start.await();
                                SchemaMigrations.migrate(c);
                            }
                            return null;
                        }));
                    }
                    for (Future<?> outcome : outcomes) {
                        outcome.get(2, TimeUnit.MINUTES);
                    }
                } finally {
                    threads.shutdownNow();
                }
                try (Connection c = db.connect();
                        Statement s = c.createStatement();
                        ResultSet rs = s.executeQuery("SELECT count(*), count(DISTINCT id) FROM databasechangelog")) {
                    assertThat(SchemaMigrations.pending(c)).isEmpty();
                    rs.next();
                    assertThat(rs.getInt(1))
                            .as("changesets applied, each once")
                            .isEqualTo(rs.getInt(2))
                            .isPositive();
                }
            }
        }
    }

    @Test
    void aMigrationLeavesNoLockBehind() throws Exception {
        try (TestDatabase db = TestDatabase.create(false);
                Connection c = db.connect()) {
            SchemaMigrations.migrate(c);
            try (Statement s = c.createStatement();
                    ResultSet rs = s.executeQuery("SELECT count(*) FROM pg_locks WHERE locktype = 'advisory'")) {
                rs.next();
                assertThat(rs.getInt(1)).isZero();
            }
        }
    }

    @Test
    void tellingWhatIsPendingOnADatabaseNobodyMigratedLeavesItEmpty() throws Exception {
        try (TestDatabase db = TestDatabase.create(false);
                Connection c = db.connect()) {
            assertThat(SchemaMigrations.pending(c)).contains("001-topics", "006-messages-autovacuum");
            try (Statement s = c.createStatement();
                    ResultSet rs = s.executeQuery("SELECT count(*) FROM pg_tables WHERE schemaname = 'public'")) {
                rs.next();
                assertThat(rs.getInt(1)).isZero();
            }
        }
    }

    @Test
    void theMessagesTableIsVacuumedOnceAHundredthOfItIsDead() throws Exception {
        try (TestDatabase db = TestDatabase.create();
                Connection c = db.connect();
                Statement s = c.createStatement();
                ResultSet rs =
                        s.executeQuery("SELECT unnest(reloptions) FROM pg_class WHERE oid = 'messages'::regclass")) {
            List<String> options = new ArrayList<>();
            while (rs.next()) {
                options.add(rs.getString(1));
            }
            assertThat(options)
                    .contains(
                            "autovacuum_vacuum_scale_factor=0.01",
                            "autovacuum_vacuum_threshold=1000",
                            "autovacuum_analyze_scale_factor=0.02",
                            "autovacuum_vacuum_cost_delay=0");
        }
    }
}
