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

  private SchemaMigrations() {}

  /** Applies every change not applied yet; Liquibase's lock table keeps concurrent starts from colliding. */
  public static void migrate(Connection connection) throws SQLException {
    // Not closed: closing a Liquibase closes the caller's connection. Its messages go to the log, not to
    // standard output, where they would break JSON logs.
    try {
      Scope.child(Map.of(Scope.Attr.ui.name(), new LoggerUIService(), "liquibase.command.showSummaryOutput", "LOG"),
          () -> liquibase(connection).update(new Contexts(), new LabelExpression()));
    } catch (Exception e) {
      throw new SQLException("could not apply Conveyor's migrations", e);
    }
  }

  /** The ids of the changes not applied yet; empty when the schema is current. Changes nothing. */
  public static List<String> pending(Connection connection) throws SQLException {
    try {
      // Liquibase's own check creates its bookkeeping tables when they are missing; a server refusing to start
      // on a database nobody migrated yet must leave it as it found it.
      if (!hasChangeLog(connection)) {
        return changeLog().getChangeSets().stream().map(ChangeSet::getId).toList();
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
    ClassLoaderResourceAccessor resources = new ClassLoaderResourceAccessor(SchemaMigrations.class.getClassLoader());
    return ChangeLogParserFactory.getInstance().getParser(CHANGELOG, resources)
        .parse(CHANGELOG, new ChangeLogParameters(), resources);
  }

  private static Liquibase liquibase(Connection connection) throws LiquibaseException {
    Database database =
        DatabaseFactory.getInstance().findCorrectDatabaseImplementation(new JdbcConnection(connection));
    return new Liquibase(CHANGELOG, new ClassLoaderResourceAccessor(SchemaMigrations.class.getClassLoader()), database);
  }
}
