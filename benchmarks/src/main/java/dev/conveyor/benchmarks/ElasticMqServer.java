package dev.conveyor.benchmarks;

import java.io.File;
import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.http.HttpRequest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * ElasticMQ (in memory) in a JVM of its own, started from the jars the build copies to target/elasticmq/, with the
 * Conveyor server's heap and JVM options, so the two SQS servers are compared on equal terms and neither shares
 * the load generator's heap.
 */
final class ElasticMqServer implements AutoCloseable {
    private static final Duration READY_WITHIN = Duration.ofSeconds(60);

    final URI baseUri;
    final String version;
    private final Process process;
    private final Path log;
    private final Path workDirectory;
    private boolean stopped;

    private ElasticMqServer(URI baseUri, String version, Process process, Path log, Path workDirectory) {
        this.baseUri = baseUri;
        this.version = version;
        this.process = process;
        this.log = log;
        this.workDirectory = workDirectory;
    }

    static ElasticMqServer start(Settings settings) throws IOException, InterruptedException, URISyntaxException {
        Path benchmarkJar = Path.of(ElasticMqServer.class
                .getProtectionDomain()
                .getCodeSource()
                .getLocation()
                .toURI());
        Path libraries = benchmarkJar.resolveSibling("elasticmq");
        String version = version(libraries);
        Path work = Files.createTempDirectory("elasticmq-bench");
        Path log = work.resolve("elasticmq.log");
        int port = ConveyorServer.freePort();
        String java = ProcessHandle.current().info().command().orElse("java");
        List<String> command = new ArrayList<>(List.of(java, "-Xmx256m"));
        command.addAll(javaOptions(settings));
        // ElasticMQ's jars first: the benchmark's own jar only brings ElasticMqMain (and SLF4J, which it shares).
        command.addAll(List.of(
                "-cp",
                libraries.resolve("*") + File.pathSeparator + benchmarkJar,
                ElasticMqMain.class.getName(),
                Integer.toString(port)));
        Process process = new ProcessBuilder(command)
                .directory(work.toFile())
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .start();
        ElasticMqServer server =
                new ElasticMqServer(URI.create("http://127.0.0.1:" + port), version, process, log, work);
        try {
            server.awaitReady();
        } catch (RuntimeException | IOException | InterruptedException e) {
            server.close();
            throw e;
        }
        return server;
    }

    /**
     * BENCH_SERVER_JAVA_OPTS as Conveyor's server gets them, but for a flight recording: its file would be
     * Conveyor's recording's file, and the recording asked for is Conveyor's.
     */
    static List<String> javaOptions(Settings settings) {
        return settings.serverJavaOptions().stream()
                .filter(option -> !option.startsWith("-XX:StartFlightRecording"))
                .toList();
    }

    private static String version(Path libraries) throws IOException {
        if (!Files.isDirectory(libraries)) {
            throw new IllegalStateException(libraries + " is missing: build the benchmark with "
                    + "./mvnw -B -q -Pbenchmarks package -DskipTests (it copies ElasticMQ's jars there)");
        }
        String prefix = "elasticmq-rest-sqs_2.13-";
        try (Stream<Path> jars = Files.list(libraries)) {
            return jars.map(jar -> jar.getFileName().toString())
                    .filter(name -> name.startsWith(prefix) && name.endsWith(".jar"))
                    .map(name -> name.substring(prefix.length(), name.length() - ".jar".length()))
                    .findFirst()
                    .orElseThrow(() -> new IllegalStateException("no ElasticMQ jar in " + libraries));
        }
    }

    /** Ready when a ListQueues (Query protocol, as ElasticMQ takes it too) is answered 200. */
    private void awaitReady() throws IOException, InterruptedException {
        HttpRequest listQueues = HttpRequest.newBuilder(baseUri.resolve("/"))
                .timeout(Duration.ofSeconds(2))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("Action=ListQueues&Version=2012-11-05"))
                .build();
        ServerProcess.awaitReady("ElasticMQ", process, listQueues, READY_WITHIN, log);
    }

    long pid() {
        return process.pid();
    }

    /** SIGTERM; its log is kept only when it did not stop cleanly. */
    @Override
    public synchronized void close() throws IOException, InterruptedException {
        if (stopped) {
            return;
        }
        stopped = true;
        ServerProcess.stop("ElasticMQ", process, Duration.ofSeconds(30), log, workDirectory);
    }
}
