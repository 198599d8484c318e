package dev.conveyor.bootstrap;

import io.dropwizard.db.DataSourceFactory;
import io.dropwizard.lifecycle.Managed;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A PostgreSQL started by Conveyor itself, so a first user needs no database; its data directory is kept, so
 * messages survive a restart.
 */
final class EmbeddedDatabase implements Managed {
  private static final Logger LOG = LoggerFactory.getLogger(EmbeddedDatabase.class);

  private final EmbeddedPostgres postgres;

  private EmbeddedDatabase(EmbeddedPostgres postgres) {
    this.postgres = postgres;
  }

  /** Starts it and points {@code database} at it. */
  static EmbeddedDatabase start(EmbeddedDatabaseConfiguration config, DataSourceFactory database) throws IOException {
    Path directory = Path.of(config.getDataDirectory()).toAbsolutePath().normalize();
    Files.createDirectories(directory);
    EmbeddedPostgres.Builder builder = EmbeddedPostgres.builder()
        .setDataDirectory(directory)
        .setCleanDataDirectory(false);
    if (config.getPort() > 0) {
      builder.setPort(config.getPort());
    }
    EmbeddedPostgres postgres = builder.start();
    database.setUrl(postgres.getJdbcUrl("postgres", "postgres"));
    database.setUser("postgres");
    database.setPassword("");
    LOG.info("database.url is \"embedded\": started an embedded PostgreSQL on port {} with its data in {}",
        postgres.getPort(), directory);
    return new EmbeddedDatabase(postgres);
  }

  @Override
  public void stop() throws IOException {
    postgres.close();
  }
}
