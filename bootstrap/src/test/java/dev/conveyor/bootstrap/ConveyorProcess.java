package dev.conveyor.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Conveyor run as a user runs it, {@code java -jar conveyor.jar ARGS}, in a JVM of its own (on the test classpath,
 * which holds what the jar holds), so that it can be killed, exit and print as the real thing; its standard output and
 * error go to files.
 */
final class ConveyorProcess implements AutoCloseable {
    /** Jetty's line for the application connector: the port it got when the configuration said 0. */
    private static final Pattern STARTED = Pattern.compile("Started application@.*\\{0\\.0\\.0\\.0:(\\d+)}");

    /** Generous: a JVM start on a busy 2-core machine takes 10 s; these are bounds against hanging, not timings. */
    private static final Duration START_LIMIT = Duration.ofMinutes(3);

    private static final HttpClient HTTP =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private final Process process;
    private final Path out;
    private final Path err;

    private ConveyorProcess(Process process, Path out, Path err) {
        this.process = process;
        this.out = out;
        this.err = err;
    }

    /** Starts {@code java ... ConveyorApplication arguments}; its output goes to {@code name}.out and .err in {@code dir}. */
    static ConveyorProcess start(Path dir, String name, String... arguments) throws IOException {
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                // A quicker start: these JVMs live seconds to a minute.
                "-XX:TieredStopAtLevel=1",
                "-cp",
                System.getProperty("java.class.path"),
                ConveyorApplication.class.getName()));
        command.addAll(List.of(arguments));
        Path out = dir.resolve(name + ".out");
        Path err = dir.resolve(name + ".err");
        ProcessBuilder builder = new ProcessBuilder(command)
                .directory(dir.toFile())
                .redirectOutput(out.toFile())
                .redirectError(err.toFile());
        // A developer's settings must not leak into these runs.
        builder.environment().keySet().removeIf(variable -> variable.startsWith("CONVEYOR_"));
        return new ConveyorProcess(builder.start(), out, err);
    }

    /** Runs a command to its end and answers its exit code. */
    int awaitExit() throws InterruptedException {
        assertThat(process.waitFor(START_LIMIT.toMillis(), TimeUnit.MILLISECONDS))
                .as("the process ended; it printed:%n%s", output())
                .isTrue();
        return process.exitValue();
    }

    /** Waits until the server answers its readiness 200, and answers its base url. */
    String awaitReady() throws Exception {
        long deadline = System.nanoTime() + START_LIMIT.toNanos();
        int port = 0;
        while (true) {
            assertThat(System.nanoTime())
                    .as("the server became ready; it printed:%n%s", output())
                    .isLessThan(deadline);
            assertThat(process.isAlive())
                    .as("the server runs; it printed:%n%s", output())
                    .isTrue();
            if (port == 0) {
                Matcher started = STARTED.matcher(read(out));
                port = started.find() ? Integer.parseInt(started.group(1)) : 0;
            }
            if (port != 0 && status("http://localhost:" + port + "/readiness") == 200) {
                return "http://localhost:" + port;
            }
            Thread.sleep(200);
        }
    }

    /** SIGKILL to the JVM alone: what the OOM killer does. */
    void killJvm() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor();
    }

    /** SIGKILL to the JVM and every process it started (the watchdog), as if the watchdog never ran. */
    void killJvmAndItsChildren() throws InterruptedException {
        List<ProcessHandle> children = process.descendants().toList();
        process.destroyForcibly();
        children.forEach(ProcessHandle::destroyForcibly);
        process.waitFor();
        for (ProcessHandle child : children) {
            child.onExit().join();
        }
    }

    long pid() {
        return process.pid();
    }

    String stdout() {
        return read(out);
    }

    String stderr() {
        return read(err);
    }

    String output() {
        return stdout() + stderr();
    }

    static HttpResponse<String> get(String url) throws IOException, InterruptedException {
        return HTTP.send(
                HttpRequest.newBuilder(URI.create(url))
                        .timeout(Duration.ofSeconds(10))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    /** The status of a GET, 0 while the connection is refused. */
    private static int status(String url) throws IOException, InterruptedException {
        try {
            return get(url).statusCode();
        } catch (java.net.ConnectException notYet) {
            return 0;
        }
    }

    static HttpResponse<String> post(String url, String json) throws IOException, InterruptedException {
        return HTTP.send(
                HttpRequest.newBuilder(URI.create(url))
                        .timeout(Duration.ofSeconds(30))
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(json))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    /** Stops it as an operator would (SIGTERM: it stops its PostgreSQL), or kills it if it does not end. */
    @Override
    public void close() throws InterruptedException {
        if (process.isAlive()) {
            process.destroy();
            if (!process.waitFor(2, TimeUnit.MINUTES)) {
                process.destroyForcibly();
                process.waitFor();
            }
        }
    }

    private static String read(Path file) {
        try {
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "(cannot read " + file + ": " + e.getMessage() + ")";
        }
    }
}
