package dev.conveyor.postgres.testing;

import dev.conveyor.postgres.PostgresStore;
import dev.conveyor.postgres.SchemaMigrations;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.UUID;
import org.jdbi.v3.core.Jdbi;

/**
 * A fresh, migrated database of its own for one test class, on the PostgreSQL server at
 * {@code CONVEYOR_TEST_DATABASE_URL} when that is set, otherwise on an embedded PostgreSQL started once per
 * JVM. Closing it drops it.
 */
public final class TestDatabase implements AutoCloseable {
    private static final String SERVER_URL = System.getenv("CONVEYOR_TEST_DATABASE_URL");
    private static final String USER = envOr("CONVEYOR_TEST_DATABASE_USER", "postgres");
    private static final String PASSWORD = envOr("CONVEYOR_TEST_DATABASE_PASSWORD", "");
    private static String adminUrl;

    private final String name;
    private final String url;
    private Jdbi jdbi;

    private TestDatabase(String name, String url) {
        this.name = name;
        this.url = url;
    }

    /** Makes and migrates a new database. */
    public static TestDatabase create() {
        return create(true);
    }

    /** Makes a new database, migrated only when {@code migrated}. */
    public static TestDatabase create(boolean migrated) {
        String admin = adminUrl();
        String name = "conveyor_test_" + UUID.randomUUID().toString().replace("-", "");
        try (Connection c = DriverManager.getConnection(admin, USER, PASSWORD);
                Statement s = c.createStatement()) {
            s.execute("CREATE DATABASE " + name);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot create a test database on " + admin, e);
        }
        TestDatabase database = new TestDatabase(name, withDatabase(admin, name));
        if (migrated) {
            try (Connection c = database.connect()) {
                SchemaMigrations.migrate(c);
            } catch (SQLException e) {
                throw new IllegalStateException("cannot migrate " + name, e);
            }
        }
        return database;
    }

    public String url() {
        return url;
    }

    public String user() {
        return USER;
    }

    public String password() {
        return PASSWORD;
    }

    public Connection connect() throws SQLException {
        return DriverManager.getConnection(url, USER, PASSWORD);
    }

    public synchronized Jdbi jdbi() {
        if (jdbi == null) {
            jdbi = PostgresStore.configure(Jdbi.create(url, USER, PASSWORD));
        }
        return jdbi;
    }

    @Override
    public void close() {
        try (Connection c = DriverManager.getConnection(adminUrl(), USER, PASSWORD);
                Statement s = c.createStatement()) {
            s.execute("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
        } catch (SQLException e) {
            throw new IllegalStateException("cannot drop " + name, e);
        }
    }

    private static synchronized String adminUrl() {
        if (adminUrl == null) {
            adminUrl = SERVER_URL != null && !SERVER_URL.isBlank() ? SERVER_URL : startEmbedded();
        }
        return adminUrl;
    }

    private static String startEmbedded() {
        try {
            EmbeddedPostgres postgres = EmbeddedPostgres.builder().start();
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                try {
                    postgres.close();
                } catch (IOException ignored) {
                    // the JVM is going away
                }
            }));
            return postgres.getJdbcUrl(USER, "postgres");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start the embedded PostgreSQL", e);
        }
    }

    /** The JDBC url of database {@code name} on the same server as {@code url}. */
    static String withDatabase(String url, String name) {
        int query = url.indexOf('?');
        String base = query < 0 ? url : url.substring(0, query);
        String params = query < 0 ? "" : url.substring(query);
        int slash = base.lastIndexOf('/');
        if (slash < "jdbc:postgresql://".length()) {
            return base + "/" + name + params;
        }
        return base.substring(0, slash + 1) + name + params;
    }

    private static String envOr(String name, String fallback) {
        String value = System.getenv(name);
        return value == null || value.isBlank() ? fallback : value;
    }
}
