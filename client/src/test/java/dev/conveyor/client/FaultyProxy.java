package dev.conveyor.client;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A small HTTP/1.1 proxy in front of the server that fails on request: it answers 503 (Retry-After: 0) to the next
 * requests without passing them on, or passes a request on and then drops the connection without answering, as a
 * network that fails after the server did the work. One request per connection, answered with
 * {@code Connection: close}. It records every request it saw, answered or not.
 */
final class FaultyProxy implements AutoCloseable {
    private static final HttpClient UPSTREAM = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5))
            .build();

    private final String upstream;
    private final ServerSocket socket;
    private final ExecutorService connections = Executors.newCachedThreadPool(runnable -> {
        Thread thread = new Thread(runnable, "faulty-proxy");
        thread.setDaemon(true);
        return thread;
    });
    private final List<String> seen = new CopyOnWriteArrayList<>();
    private final List<Integer> answered = new CopyOnWriteArrayList<>();
    private final List<String> requestIds = new CopyOnWriteArrayList<>();
    private final AtomicInteger unavailable = new AtomicInteger();
    private final AtomicInteger drops = new AtomicInteger();
    private volatile String dropWhat = "";
    private volatile Duration holdBeforeDrop = Duration.ZERO;

    FaultyProxy(String upstream) throws IOException {
        this.upstream = upstream;
        this.socket = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        connections.execute(this::accept);
    }

    String url() {
        return "http://localhost:" + socket.getLocalPort();
    }

    /** The next {@code count} requests are answered 503 with Retry-After: 0, and not passed on. */
    FaultyProxy answerUnavailable(int count) {
        unavailable.set(count);
        return this;
    }

    /**
     * The next {@code count} requests whose request line starts with {@code requestLine} ("POST /v1/queues/q/messages")
     * are passed on, and then their connection is closed without an answer.
     */
    FaultyProxy dropAnswers(String requestLine, int count) {
        return holdAnswers(requestLine, count, Duration.ZERO);
    }

    /** As {@link #dropAnswers}, but the connection is held open this long first, as a server that hangs. */
    FaultyProxy holdAnswers(String requestLine, int count, Duration hold) {
        dropWhat = requestLine;
        holdBeforeDrop = hold;
        drops.set(count);
        return this;
    }

    /** The request lines seen, in order: "GET /v1/queues/q". */
    List<String> seen() {
        return List.copyOf(seen);
    }

    /** How many requests began with this request line. */
    long count(String requestLine) {
        return seen.stream().filter(line -> line.startsWith(requestLine)).count();
    }

    /** The X-Request-ID of each request seen, in order ("" for none). */
    List<String> requestIds() {
        return List.copyOf(requestIds);
    }

    /** The statuses the server answered through the proxy, in order. */
    List<Integer> answered() {
        return List.copyOf(answered);
    }

    private void accept() {
        while (!socket.isClosed()) {
            try {
                Socket connection = socket.accept();
                connections.execute(() -> serve(connection));
            } catch (IOException closed) {
                return;
            }
        }
    }

    private void serve(Socket connection) {
        try (connection) {
            InputStream in = connection.getInputStream();
            List<String> head = head(in);
            if (head.isEmpty()) {
                return;
            }
            String requestLine = head.get(0);
            Map<String, String> headers = new LinkedHashMap<>();
            for (String line : head.subList(1, head.size())) {
                int colon = line.indexOf(':');
                headers.put(
                        line.substring(0, colon).strip().toLowerCase(Locale.ROOT),
                        line.substring(colon + 1).strip());
            }
            byte[] body = in.readNBytes(Integer.parseInt(headers.getOrDefault("content-length", "0")));
            String[] parts = requestLine.split(" ");
            seen.add(parts[0] + " " + parts[1]);
            requestIds.add(headers.getOrDefault("x-request-id", ""));
            OutputStream out = connection.getOutputStream();
            if (unavailable.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
                byte[] error = "{\"code\":503,\"message\":\"unavailable (proxy)\"}".getBytes(StandardCharsets.UTF_8);
                answer(out, 503, Map.of("Retry-After", "0", "Content-Type", "application/json"), error);
                return;
            }
            HttpResponse<byte[]> response = forward(parts[0], parts[1], headers, body);
            answered.add(response.statusCode());
            if (requestLine.startsWith(dropWhat) && drops.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
                Thread.sleep(holdBeforeDrop.toMillis());
                return; // the server did the work; the answer is lost with the connection
            }
            Map<String, String> passed = new LinkedHashMap<>();
            response.headers().firstValue("Content-Type").ifPresent(value -> passed.put("Content-Type", value));
            response.headers().firstValue("Retry-After").ifPresent(value -> passed.put("Retry-After", value));
            response.headers().firstValue("X-Request-ID").ifPresent(value -> passed.put("X-Request-ID", value));
            answer(out, response.statusCode(), passed, response.body());
        } catch (IOException | InterruptedException | RuntimeException e) {
            // The client sees a dropped connection, which is what a failing proxy does.
        }
    }

    private HttpResponse<byte[]> forward(String method, String target, Map<String, String> headers, byte[] body)
            throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(upstream + target))
                .timeout(Duration.ofSeconds(60))
                .method(
                        method,
                        body.length == 0
                                ? HttpRequest.BodyPublishers.noBody()
                                : HttpRequest.BodyPublishers.ofByteArray(body));
        for (String name : List.of("content-type", "authorization", "accept", "x-request-id")) {
            if (headers.containsKey(name)) {
                request.header(name, headers.get(name));
            }
        }
        return UPSTREAM.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    private static void answer(OutputStream out, int status, Map<String, String> headers, byte[] body)
            throws IOException {
        StringBuilder head = new StringBuilder("HTTP/1.1 " + status + " Proxied\r\n");
        headers.forEach(
                (name, value) -> head.append(name).append(": ").append(value).append("\r\n"));
        head.append("Content-Length: ").append(body.length).append("\r\n");
        head.append("Connection: close\r\n\r\n");
        out.write(head.toString().getBytes(StandardCharsets.ISO_8859_1));
        out.write(body);
        out.flush();
    }

    /** The request line and header lines, up to the empty line; empty when the connection closed first. */
    private static List<String> head(InputStream in) throws IOException {
        List<String> lines = new ArrayList<>();
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        int previous = -1;
        for (int b = in.read(); b != -1; b = in.read()) {
            if (previous == '\r' && b == '\n') {
                byte[] bytes = line.toByteArray();
                String text = new String(bytes, 0, bytes.length - 1, StandardCharsets.ISO_8859_1);
                if (text.isEmpty()) {
                    return lines;
                }
                lines.add(text);
                line.reset();
                previous = -1;
                continue;
            }
            line.write(b);
            previous = b;
        }
        return List.of();
    }

    @Override
    public void close() throws IOException {
        socket.close();
        connections.shutdownNow();
    }
}
