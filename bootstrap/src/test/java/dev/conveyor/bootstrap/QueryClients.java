package dev.conveyor.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Debian bookworm's boto3 (1.26) and AWS CLI (2.9), which speak only the AWS Query protocol, run as subprocesses
 * against a Conveyor: {@code /usr/bin/python3} and {@code /usr/bin/aws}, never a newer one first on the PATH (those
 * speak JSON). A test that needs a missing one is skipped, saying what to install.
 */
final class QueryClients {
    static final Path PYTHON = Path.of("/usr/bin/python3");
    /** Where Debian's python3-boto3 puts it: a boto3 from pip elsewhere is newer and speaks JSON. */
    static final Path DEBIAN_BOTO3 = Path.of("/usr/lib/python3/dist-packages/boto3/__init__.py");

    static final Path AWS = Path.of("/usr/bin/aws");
    private static final long TIMEOUT_SECONDS = 90;

    private final String endpoint;

    QueryClients(String endpoint) {
        this.endpoint = endpoint;
    }

    /** What a client run printed, and how it ended. */
    record Run(int exit, String stdout, String stderr) {}

    /**
     * Runs the boto3 script {@code sqs-query-clients/<script>.py} with the call's arguments as JSON, and answers
     * what it printed: {@code Answer} (the call's result) or {@code Error} (what the client raised), and {@code
     * Client} (its versions and protocol).
     */
    JsonNode boto3(String script, Map<String, ?> arguments) {
        assumeBoto3();
        Run run = run(List.of(
                PYTHON.toString(),
                script(script),
                endpoint,
                Api.JSON.valueToTree(arguments).toString()));
        assertThat(run.exit()).as("boto3 %s: %s", script, run).isZero();
        JsonNode printed = Api.parse(run.stdout());
        assertThat(printed.at("/Client/protocol").asText())
                .as("Debian's boto3 speaks the Query protocol")
                .isEqualTo("query");
        return printed;
    }

    /** Skips the test, saying how to install it, unless Debian's boto3 is here. */
    static void assumeBoto3() {
        skipWithout(
                Files.isExecutable(PYTHON) && Files.isRegularFile(DEBIAN_BOTO3),
                "Debian's boto3 (" + DEBIAN_BOTO3 + " run by " + PYTHON + ") is missing; install it as root with"
                        + " `apt-get update && apt-get install -y python3-boto3`");
    }

    /** The AWS CLI's {@code aws sqs <arguments>}, with JSON output; a failed call exits non-zero. */
    Run aws(String... arguments) {
        skipWithout(
                Files.isExecutable(AWS),
                "Debian's AWS CLI (" + AWS + ") is missing; install it as root with"
                        + " `apt-get update && apt-get install -y awscli`");
        List<String> command = new ArrayList<>(List.of(AWS.toString(), "--endpoint-url", endpoint, "--output", "json"));
        command.add("sqs");
        command.addAll(List.of(arguments));
        return run(command);
    }

    /** The CLI's answer to a call that must succeed, as JSON (an empty object when it printed nothing). */
    JsonNode awsOk(String... arguments) {
        Run run = aws(arguments);
        assertThat(run.exit())
                .as("aws sqs %s: %s", String.join(" ", arguments), run)
                .isZero();
        return run.stdout().isBlank() ? Api.JSON.createObjectNode() : Api.parse(run.stdout());
    }

    private static void skipWithout(boolean present, String message) {
        if (!present) {
            // Also into the test's output file, where a reader of a green build looks for what did not run.
            System.out.println("SKIPPED: " + message);
        }
        assumeTrue(present, message);
    }

    private static String script(String name) {
        URL url = QueryClients.class.getResource("/sqs-query-clients/" + name + ".py");
        assertThat(url).as("test resource sqs-query-clients/%s.py", name).isNotNull();
        try {
            return Path.of(url.toURI()).toString();
        } catch (URISyntaxException e) {
            throw new AssertionError(e);
        }
    }

    /** Runs the command with dummy credentials and a region, and nothing of the machine's AWS or Python setup. */
    private static Run run(List<String> command) {
        ProcessBuilder builder = new ProcessBuilder(command);
        Map<String, String> env = builder.environment();
        env.keySet().removeIf(name -> name.startsWith("AWS_") || name.startsWith("PYTHON"));
        env.put("AWS_ACCESS_KEY_ID", "dummy");
        env.put("AWS_SECRET_ACCESS_KEY", "dummy");
        env.put("AWS_DEFAULT_REGION", "us-east-1");
        env.put("AWS_CONFIG_FILE", "/dev/null");
        env.put("AWS_SHARED_CREDENTIALS_FILE", "/dev/null");
        env.put("AWS_EC2_METADATA_DISABLED", "true");
        env.put("AWS_MAX_ATTEMPTS", "1"); // an error is the answer under test, not something to retry
        env.put("AWS_PAGER", "");
        try {
            Path stdout = Files.createTempFile("query-client", ".out");
            Path stderr = Files.createTempFile("query-client", ".err");
            try {
                builder.redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
                builder.redirectOutput(stdout.toFile()).redirectError(stderr.toFile());
                Process process = builder.start();
                if (!process.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                    process.destroyForcibly().waitFor();
                    throw new AssertionError(command + " did not end within " + TIMEOUT_SECONDS + " s");
                }
                return new Run(
                        process.exitValue(),
                        Files.readString(stdout, StandardCharsets.UTF_8),
                        Files.readString(stderr, StandardCharsets.UTF_8));
            } finally {
                Files.deleteIfExists(stdout);
                Files.deleteIfExists(stderr);
            }
        } catch (IOException e) {
            throw new AssertionError(command + " failed", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }
}
