package dev.conveyor.bootstrap.docs;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The built jar's {@code server} command run as a user runs it, from the repository's top directory with its
 * {@code config.yml}, on the embedded PostgreSQL with its data in a directory of the test's, on free ports. The
 * environment is the test's without any {@code CONVEYOR_} setting, so a developer's own settings play no part.
 */
final class RunningJar implements AutoCloseable {
    /** Jetty's line once the application connector serves: {@code Started application@6c27e700{...}{0.0.0.0:46859}}. */
    private static final Pattern STARTED = Pattern.compile("Started application@\\S*\\{.*}\\{[^}]*:(\\d+)}");

    private final Process process;
    private final Path dataDirectory;
    private final Path log;
    private final CompletableFuture<Integer> port = new CompletableFuture<>();

    private RunningJar(Process process, Path dataDirectory, Path log) {
        this.process = process;
        this.dataDirectory = dataDirectory;
        this.log = log;
    }

    /** Starts {@code jarFile} and waits until it serves; its output goes to {@code log}. */
    static RunningJar start(Path jarFile, Path repository, Path dataDirectory, Path log)
            throws IOException, InterruptedException {
        ProcessBuilder builder = new ProcessBuilder(
                        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                        "-jar",
                        jarFile.toString(),
                        "server",
                        "config.yml")
                .directory(repository.toFile())
                .redirectErrorStream(true);
        Map<String, String> environment = builder.environment();
        environment.keySet().removeIf(name -> name.startsWith("CONVEYOR_"));
        environment.put("CONVEYOR_PORT", "0");
        environment.put("CONVEYOR_ADMIN_PORT", "0");
        environment.put("CONVEYOR_DATA_DIR", dataDirectory.toString());
        Process process = builder.start();
        process.getOutputStream().close();
        RunningJar jar = new RunningJar(process, dataDirectory, log);
        Thread copier = new Thread(jar::copyOutput, "conveyor-jar-output");
        copier.setDaemon(true);
        copier.start();
        try {
            jar.port.get(3, TimeUnit.MINUTES);
            return jar;
        } catch (ExecutionException | TimeoutException e) {
            jar.close();
            throw new IllegalStateException("the server did not start; the end of its output:\n" + jar.logTail(), e);
        }
    }

    /** The application port it serves on. */
    int port() {
        return port.join();
    }

    /** The last 40 lines the server printed, for a failure's message. */
    String logTail() {
        try {
            List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
        } catch (IOException e) {
            return "(its output could not be read: " + e.getMessage() + ")";
        }
    }

    /**
     * Stops the server as a user does (SIGTERM: it stops its embedded PostgreSQL last). Should it not stop, it is
     * killed, and so is its embedded PostgreSQL, which runs apart from it.
     */
    @Override
    public void close() {
        process.destroy();
        try {
            if (process.waitFor(2, TimeUnit.MINUTES)) {
                return;
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        process.destroyForcibly();
        postmaster().ifPresent(ProcessHandle::destroy);
    }

    private Optional<ProcessHandle> postmaster() {
        try {
            Path pidFile = dataDirectory.resolve("postmaster.pid");
            if (!Files.exists(pidFile)) {
                return Optional.empty();
            }
            return ProcessHandle.of(
                    Long.parseLong(Files.readAllLines(pidFile).get(0).strip()));
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }

    /** Copies the server's output to the log, and learns the port once the server says it serves. */
    private void copyOutput() {
        try (BufferedReader output =
                        new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
                Writer to = Files.newBufferedWriter(log, StandardCharsets.UTF_8)) {
            for (String line = output.readLine(); line != null; line = output.readLine()) {
                to.write(line);
                to.write('\n');
                to.flush();
                Matcher started = STARTED.matcher(line);
                if (started.find()) {
                    port.complete(Integer.parseInt(started.group(1)));
                }
            }
            port.completeExceptionally(new IllegalStateException("the server exited"));
        } catch (IOException | RuntimeException e) {
            port.completeExceptionally(e);
        }
    }
}
