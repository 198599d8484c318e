package dev.conveyor.reliability;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Several instances on one database, each with its own ports, configuration and log in the scenario's directory. */
final class Cluster implements AutoCloseable {
    final List<ServerProcess> instances;
    final Path work;

    private Cluster(List<ServerProcess> instances, Path work) {
        this.instances = List.copyOf(instances);
        this.work = work;
    }

    /** Instances prepared by the caller (on databases of their own, say). */
    static Cluster of(List<ServerProcess> instances, Path work) {
        return new Cluster(instances, work);
    }

    /** Writes the configurations; nothing runs yet. */
    static Cluster prepare(SuiteSettings settings, RunDatabase database, Path work, int size, Duration cleanupInterval)
            throws IOException {
        Files.createDirectories(work);
        List<ServerProcess> instances = new ArrayList<>();
        for (int i = 1; i <= size; i++) {
            instances.add(ServerProcess.prepare(
                    "instance-" + i,
                    settings.conveyorJar(),
                    work,
                    database.url,
                    settings.user(),
                    settings.password(),
                    cleanupInterval));
        }
        return new Cluster(instances, work);
    }

    /** {@code db migrate} once, as an operator does before starting the servers (they refuse a pending schema). */
    void migrate() throws IOException, InterruptedException {
        ServerProcess first = instances.get(0);
        Process migrate = first.command("db", "migrate");
        if (!migrate.waitFor(2, TimeUnit.MINUTES) || migrate.exitValue() != 0) {
            migrate.destroyForcibly();
            throw new IllegalStateException("db migrate failed:\n" + first.tail());
        }
    }

    /** Starts every instance at once and waits until all are ready. */
    void start() throws IOException, InterruptedException {
        for (ServerProcess instance : instances) {
            instance.start();
        }
        for (ServerProcess instance : instances) {
            instance.awaitReady(ServerProcess.READY_WITHIN);
        }
    }

    /** Overrides a setting on every instance from their next start ({@link ServerProcess#override}). */
    void override(String key, String value) {
        instances.forEach(instance -> instance.override(key, value));
    }

    ServerProcess instance(int index) {
        return instances.get(Math.floorMod(index, instances.size()));
    }

    int size() {
        return instances.size();
    }

    @Override
    public void close() {
        for (ServerProcess instance : instances) {
            instance.close();
        }
    }
}
