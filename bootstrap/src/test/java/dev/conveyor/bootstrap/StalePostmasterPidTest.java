package dev.conveyor.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;

import io.dropwizard.db.DataSourceFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Instant;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A {@code postmaster.pid} left by a PostgreSQL that is gone (a power loss kills everything at once): the embedded
 * database starts anyway, whether the pid is free or, pids being reused, now belongs to another process, which
 * PostgreSQL itself takes for a live postmaster and refuses to start beside.
 */
class StalePostmasterPidTest {
    @TempDir
    Path data;

    private EmbeddedDatabaseConfiguration config;

    @BeforeEach
    void aDataDirectoryThatHeldADatabase() throws Exception {
        config = new EmbeddedDatabaseConfiguration();
        config.setDataDirectory(data.toString());
        EmbeddedDatabase.start(config, new DataSourceFactory()).stop();
        assertThat(data.resolve(PostmasterPidFile.NAME)).doesNotExist();
    }

    @Test
    void startsWhenThePidNowBelongsToAnotherProcess() throws Exception {
        // Alive, and no postgres. (Not this JVM: PostgreSQL knows the pids of its parent and grandparent for stale.)
        Process other = new ProcessBuilder("sleep", "600").start();
        try {
            stalePidFile(other.pid());

            assertStartsAndServes();
        } finally {
            other.destroy();
            other.waitFor();
        }
    }

    @Test
    void startsWhenThePidIsGone() throws Exception {
        Process finished = new ProcessBuilder("true").start();
        finished.waitFor();
        stalePidFile(finished.pid());

        assertStartsAndServes();
    }

    private void stalePidFile(long pid) throws Exception {
        // PostgreSQL's lines: pid, data directory, start time, port, socket directory, listen address, shared memory.
        Files.writeString(
                data.resolve(PostmasterPidFile.NAME),
                String.join(
                        "\n",
                        Long.toString(pid),
                        data.toString(),
                        Long.toString(Instant.now().minusSeconds(3600).getEpochSecond()),
                        "5432",
                        "/tmp",
                        "localhost",
                        "  0 0",
                        "ready   ",
                        ""));
    }

    private void assertStartsAndServes() throws Exception {
        DataSourceFactory database = new DataSourceFactory();
        EmbeddedDatabase embedded = EmbeddedDatabase.start(config, database);
        try (Connection connection = DriverManager.getConnection(database.getUrl(), "postgres", "");
                Statement statement = connection.createStatement();
                ResultSet one = statement.executeQuery("SELECT 1")) {
            assertThat(one.next()).isTrue();
        } finally {
            embedded.stop();
        }
    }
}
