package dev.conveyor.reliability;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * A PostgreSQL server of the suite's own (zonky's binaries, as Conveyor's embedded database uses), on a free port
 * with its data in the scenario's directory, which the suite may stop and start under load: the PostgreSQL every
 * other scenario shares is not the suite's to restart.
 *
 * <p>Zonky makes the cluster and starts it. Stops and starts are what {@code pg_ctl} does, done here the way
 * zonky does them, so that they work as root too: a signal to the postmaster (SIGINT: fast shutdown, SIGQUIT:
 * immediate), and the postmaster's own command line run again, in a user namespace of its own
 * ({@code unshare -U}) when the suite runs as root, since PostgreSQL refuses to.
 */
final class PrivatePostgres implements AutoCloseable {
    private static final Duration WITHIN = Duration.ofSeconds(60);

    /** How the server is shut down. */
    enum StopMode {
        /** Sessions are ended (their transactions rolled back), then a checkpoint, then exit. */
        FAST("INT"),
        /** Every process quits at once, without a checkpoint: the next start replays the WAL, as after a crash. */
        IMMEDIATE("QUIT");

        private final String signal;

        StopMode(String signal) {
            this.signal = signal;
        }

        String option() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    private final Path data;
    private final int port;
    private final List<String> commandLine;
    private final Path log;
    private long postmaster;

    private PrivatePostgres(Path data, int port, List<String> commandLine, Path log, long postmaster) {
        this.data = data;
        this.port = port;
        this.commandLine = commandLine;
        this.log = log;
        this.postmaster = postmaster;
    }

    /** Initialises a cluster in {@code directory} and starts it. */
    static PrivatePostgres start(Path directory) throws IOException {
        Path data = Files.createDirectories(directory.resolve("data"));
        int port = ServerProcess.freePort();
        // Zonky's own defaults (fsync and synchronous_commit off) would let an immediate stop lose commits that
        // Conveyor answered 201 for: this server is as durable as a production one.
        EmbeddedPostgres.builder()
                .setDataDirectory(data)
                .setCleanDataDirectory(false)
                .setRegisterShutdownHook(false)
                .setServerConfig("fsync", "on")
                .setServerConfig("synchronous_commit", "on")
                .setPort(port)
                .start();
        long postmaster = postmasterPid(data);
        List<String> commandLine = new ArrayList<>();
        if (isRoot()) {
            commandLine.addAll(List.of("unshare", "-U"));
        }
        String arguments = Files.readString(Path.of("/proc", Long.toString(postmaster), "cmdline"));
        commandLine.addAll(List.of(arguments.split("\0")));
        return new PrivatePostgres(data, port, commandLine, directory.resolve("postgres.log"), postmaster);
    }

    private static boolean isRoot() throws IOException {
        return Files.readAllLines(Path.of("/proc/self/status")).stream()
                .anyMatch(line -> line.matches("Uid:\\s+0\\s.*"));
    }

    private static long postmasterPid(Path data) throws IOException {
        return Long.parseLong(
                Files.readAllLines(data.resolve("postmaster.pid")).get(0).strip());
    }

    /** A JDBC url of its {@code postgres} database, to create and drop a scenario's database from. */
    String adminUrl() {
        return "jdbc:postgresql://127.0.0.1:" + port + "/postgres";
    }

    String user() {
        return "postgres";
    }

    /** Shuts the server down in {@code mode} and waits until the postmaster has exited. */
    synchronized void stop(StopMode mode) throws IOException, InterruptedException {
        Process kill = new ProcessBuilder("kill", "-" + mode.signal, Long.toString(postmaster))
                .inheritIO()
                .start();
        if (kill.waitFor() != 0) {
            throw new IllegalStateException("kill -" + mode.signal + " " + postmaster + " failed");
        }
        Optional<ProcessHandle> process = ProcessHandle.of(postmaster);
        long deadline = System.nanoTime() + WITHIN.toNanos();
        while (process.isPresent() && process.get().isAlive()) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("PostgreSQL did not stop within " + WITHIN);
            }
            Thread.sleep(20);
        }
    }

    /** Starts the server again on the same port and waits until it accepts connections (after any WAL replay). */
    synchronized void start() throws IOException, InterruptedException {
        Process process = new ProcessBuilder(commandLine)
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
                .start();
        postmaster = process.pid();
        long deadline = System.nanoTime() + WITHIN.toNanos();
        while (true) {
            try (Connection connection = DriverManager.getConnection(adminUrl(), user(), "")) {
                return;
            } catch (SQLException notYet) {
                if (!process.isAlive()) {
                    throw new IllegalStateException("PostgreSQL exited with " + process.exitValue() + "; see " + log);
                }
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("PostgreSQL did not accept connections within " + WITHIN, notYet);
                }
                Thread.sleep(20);
            }
        }
    }

    @Override
    public synchronized void close() throws IOException, InterruptedException {
        try {
            if (ProcessHandle.of(postmaster).map(ProcessHandle::isAlive).orElse(false)) {
                stop(StopMode.FAST);
            }
        } finally {
            ReliabilitySuite.deleteQuietly(data);
        }
    }
}
