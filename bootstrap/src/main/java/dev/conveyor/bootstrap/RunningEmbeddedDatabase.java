package dev.conveyor.bootstrap;

import io.dropwizard.db.DataSourceFactory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Properties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The embedded PostgreSQL of a server that runs, used by a one-off command ({@code create-client}, {@code cleanup},
 * {@code db ...}) on the same data directory: a second PostgreSQL cannot start there, and the server's is the same
 * database. Its port is in its {@code postmaster.pid}; it is used only once it is shown to be that data directory's.
 */
final class RunningEmbeddedDatabase {
    private static final Logger LOG = LoggerFactory.getLogger(RunningEmbeddedDatabase.class);

    private RunningEmbeddedDatabase() {}

    /** Points {@code database} at the PostgreSQL that {@code holder} runs, or refuses in one line. */
    static void attach(EmbeddedDataDirectory.Holder holder, DataSourceFactory database) throws IOException {
        PostmasterPidFile postmaster = holder.postmaster()
                .filter(PostmasterPidFile::ready)
                .filter(file -> file.liveness() == PostmasterPidFile.Liveness.RUNNING)
                .orElseThrow(() -> new StartupRefusedException("the embedded database in " + holder.directory()
                        + " is held by " + holder.holderName() + " but its PostgreSQL is not ready (starting or"
                        + " stopping); try again once that server is up, or after it stopped"));
        String url = "jdbc:postgresql://localhost:" + postmaster.port() + "/postgres";
        Path served = servedDirectory(url, holder);
        if (!Files.isSameFile(served, holder.directory())) {
            throw new StartupRefusedException("the PostgreSQL on port " + postmaster.port() + " named in "
                    + holder.directory().resolve(PostmasterPidFile.NAME) + " serves " + served + ", not that data"
                    + " directory; stop " + holder.holderName() + " and try again");
        }
        database.setUrl(url);
        database.setUser("postgres");
        database.setPassword("");
        LOG.info(
                "The embedded database in {} is in use by {}: working through its PostgreSQL on port {}",
                holder.directory(),
                holder.holderName(),
                postmaster.port());
    }

    private static Path servedDirectory(String url, EmbeddedDataDirectory.Holder holder) {
        Properties properties = new Properties();
        properties.setProperty("user", "postgres");
        properties.setProperty("connectTimeout", "5");
        properties.setProperty("ApplicationName", "conveyor-command");
        try (Connection connection = DriverManager.getConnection(url, properties);
                Statement statement = connection.createStatement();
                ResultSet setting = statement.executeQuery("SHOW data_directory")) {
            setting.next();
            return Path.of(setting.getString(1));
        } catch (SQLException e) {
            throw new StartupRefusedException("cannot reach the PostgreSQL of " + holder.holderName() + " at " + url
                    + " (" + e.getMessage() + "); try again once that server is up, or after it stopped");
        }
    }
}
