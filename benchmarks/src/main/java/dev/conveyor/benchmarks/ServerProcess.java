package dev.conveyor.benchmarks;

import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** What the servers the benchmark starts (Conveyor, ElasticMQ) share: waiting until they answer, and stopping. */
final class ServerProcess {
    private ServerProcess() {}

    /** Until the probe is answered 200: fails at once if the process exits, and after the time given. */
    static void awaitReady(String name, Process process, HttpRequest probe, Duration within, Path log)
            throws IOException, InterruptedException {
        HttpClient http =
                HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
        long deadline = System.nanoTime() + within.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException(name + " exited with " + process.exitValue() + ":\n" + tail(log));
            }
            try {
                if (http.send(probe, HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                    return;
                }
            } catch (IOException notListeningYet) {
                // Still starting: try again.
            }
            Thread.sleep(200);
        }
        throw new IllegalStateException(name + " was not ready within " + within + ":\n" + tail(log));
    }

    /**
     * SIGTERM, as an orchestrator stops a server; killed only if it does not stop within its grace period. Its
     * work directory (and log: it grows with every request) is deleted when it stopped cleanly, kept otherwise.
     */
    static void stop(String name, Process process, Duration grace, Path log, Path workDirectory)
            throws IOException, InterruptedException {
        process.destroy();
        if (!process.waitFor(grace.toSeconds(), TimeUnit.SECONDS)) {
            System.err.println(name + " did not stop within " + grace.toSeconds() + " s: killing it");
            process.destroyForcibly().waitFor();
        }
        if (process.exitValue() == 0 || process.exitValue() == 143) {
            try (var files = Files.list(workDirectory)) {
                for (Path file : files.toList()) {
                    Files.delete(file);
                }
            }
            Files.delete(workDirectory);
        } else {
            System.err.println(name + " exited with " + process.exitValue() + "; its log is " + log);
        }
    }

    /** The last 40 lines of a log. */
    static String tail(Path log) throws IOException {
        List<String> lines = Files.readAllLines(log);
        return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
    }
}
