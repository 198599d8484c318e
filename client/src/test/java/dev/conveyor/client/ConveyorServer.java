package dev.conveyor.client;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The real server, run as a user runs it: {@code java -jar bootstrap/target/conveyor.jar server config.yml} from the
 * repository's top directory, on its embedded PostgreSQL with its data in a temporary directory, on free ports, with
 * no {@code CONVEYOR_} setting of the developer's. The build packages the jar before this module's tests run.
 */
final class ConveyorServer implements AutoCloseable {
    /** Jetty's line once the application connector serves: {@code Started application@6c27e700{...}{0.0.0.0:46859}}. */
    private static final Pattern STARTED = Pattern.compile("Started application@\\S*\\{.*}\\{[^}]*:(\\d+)}");

    private final Process process;
    private final Path directory;
    private final Map<String, String> settings;
    private final Path log;
    private final CompletableFuture<Integer> port = new CompletableFuture<>();
    private boolean closed;

    private ConveyorServer(Process process, Path directory, Map<String, String> settings) {
        this.process = process;
        this.directory = directory;
        this.settings = settings;
        this.log = directory.resolve("server.log");
    }

    /** Starts a server with these {@code CONVEYOR_} settings beside the test's own, and waits until it serves. */
    static ConveyorServer start(Map<String, String> settings) throws IOException, InterruptedException {
        Path directory = Files.createTempDirectory("conveyor-client-test");
        Process process = command(directory, settings, "server", "config.yml").start();
        process.getOutputStream().close();
        ConveyorServer server = new ConveyorServer(process, directory, settings);
        Thread copier = new Thread(server::copyOutput, "conveyor-server-output");
        copier.setDaemon(true);
        copier.start();
        try {
            server.port.get(3, TimeUnit.MINUTES);
            return server;
        } catch (ExecutionException | TimeoutException e) {
            server.close();
            throw new IllegalStateException("the server did not start; the end of its output:\n" + server.logTail(), e);
        }
    }

    /** The server's base URL. */
    String url() {
        return "http://localhost:" + port();
    }

    int port() {
        return port.join();
    }

    /** A client of this server with the default settings. */
    ConveyorClient client() {
        return ConveyorClient.builder(url()).build();
    }

    /**
     * Runs {@code java -jar conveyor.jar create-client} against this server's database and answers the client's id
     * and secret.
     */
    String[] createClient(String name, String scopes) throws IOException, InterruptedException {
        Process command = command(
                        directory, settings, "create-client", "config.yml", "--name", name, "--scopes", scopes)
                .start();
        command.getOutputStream().close();
        String output = new String(command.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!command.waitFor(2, TimeUnit.MINUTES) || command.exitValue() != 0) {
            throw new IllegalStateException("create-client failed:\n" + output);
        }
        Matcher id = Pattern.compile("client_id: (\\S+)").matcher(output);
        Matcher secret = Pattern.compile("client_secret: (\\S+)").matcher(output);
        if (!id.find() || !secret.find()) {
            throw new IllegalStateException("create-client printed no credentials:\n" + output);
        }
        return new String[] {id.group(1), secret.group(1)};
    }

    private static ProcessBuilder command(Path directory, Map<String, String> settings, String... arguments) {
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                // A quicker start: these JVMs live for a test class.
                "-XX:TieredStopAtLevel=1",
                "-jar",
                jar().toString()));
        command.addAll(List.of(arguments));
        ProcessBuilder builder =
                new ProcessBuilder(command).directory(repository().toFile()).redirectErrorStream(true);
        Map<String, String> environment = builder.environment();
        environment.keySet().removeIf(name -> name.startsWith("CONVEYOR_"));
        environment.put("CONVEYOR_PORT", "0");
        environment.put("CONVEYOR_ADMIN_PORT", "0");
        environment.put("CONVEYOR_DATA_DIR", directory.resolve("data").toString());
        // SQS is not the client's business: fewer routes, a quicker start.
        environment.put("CONVEYOR_SQS_ENABLED", "false");
        environment.putAll(settings);
        return builder;
    }

    private static Path repository() {
        return Path.of(System.getProperty("conveyor.repository", ".."))
                .toAbsolutePath()
                .normalize();
    }

    private static Path jar() {
        Path jar = Path.of(System.getProperty("conveyor.jar", "../bootstrap/target/conveyor.jar"))
                .toAbsolutePath()
                .normalize();
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException(jar + " is missing: the client's tests run the server jar, which "
                    + "`./mvnw package -pl bootstrap -am` builds (and `./mvnw verify` builds before this module)");
        }
        return jar;
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

    /** Stops the server as a user does (SIGTERM: it stops its PostgreSQL), or kills both; then deletes its files. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        process.destroy();
        try {
            if (!process.waitFor(1, TimeUnit.MINUTES)) {
                process.destroyForcibly();
                postmaster().ifPresent(ProcessHandle::destroy);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        delete(directory);
    }

    private Optional<ProcessHandle> postmaster() {
        try {
            Path pidFile = directory.resolve("data/postmaster.pid");
            if (!Files.exists(pidFile)) {
                return Optional.empty();
            }
            return ProcessHandle.of(
                    Long.parseLong(Files.readAllLines(pidFile).get(0).strip()));
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }

    private static void delete(Path tree) {
        if (!Files.exists(tree)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(tree)) {
            paths.sorted(Comparator.reverseOrder())
                    .forEach(path -> path.toFile().delete());
        } catch (IOException e) {
            // A temporary directory left behind is no failure of the test.
        }
    }

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
