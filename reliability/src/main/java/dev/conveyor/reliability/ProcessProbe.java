package dev.conveyor.reliability;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.stream.Stream;

/**
 * Samples one running server: its heap right after a full collection, its threads and its open file descriptors.
 *
 * <p>The heap is read after {@code POST /tasks/gc} on the admin port (Dropwizard's task: {@code System.gc()}, a
 * full, compacting collection with the servers' default G1), from the admin port's metrics
 * ({@code jvm.memory.heap.used}): what is left is what the server retains, not the garbage of the moment. That
 * costs each instance one full collection (tens of milliseconds on a 256 MiB heap) per sample, at every sample
 * alike, so the first minute and the last pay it equally. {@code jcmd GC.heap_info} would start a JVM per sample
 * on a 2-core machine, and the old generation's {@code used-after-gc} only moves at the rare old collections.
 * Threads and descriptors come from {@code /proc}: every thread of the process (the JVM's own too) and every
 * descriptor (sockets, jars, logs), which is what runs out.
 */
final class ProcessProbe {
    private static final Duration TIMEOUT = Duration.ofSeconds(10);

    /** What one sample found. */
    record Sample(long postGcHeapBytes, int threads, int fileDescriptors) {}

    private final ServerProcess server;

    ProcessProbe(ServerProcess server) {
        this.server = server;
    }

    Sample sample() throws IOException, InterruptedException {
        if (!server.isAlive()) {
            throw new IllegalStateException(server.name + " is not running:\n" + server.tail());
        }
        long pid = server.pid();
        collectGarbage();
        return new Sample(heapUsed(), threads(pid), fileDescriptors(pid));
    }

    private void collectGarbage() throws IOException, InterruptedException {
        HttpRequest gc = HttpRequest.newBuilder(server.adminUri.resolve("/tasks/gc"))
                .timeout(TIMEOUT)
                .POST(HttpRequest.BodyPublishers.noBody())
                .build();
        int status = Json.HTTP.send(gc, HttpResponse.BodyHandlers.discarding()).statusCode();
        if (status != 200) {
            throw new IllegalStateException("POST " + gc.uri() + " answered " + status);
        }
    }

    private long heapUsed() throws IOException, InterruptedException {
        Json.Answer metrics = Json.call(server.adminUri, "/metrics", null, TIMEOUT);
        JsonNode used =
                metrics.body().path("gauges").path("jvm.memory.heap.used").path("value");
        if (metrics.status() != 200 || !used.isNumber()) {
            throw new IllegalStateException("GET " + server.adminUri + "/metrics answered " + metrics.status()
                    + " without the gauge jvm.memory.heap.used");
        }
        return used.asLong();
    }

    static int threads(long pid) throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
            if (line.startsWith("Threads:")) {
                return Integer.parseInt(line.substring("Threads:".length()).trim());
            }
        }
        throw new IllegalStateException("/proc/" + pid + "/status has no Threads: line");
    }

    static int fileDescriptors(long pid) throws IOException {
        try (Stream<Path> descriptors = Files.list(Path.of("/proc", Long.toString(pid), "fd"))) {
            return (int) descriptors.count();
        }
    }
}
