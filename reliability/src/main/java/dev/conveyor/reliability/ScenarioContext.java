package dev.conveyor.reliability;

import java.io.IOException;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Duration;

/** What a scenario gets from the suite: the settings, a directory, its own database and servers, fresh tokens. */
final class ScenarioContext {
    /** Every instance runs the cleanup this often, so that exhausted leases are dead-lettered without delay. */
    static final Duration CLEANUP_INTERVAL = Duration.ofSeconds(1);

    final SuiteSettings settings;
    final Path work;
    final Tokens tokens;
    private final String databaseName;
    private final Cleanup cleanup;

    ScenarioContext(SuiteSettings settings, Path work, String runId, String scenario, Cleanup cleanup) {
        this.settings = settings;
        this.work = work;
        this.tokens = new Tokens(scenario);
        this.databaseName = RunDatabase.PREFIX + runId + "_" + scenario.replace('-', '_');
        this.cleanup = cleanup;
    }

    private ScenarioContext(ScenarioContext context, SuiteSettings settings) {
        this.settings = settings;
        this.work = context.work;
        this.tokens = context.tokens;
        this.databaseName = context.databaseName;
        this.cleanup = context.cleanup;
    }

    /** The same context with its database, and its servers' database, on another PostgreSQL server. */
    ScenarioContext onServer(String adminUrl, String user, String password) {
        return new ScenarioContext(
                this,
                new SuiteSettings(
                        settings.home(),
                        settings.conveyorJar(),
                        adminUrl,
                        user,
                        password,
                        settings.loadDuration(),
                        settings.soakDuration()));
    }

    /** An empty database of the scenario's own, dropped when the scenario ends. */
    RunDatabase database() throws SQLException {
        return cleanup.register(RunDatabase.create(settings, databaseName));
    }

    /** Instances on {@code database}, configured but not started; stopped when the scenario ends. */
    Cluster cluster(RunDatabase database, int size) throws IOException {
        return cleanup.register(Cluster.prepare(settings, database, work, size, CLEANUP_INTERVAL));
    }

    /** Stops (or closes) {@code resource} when the scenario ends, with its servers and database. */
    <T extends AutoCloseable> T register(T resource) {
        return cleanup.register(resource);
    }

    /** A migrated database with {@code size} running instances. */
    Cluster runningCluster(int size) throws IOException, SQLException, InterruptedException {
        Cluster cluster = cluster(database(), size);
        cluster.migrate();
        cluster.start();
        return cluster;
    }
}
