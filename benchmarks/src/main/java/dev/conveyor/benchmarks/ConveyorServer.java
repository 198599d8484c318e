package dev.conveyor.benchmarks;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** The built conveyor.jar run as a user runs it: `db migrate`, then `server`, configured through the environment. */
final class ConveyorServer implements AutoCloseable {
    private static final Duration READY_WITHIN = Duration.ofSeconds(90);

    final URI baseUri;
    final Path log;
    private final Process process;
    private final Path workDirectory;
    private boolean stopped;

    private ConveyorServer(URI baseUri, Process process, Path log, Path workDirectory) {
        this.baseUri = baseUri;
        this.process = process;
        this.log = log;
        this.workDirectory = workDirectory;
    }

    static ConveyorServer start(Settings settings, BenchDatabase database) throws IOException, InterruptedException {
        Path jar = settings.conveyorJar();
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException(
                    jar + " is missing: build it with ./mvnw -B -q package -DskipTests, or set BENCH_CONVEYOR_JAR");
        }
        Path work = Files.createTempDirectory("conveyor-bench");
        // The top-level config.yml as shipped: everything this run changes goes through its environment variables.
        Path config = Files.copy(settings.home().resolve("config.yml"), work.resolve("config.yml"));
        int port = freePort();
        Map<String, String> environment = Map.of(
                "CONVEYOR_DATABASE_URL", database.url,
                "CONVEYOR_DATABASE_USER", settings.databaseUser(),
                "CONVEYOR_DATABASE_PASSWORD", settings.databasePassword(),
                "CONVEYOR_PORT", Integer.toString(port),
                "CONVEYOR_ADMIN_PORT", Integer.toString(freePort()));

        Path migrateLog = work.resolve("migrate.log");
        Process migrate =
                launch(jar, List.of(), List.of("db", "migrate", config.toString()), environment, work, migrateLog);
        if (!migrate.waitFor(2, TimeUnit.MINUTES) || migrate.exitValue() != 0) {
            migrate.destroyForcibly();
            throw new IllegalStateException("db migrate failed:\n" + Files.readString(migrateLog));
        }

        // The request log goes to a file: it is part of what a default server does, but not worth a terminal.
        Path log = work.resolve("server.log");
        // BENCH_SERVER_JAVA_OPTS (a JFR recording, say) go to the server only: `db migrate` would overwrite its file.
        Process process =
                launch(jar, settings.serverJavaOptions(), List.of("server", config.toString()), environment, work, log);
        ConveyorServer server = new ConveyorServer(URI.create("http://127.0.0.1:" + port), process, log, work);
        try {
            server.awaitReady();
        } catch (RuntimeException | IOException | InterruptedException e) {
            server.close();
            throw e;
        }
        return server;
    }

    private static Process launch(
            Path jar,
            List<String> javaOptions,
            List<String> arguments,
            Map<String, String> environment,
            Path work,
            Path log)
            throws IOException {
        // The same JVM that runs the benchmark, so the reported Java version is the server's too.
        String java = ProcessHandle.current().info().command().orElse("java");
        List<String> command = new java.util.ArrayList<>(List.of(java, "-Xmx256m"));
        command.addAll(javaOptions);
        command.addAll(List.of("-jar", jar.toString()));
        command.addAll(arguments);
        ProcessBuilder builder =
                new ProcessBuilder(command).directory(work.toFile()).redirectErrorStream(true);
        builder.redirectOutput(log.toFile());
        // A developer's own settings (say CONVEYOR_CLEANUP_INTERVAL) must not leak into the measurement.
        builder.environment().keySet().removeIf(name -> name.startsWith("CONVEYOR_"));
        builder.environment().putAll(environment);
        return builder.start();
    }

    private void awaitReady() throws IOException, InterruptedException {
        HttpRequest readiness = HttpRequest.newBuilder(baseUri.resolve("/readiness"))
                .timeout(Duration.ofSeconds(2))
                .build();
        ServerProcess.awaitReady("the server", process, readiness, READY_WITHIN, log);
    }

    /** The server's JVM itself (it is started directly, with no shell in between), for /proc/<pid>. */
    long pid() {
        return process.pid();
    }

    String tail() throws IOException {
        return ServerProcess.tail(log);
    }

    static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    /** SIGTERM, as an orchestrator stops it; killed only if it does not stop within its grace period. */
    @Override
    public synchronized void close() throws IOException, InterruptedException {
        if (stopped) {
            return;
        }
        stopped = true;
        ServerProcess.stop("the server", process, Duration.ofSeconds(45), log, workDirectory);
    }
}
