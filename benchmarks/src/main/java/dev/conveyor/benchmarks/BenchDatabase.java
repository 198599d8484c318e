package dev.conveyor.benchmarks;

import java.net.URI;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;

/** A database of its own for one run, created on the given server and dropped at the end, even after a failure. */
final class BenchDatabase implements AutoCloseable {
    final String name;
    final String host;
    final int port;
    final String url;
    private final String adminUrl;
    private final Settings settings;
    private boolean dropped;

    private BenchDatabase(Settings settings, String name) {
        this.settings = settings;
        this.name = name;
        this.adminUrl = settings.databaseUrl();
        URI uri = URI.create(adminUrl.substring("jdbc:".length()));
        this.host = uri.getHost();
        this.port = uri.getPort() == -1 ? 5432 : uri.getPort();
        this.url = "jdbc:postgresql://" + host + ":" + port + "/" + name;
    }

    static BenchDatabase create(Settings settings) throws SQLException {
        String name = "conveyor_bench_"
                + LocalDateTime.now(ZoneId.systemDefault()).format(DateTimeFormatter.ofPattern("yyyyMMdd_HHmmss"));
        BenchDatabase database = new BenchDatabase(settings, name);
        try (Connection admin = DriverManager.getConnection(
                        database.adminUrl, settings.databaseUser(), settings.databasePassword());
                Statement statement = admin.createStatement()) {
            statement.execute("CREATE DATABASE " + name);
        }
        return database;
    }

    Connection connect() throws SQLException {
        return DriverManager.getConnection(url, settings.databaseUser(), settings.databasePassword());
    }

    void execute(String sql) throws SQLException {
        try (Connection connection = connect();
                Statement statement = connection.createStatement()) {
            statement.execute(sql);
        }
    }

    String queryOne(String sql) throws SQLException {
        try (Connection connection = connect();
                Statement statement = connection.createStatement();
                ResultSet row = statement.executeQuery(sql)) {
            row.next();
            return row.getString(1);
        }
    }

    @Override
    public synchronized void close() throws SQLException {
        if (dropped) {
            return;
        }
        dropped = true;
        try (Connection admin =
                        DriverManager.getConnection(adminUrl, settings.databaseUser(), settings.databasePassword());
                Statement statement = admin.createStatement()) {
            // FORCE: a pgbench or server connection left behind by a failure must not keep the database alive.
            statement.execute("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
        }
        System.out.println("dropped database " + name);
    }
}
