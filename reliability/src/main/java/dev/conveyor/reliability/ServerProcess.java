package dev.conveyor.reliability;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalInt;
import java.util.concurrent.TimeUnit;

/**
 * One Conveyor instance run from the built jar as a user runs it, with its own ports, configuration file and log,
 * which the suite can kill (SIGKILL), pause (SIGSTOP), resume and restart on the same ports.
 */
final class ServerProcess implements AutoCloseable {
    static final Duration READY_WITHIN = Duration.ofSeconds(90);
    private static final HttpClient PROBE = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(1))
            .build();

    final String name;
    final URI baseUri;
    /** The admin port: metrics, health checks and tasks. */
    final URI adminUri;

    final Path config;
    final Path log;
    /** What the JVM itself printed (start-up failures, which come before the logging is set up). */
    final Path output;

    private final Path jar;
    private final java.util.Map<String, String> overrides = new java.util.TreeMap<>();
    private Process process;

    private ServerProcess(String name, Path jar, Path config, Path log, Path output, int port, int adminPort) {
        this.name = name;
        this.adminUri = URI.create("http://127.0.0.1:" + adminPort);
        this.jar = jar;
        this.config = config;
        this.log = log;
        this.output = output;
        this.baseUri = URI.create("http://127.0.0.1:" + port);
    }

    /** Writes the instance's configuration in {@code work}; nothing runs yet. */
    static ServerProcess prepare(
            String name,
            Path jar,
            Path work,
            String databaseUrl,
            String user,
            String password,
            Duration cleanupInterval)
            throws IOException {
        return prepare(name, jar, work, databaseUrl, user, password, cleanupInterval, java.util.Map.of());
    }

    /** As above, with further driver properties under {@code database.properties} ({@code socketTimeout}, say). */
    static ServerProcess prepare(
            String name,
            Path jar,
            Path work,
            String databaseUrl,
            String user,
            String password,
            Duration cleanupInterval,
            java.util.Map<String, String> properties)
            throws IOException {
        int port = freePort();
        int adminPort = freePort();
        Path log = work.resolve(name + ".log");
        ServerConfig config =
                new ServerConfig(databaseUrl, user, password, port, adminPort, log, cleanupInterval, properties);
        Path file = Files.writeString(work.resolve(name + ".yml"), config.yaml());
        return new ServerProcess(name, jar, file, log, work.resolve(name + ".out"), port, adminPort);
    }

    /**
     * A port nothing listens on, below Linux's ephemeral range (32768 and up): a port picked by the system (port 0)
     * comes from that range, where the outgoing connections of every process also take theirs, and one of them can
     * take it between this check and the server's bind (it happened, in concurrent-start).
     */
    static int freePort() throws IOException {
        java.util.concurrent.ThreadLocalRandom random = java.util.concurrent.ThreadLocalRandom.current();
        for (int attempt = 0; attempt < 100; attempt++) {
            int port = 20_000 + random.nextInt(12_000);
            try (ServerSocket socket = new ServerSocket(port)) {
                return socket.getLocalPort();
            } catch (IOException taken) {
                // Try another.
            }
        }
        throw new IOException("no free port between 20000 and 32000 after 100 tries");
    }

    /** Runs one of the jar's commands ({@code db migrate}, say) with this instance's configuration. */
    Process command(String... arguments) throws IOException {
        List<String> command =
                new ArrayList<>(List.of(java(), "-Xmx128m", "-XX:TieredStopAtLevel=1", "-jar", jar.toString()));
        command.addAll(List.of(arguments));
        command.add(config.toString());
        return new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(output.toFile()))
                .start();
    }

    /**
     * Overrides one setting of the configuration file from the next start on, as a user may with Dropwizard's
     * {@code -Ddw.} system properties: {@code override("database.maxSize", "4")}.
     */
    synchronized void override(String key, String value) {
        overrides.put(key, value);
    }

    /** Starts the server; does not wait for it (see {@link #awaitReady}). */
    synchronized void start() throws IOException {
        if (process != null && process.isAlive()) {
            throw new IllegalStateException(name + " is running already");
        }
        List<String> command = new ArrayList<>(List.of(java(), "-Xmx256m"));
        overrides.forEach((key, value) -> command.add("-Ddw." + key + "=" + value));
        command.addAll(List.of("-jar", jar.toString(), "server", config.toString()));
        process = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(output.toFile()))
                .start();
    }

    /** Waits until {@code GET /readiness} answers 200; fails if the process exits or the time runs out. */
    void awaitReady(Duration within) throws IOException, InterruptedException {
        HttpRequest readiness = HttpRequest.newBuilder(baseUri.resolve("/readiness"))
                .timeout(Duration.ofSeconds(2))
                .build();
        long deadline = System.nanoTime() + within.toNanos();
        while (System.nanoTime() < deadline) {
            Process running = process;
            if (!running.isAlive()) {
                throw new IllegalStateException(name + " exited with " + running.exitValue() + ":\n" + tail());
            }
            try {
                if (PROBE.send(readiness, HttpResponse.BodyHandlers.discarding())
                                .statusCode()
                        == 200) {
                    return;
                }
            } catch (IOException notListeningYet) {
                // Jetty is still starting: try again.
            }
            Thread.sleep(100);
        }
        throw new IllegalStateException(name + " was not ready within " + within + ":\n" + tail());
    }

    /** The exit code once the process has ended within {@code within}; empty if it still runs. */
    OptionalInt awaitExit(Duration within) throws InterruptedException {
        Process running;
        synchronized (this) {
            running = process;
        }
        return running.waitFor(within.toMillis(), TimeUnit.MILLISECONDS)
                ? OptionalInt.of(running.exitValue())
                : OptionalInt.empty();
    }

    synchronized long pid() {
        return process.pid();
    }

    synchronized boolean isAlive() {
        return process != null && process.isAlive();
    }

    /** SIGKILL: no shutdown hook, no graceful stop; leases it held stay until they end. */
    synchronized void kill() throws InterruptedException {
        if (process != null) {
            process.destroyForcibly();
            process.waitFor(30, TimeUnit.SECONDS);
        }
    }

    /** SIGKILL to the JVM and every process it started (the embedded PostgreSQL's watchdog), all at once. */
    synchronized void killWithChildren() throws InterruptedException {
        if (process != null) {
            List<ProcessHandle> children = process.descendants().toList();
            process.destroyForcibly();
            children.forEach(ProcessHandle::destroyForcibly);
            process.waitFor(30, TimeUnit.SECONDS);
        }
    }

    /** SIGSTOP: the process keeps its sockets and its leases but answers nothing until {@link #resume}. */
    synchronized void pause() throws IOException, InterruptedException {
        signal("STOP");
    }

    /** SIGCONT after {@link #pause}. */
    synchronized void resume() throws IOException, InterruptedException {
        signal("CONT");
    }

    private void signal(String signal) throws IOException, InterruptedException {
        Process kill = new ProcessBuilder("kill", "-" + signal, Long.toString(process.pid()))
                .inheritIO()
                .start();
        if (kill.waitFor() != 0) {
            throw new IllegalStateException("kill -" + signal + " " + process.pid() + " failed");
        }
    }

    /** Kills the instance and starts it again on the same ports and database, waiting until it is ready. */
    void restart() throws IOException, InterruptedException {
        kill();
        start();
        awaitReady(READY_WITHIN);
    }

    /** The end of the instance's log and output, for an error message. */
    String tail() {
        StringBuilder text = new StringBuilder();
        for (Path file : List.of(output, log)) {
            try {
                if (Files.exists(file)) {
                    List<String> lines = Files.readAllLines(file);
                    text.append("--- ").append(file).append('\n');
                    lines.subList(Math.max(0, lines.size() - 20), lines.size())
                            .forEach(line -> text.append(line).append('\n'));
                }
            } catch (IOException e) {
                text.append("(cannot read ")
                        .append(file)
                        .append(": ")
                        .append(e.getMessage())
                        .append(")\n");
            }
        }
        return text.toString();
    }

    /** SIGTERM, then SIGKILL if it has not stopped within 20 s: the run leaves no server behind. */
    @Override
    public synchronized void close() {
        if (process == null || !process.isAlive()) {
            return;
        }
        try {
            stop();
        } catch (InterruptedException e) {
            // Still kill it: the run must leave no server behind.
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }

    private void stop() throws InterruptedException {
        // A paused process ignores SIGTERM until it is resumed.
        try {
            signal("CONT");
        } catch (IOException | IllegalStateException ignored) {
            // It may have exited meanwhile.
        }
        process.destroy();
        if (!process.waitFor(20, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            process.waitFor(20, TimeUnit.SECONDS);
        }
    }

    // The JVM that runs the suite runs the servers too.
    private static String java() {
        return ProcessHandle.current().info().command().orElse("java");
    }
}
