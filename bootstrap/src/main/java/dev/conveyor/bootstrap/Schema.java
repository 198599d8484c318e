package dev.conveyor.bootstrap;

import dev.conveyor.postgres.SchemaMigrations;
import io.dropwizard.db.DataSourceFactory;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Brings the schema up to date (embedded database) or refuses to start when it is behind (external one). */
final class Schema {
    private static final Logger LOG = LoggerFactory.getLogger(Schema.class);

    private Schema() {}

    static void migrate(DataSourceFactory database) throws SQLException {
        try (Connection c = connect(database)) {
            SchemaMigrations.migrate(c);
        }
    }

    static void requireCurrent(DataSourceFactory database) throws SQLException {
        List<String> pending;
        try (Connection c = connectOrRefuse(database)) {
            pending = SchemaMigrations.pending(c);
        }
        if (!pending.isEmpty()) {
            throw new StartupRefusedException("the database schema is behind by " + pending.size()
                    + " change(s); run `java -jar conveyor.jar db migrate config.yml` first");
        }
        LOG.info("The database schema is current");
    }

    /** Refuses in one line when the database cannot be reached, before a pool would log its stack trace. */
    static void requireReachable(DataSourceFactory database) throws SQLException {
        connectOrRefuse(database).close();
    }

    private static Connection connectOrRefuse(DataSourceFactory database) {
        try {
            return connect(database);
        } catch (SQLException e) {
            throw new StartupRefusedException(
                    "cannot reach the database at " + database.getUrl() + ": " + rootMessage(e));
        }
    }

    private static Connection connect(DataSourceFactory database) throws SQLException {
        return DriverManager.getConnection(database.getUrl(), database.getUser(), database.getPassword());
    }

    private static String rootMessage(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null) {
            root = root.getCause();
        }
        return root.getMessage();
    }
}
