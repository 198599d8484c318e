package dev.conveyor.bootstrap.docs;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Runs commands one after the other in one bash, as a user pasting them into one terminal does (so a variable set
 * by one is there for the next), and keeps each one's output and exit code apart.
 */
final class BashSession {
    /** Proxy settings of the machine would send curl's requests to localhost through a proxy. */
    private static final List<String> PROXY_VARIABLES =
            List.of("http_proxy", "HTTP_PROXY", "https_proxy", "HTTPS_PROXY", "all_proxy", "ALL_PROXY");

    private final Path directory;

    /** A session whose scratch files go to {@code directory}; the commands run there too. */
    BashSession(Path directory) {
        this.directory = directory;
    }

    /** What one command printed (standard output and error, as a terminal shows them) and how it exited. */
    record Outcome(int exitCode, String output) {}

    /**
     * Runs {@code commands} in order and answers an outcome for each command that ran. Fewer outcomes than
     * commands mean bash stopped early (a syntax error, say): {@link #bashOutput()} tells why.
     */
    List<Outcome> run(List<String> commands) throws IOException, InterruptedException {
        StringBuilder script = new StringBuilder();
        for (int i = 0; i < commands.size(); i++) {
            // Braces, not a subshell: a variable the command sets stays for the next one.
            script.append("{\n")
                    .append(commands.get(i))
                    .append("\n} >")
                    .append(quoted(output(i)))
                    .append(" 2>&1; echo $? >")
                    .append(quoted(exitCode(i)))
                    .append('\n');
        }
        Path file = directory.resolve("walkthrough.sh");
        Files.writeString(file, script, StandardCharsets.UTF_8);
        ProcessBuilder bash = new ProcessBuilder("bash", "--noprofile", "--norc", file.toString())
                .directory(directory.toFile())
                .redirectErrorStream(true)
                .redirectOutput(bashOutputFile().toFile());
        Map<String, String> environment = bash.environment();
        PROXY_VARIABLES.forEach(environment::remove);
        Process process = bash.start();
        process.getOutputStream().close(); // nothing to read: a command that waits for input ends at once
        if (!process.waitFor(5, TimeUnit.MINUTES)) {
            process.destroyForcibly();
            throw new IllegalStateException("the commands did not finish within 5 minutes");
        }
        List<Outcome> outcomes = new ArrayList<>();
        for (int i = 0; i < commands.size() && Files.exists(exitCode(i)); i++) {
            outcomes.add(new Outcome(
                    Integer.parseInt(Files.readString(exitCode(i)).strip()),
                    Files.readString(output(i), StandardCharsets.UTF_8)));
        }
        return outcomes;
    }

    /** What bash itself printed, outside the commands: its own errors. */
    String bashOutput() throws IOException {
        return Files.readString(bashOutputFile(), StandardCharsets.UTF_8);
    }

    private Path bashOutputFile() {
        return directory.resolve("bash.out");
    }

    private Path output(int i) {
        return directory.resolve(i + ".out");
    }

    private Path exitCode(int i) {
        return directory.resolve(i + ".rc");
    }

    private static String quoted(Path path) {
        return "'" + path.toString().replace("'", "'\\''") + "'";
    }
}
