package dev.conveyor.benchmarks;

import java.io.File;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The /v1 scenarios driven by wrk (Debian's package) with a Lua script: a C client that costs the shared cores about
 * as little per request as pgbench does for PostgreSQL, so the server, not the JDK's HTTP client, sets the rate.
 * Each run is two wrk processes, a warm-up and the measured window; the Lua script prints one line of results.
 */
final class WrkLoad {
    private static final Pattern RESULT = Pattern.compile(
            "^wrk-result requests=(\\d+) errors=(\\d+) micros=(\\d+) moved=(\\d+) p50=(\\d+) p99=(\\d+) p999=(\\d+)$",
            Pattern.MULTILINE);

    /** Sums what each thread's Lua state counted (moved) and prints the line RESULT reads. */
    private static final String DONE = """
      threads = {}
      function setup(thread)
        table.insert(threads, thread)
        thread:set("id", #threads)
      end
      function done(summary, latency, requests)
        local errors = summary.errors
        local failed = errors.connect + errors.read + errors.write + errors.status + errors.timeout
        local moved = 0
        for _, thread in ipairs(threads) do moved = moved + (thread:get("moved") or 0) end
        if MOVED_PER_REQUEST then moved = (summary.requests - errors.status) * MOVED_PER_REQUEST end
        io.write(string.format("wrk-result requests=%d errors=%d micros=%d moved=%d p50=%d p99=%d p999=%d\\n",
          summary.requests, failed, summary.duration, moved,
          latency:percentile(50), latency:percentile(99), latency:percentile(99.9)))
      end
      """;

    private final Path wrk;
    private final URI base;
    private final Path scripts;

    private WrkLoad(Path wrk, URI base, Path scripts) {
        this.wrk = wrk;
        this.base = base;
        this.scripts = scripts;
    }

    /** Empty when wrk is not on the PATH: the scenarios then fall back to the JDK's HTTP client. */
    static Optional<WrkLoad> find(URI base) throws IOException {
        for (String directory : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
            Path candidate = Path.of(directory, "wrk");
            if (Files.isExecutable(candidate)) {
                Path scripts = Files.createTempDirectory("conveyor-wrk");
                scripts.toFile().deleteOnExit();
                return Optional.of(new WrkLoad(candidate, base, scripts));
            }
        }
        return Optional.empty();
    }

    /** The first line of `wrk -v` up to its copyright, e.g. "wrk debian/4.1.0-3+b2 [epoll]". */
    String version() throws IOException, InterruptedException {
        Process process = new ProcessBuilder(wrk.toString(), "-v")
                .redirectErrorStream(true)
                .start();
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        process.waitFor(); // wrk -v exits with 1 after printing its usage
        String first = out.lines().findFirst().orElse("wrk");
        int copyright = first.indexOf(" Copyright");
        return copyright < 0 ? first.strip() : first.substring(0, copyright).strip();
    }

    /** Publishes the same request body (perRequest messages) in a closed loop on each connection. */
    LoadGenerator.Result publish(
            String queue, int clients, int perRequest, String body, Duration warmup, Duration measurement)
            throws IOException, InterruptedException {
        String script = """
          wrk.method = "POST"
          wrk.path = "/v1/queues/%s/messages"
          wrk.headers["Content-Type"] = "application/json"
          wrk.body = %s
          MOVED_PER_REQUEST = %d
          """.formatted(queue, luaString(body), perRequest);
        return run("publish-" + queue, script, clients, warmup, measurement);
    }

    /**
     * Publishes single messages that each carry a fresh deduplication id: the message is before + id + after, the
     * id unique across threads, runs and benchmark invocations (prefix).
     */
    LoadGenerator.Result publishEach(
            String queue,
            int clients,
            String before,
            String after,
            String prefix,
            Duration warmup,
            Duration measurement)
            throws IOException, InterruptedException {
        String script = """
          wrk.method = "POST"
          wrk.path = "/v1/queues/%s/messages"
          wrk.headers["Content-Type"] = "application/json"
          MOVED_PER_REQUEST = 1
          local before, after, sent = %s, %s, 0
          local prefix = %s .. os.time() .. "-"
          function request()
            sent = sent + 1
            return wrk.format(nil, nil, nil, before .. prefix .. id .. "-" .. sent .. after)
          end
          """.formatted(queue, luaString(before), luaString(after), luaString(prefix));
        return run("publish-each-" + queue, script, clients, warmup, measurement);
    }

    /**
     * Receives up to max and acks what came, as a consumer does; a connection sends the acks its thread owes before
     * its next receive. Moved counts acked receipts; latency is per request, receives and acks alike.
     */
    LoadGenerator.Result receiveAndAck(String queue, int clients, int max, Duration warmup, Duration measurement)
            throws IOException, InterruptedException {
        String script = """
          wrk.method = "POST"
          wrk.headers["Content-Type"] = "application/json"
          local receive
          function init(args)
            -- Formatted here, not when the script loads: wrk sets the Host header just before init.
            receive = wrk.format("POST", "/v1/queues/%1$s/receive", nil, '{"max_messages": %2$d, "wait_seconds": 0}')
          end
          local owed = {}
          moved = 0
          function request()
            local ack = table.remove(owed, 1)
            if ack then return wrk.format("POST", "/v1/queues/%1$s/ack", nil, ack) end
            return receive
          end
          function response(status, headers, body)
            if status ~= 200 then return end
            local succeeded = body:match('"succeeded":%%s*%%[(.-)%%]')
            if succeeded then
              for _ in succeeded:gmatch('"[^"]+"') do moved = moved + 1 end
              return
            end
            local receipts = {}
            for receipt in body:gmatch('"receipt":%%s*"([^"]+)"') do table.insert(receipts, '"' .. receipt .. '"') end
            if #receipts > 0 then table.insert(owed, '{"receipts": [' .. table.concat(receipts, ",") .. ']}') end
          end
          """.formatted(queue, max);
        return run("receive-ack-" + queue, script, clients, warmup, measurement);
    }

    private LoadGenerator.Result run(String name, String script, int clients, Duration warmup, Duration measurement)
            throws IOException, InterruptedException {
        Path file = Files.writeString(scripts.resolve(name + ".lua"), script + DONE);
        file.toFile().deleteOnExit();
        Map<String, Long> warm = warmup.isZero() ? Map.of("moved", 0L) : once(file, clients, warmup);
        Map<String, Long> measured = once(file, clients, measurement);
        // wrk reports these three percentiles (the report asks for no others); none when nothing was answered.
        Map<Double, Long> micros =
                Map.of(0.5, measured.get("p50"), 0.99, measured.get("p99"), 0.999, measured.get("p999"));
        LoadGenerator.Percentiles latency = quantile -> measured.get("requests") == 0 || !micros.containsKey(quantile)
                ? Double.NaN
                : micros.get(quantile) / 1000.0;
        return new LoadGenerator.Result(
                measured.get("requests"),
                measured.get("moved"),
                measured.get("errors"),
                measured.get("micros") / 1e6,
                latency,
                warm.get("moved") + measured.get("moved"));
    }

    private Map<String, Long> once(Path script, int clients, Duration duration)
            throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(
                wrk.toString(),
                "-t",
                Integer.toString(Math.min(2, clients)),
                "-c",
                Integer.toString(clients),
                "-d",
                duration.toSeconds() + "s",
                "--timeout",
                "30s",
                "-s",
                script.toString(),
                base.toString()));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!process.waitFor(duration.toSeconds() + 60, TimeUnit.SECONDS) || process.exitValue() != 0) {
            process.destroyForcibly();
            throw new IllegalStateException("wrk failed:\n" + output);
        }
        Matcher matcher = RESULT.matcher(output);
        if (!matcher.find()) {
            throw new IllegalStateException("no result line in wrk's output:\n" + output);
        }
        Map<String, Long> values = new HashMap<>();
        String[] names = {"requests", "errors", "micros", "moved", "p50", "p99", "p999"};
        for (int i = 0; i < names.length; i++) {
            values.put(names[i], Long.parseLong(matcher.group(i + 1)));
        }
        return values;
    }

    /** A Lua long string holding text exactly (the benchmark's JSON has no "]==]"). */
    private static String luaString(String text) {
        if (text.contains("]==]")) {
            throw new IllegalArgumentException("cannot quote for Lua: " + text);
        }
        return "[==[" + text + "]==]";
    }
}
