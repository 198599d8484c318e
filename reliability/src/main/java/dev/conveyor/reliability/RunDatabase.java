package dev.conveyor.reliability;

import java.net.URI;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/** A fresh, empty database for one scenario, dropped at the end even after a failure. */
final class RunDatabase implements AutoCloseable {
    static final String PREFIX = "conveyor_reliability_";

    final String name;
    final String url;
    private final SuiteSettings settings;
    private boolean dropped;

    private RunDatabase(SuiteSettings settings, String name) {
        this.settings = settings;
        this.name = name;
        this.url = urlOf(settings.adminUrl(), name);
    }

    static RunDatabase create(SuiteSettings settings, String name) throws SQLException {
        if (!name.matches("[a-z0-9_]+")) {
            throw new IllegalArgumentException("not a plain database name: " + name);
        }
        RunDatabase database = new RunDatabase(settings, name);
        try (Connection admin = DriverManager.getConnection(settings.adminUrl(), settings.user(), settings.password());
                Statement statement = admin.createStatement()) {
            statement.execute("CREATE DATABASE " + name);
        }
        return database;
    }

    /** The JDBC url of database {@code name} on the server {@code adminUrl} points at. */
    static String urlOf(String adminUrl, String name) {
        URI uri = URI.create(adminUrl.substring("jdbc:".length()));
        int port = uri.getPort() == -1 ? 5432 : uri.getPort();
        return "jdbc:postgresql://" + uri.getHost() + ":" + port + "/" + name;
    }

    /** Every row of a query, each as its columns' text. */
    List<List<String>> query(String sql) throws SQLException {
        try (Connection connection = DriverManager.getConnection(url, settings.user(), settings.password());
                Statement statement = connection.createStatement();
                ResultSet rows = statement.executeQuery(sql)) {
            List<List<String>> result = new ArrayList<>();
            int columns = rows.getMetaData().getColumnCount();
            while (rows.next()) {
                List<String> row = new ArrayList<>();
                for (int i = 1; i <= columns; i++) {
                    row.add(rows.getString(i));
                }
                result.add(row);
            }
            return result;
        }
    }

    @Override
    public synchronized void close() throws SQLException {
        if (dropped) {
            return;
        }
        dropped = true;
        try (Connection admin = DriverManager.getConnection(settings.adminUrl(), settings.user(), settings.password());
                Statement statement = admin.createStatement()) {
            // FORCE: a connection of a killed server may linger for a moment and must not keep the database alive.
            statement.execute("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
        }
    }
}
