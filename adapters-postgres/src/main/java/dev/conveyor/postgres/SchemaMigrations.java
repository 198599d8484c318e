package dev.conveyor.postgres;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import liquibase.Contexts;
import liquibase.LabelExpression;
import liquibase.Liquibase;
import liquibase.Scope;
import liquibase.changelog.ChangeLogParameters;
import liquibase.changelog.ChangeSet;
import liquibase.changelog.DatabaseChangeLog;
import liquibase.database.Database;
import liquibase.database.DatabaseFactory;
import liquibase.database.jvm.JdbcConnection;
import liquibase.exception.LiquibaseException;
import liquibase.parser.ChangeLogParserFactory;
import liquibase.resource.ClassLoaderResourceAccessor;
import liquibase.ui.LoggerUIService;

/** Conveyor's schema, as a Liquibase changelog: applies it, or tells what is not applied yet. */
public final class SchemaMigrations {
    /** The changelog's classpath location, also given to Dropwizard's {@code db} commands. */
    public static final String CHANGELOG = "conveyor/db/changelog.xml";

    /**
     * Waits until no other session migrates this database, then keeps others waiting until the session ends or
     * unlocks. Liquibase's own lock does not cover an empty database: it creates its bookkeeping tables
     * before it locks, so of three {@code db migrate} started at once, one failed with "relation databasechangelog
     * already exists". The {@code db} commands run it as their connection's initialization query.
     */
    public static final String SERIALIZE = "SELECT pg_advisory_lock(" + AdvisoryLocks.MIGRATION + ")";

    private static final String UNSERIALIZE = "SELECT pg_advisory_unlock(" + AdvisoryLocks.MIGRATION + ")";

    private SchemaMigrations() {}

    /** Applies every change not applied yet, after any other migration of the database has finished. */
    public static void migrate(Connection connection) throws SQLException {
        execute(connection, SERIALIZE);
        SQLException failure = null;
        try {
            // Not closed: closing a Liquibase closes the caller's connection. Its messages go to the log, not to
            // standard output, where they would break JSON logs.
            Scope.child(
                    Map.of(Scope.Attr.ui.name(), new LoggerUIService(), "liquibase.command.showSummaryOutput", "LOG"),
                    () -> liquibase(connection).update(new Contexts(), new LabelExpression()));
        } catch (Exception e) {
            failure = new SQLException("could not apply Conveyor's migrations", e);
        }
        try {
            // Liquibase leaves the connection out of auto-commit, after a failure inside an aborted transaction.
            if (!connection.getAutoCommit()) {
                connection.rollback();
            }
            execute(connection, UNSERIALIZE);
        } catch (SQLException e) {
            if (failure == null) {
                throw e;
            }
            failure.addSuppressed(e);
        }
        if (failure != null) {
            throw failure;
        }
    }

    private static void execute(Connection connection, String sql) throws SQLException {
        try (Statement s = connection.createStatement()) {
            s.execute(sql);
        }
    }

    /** The ids of the changes not applied yet; empty when the schema is current. Changes nothing. */
    public static List<String> pending(Connection connection) throws SQLException {
        try {
            // Liquibase's own check creates its bookkeeping tables when they are missing; a server refusing to start
            // on a database nobody migrated yet must leave it as it found it.
            if (!hasChangeLog(connection)) {
                return changeLog().getChangeSets().stream()
                        .map(ChangeSet::getId)
                        .toList();
            }
            return liquibase(connection).listUnrunChangeSets(new Contexts(), new LabelExpression()).stream()
                    .map(ChangeSet::getId)
                    .toList();
        } catch (LiquibaseException e) {
            throw new SQLException("could not read Conveyor's migrations", e);
        }
    }

    private static boolean hasChangeLog(Connection connection) throws SQLException {
        try (Statement s = connection.createStatement();
                ResultSet rs = s.executeQuery("SELECT to_regclass('databasechangelog') IS NOT NULL")) {
            rs.next();
            return rs.getBoolean(1);
        }
    }

    private static DatabaseChangeLog changeLog() throws LiquibaseException {
        ClassLoaderResourceAccessor resources =
                new ClassLoaderResourceAccessor(SchemaMigrations.class.getClassLoader());
        return ChangeLogParserFactory.getInstance()
                .getParser(CHANGELOG, resources)
                .parse(CHANGELOG, new ChangeLogParameters(), resources);
    }

    private static Liquibase liquibase(Connection connection) throws LiquibaseException {
        Database database =
                DatabaseFactory.getInstance().findCorrectDatabaseImplementation(new JdbcConnection(connection));
        return new Liquibase(
                CHANGELOG, new ClassLoaderResourceAccessor(SchemaMigrations.class.getClassLoader()), database);
    }
}
