package dev.conveyor.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;

import dev.conveyor.postgres.testing.TestDatabase;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every command of the jar in its failure cases: a non-zero exit and one clear line, never a Java stack trace nor an
 * exception's class name, on standard error or in the log lines on standard output.
 */
class CommandErrorsTest {
    /** A stack frame, "at dev.conveyor.X.run(X.java:12)", or a "Caused by"/"Wrapped by" line. */
    private static final Pattern STACK_LINE =
            Pattern.compile("(?m)^\\s*(at [\\w$.]+\\(|\\.\\.\\. \\d+ (common )?frames|Caused by:|Wrapped by:)");

    /** A class name ending in Exception or Error: "java.io.IOException", "IllegalStateException". */
    private static final Pattern EXCEPTION_NAME = Pattern.compile("\\b[A-Za-z][\\w$.]*(Exception|Error)\\b");

    @TempDir
    static Path dir;

    private static Path missing;
    private static Path badYaml;
    private static Path invalid;
    private static Path unknownField;
    private static Path unreachable;
    private static Path authWithoutKey;

    @BeforeAll
    static void configurations() throws Exception {
        missing = dir.resolve("nothere.yml");
        badYaml = Files.writeString(dir.resolve("bad.yml"), "database:\n  url: [oops\n");
        invalid = Files.writeString(dir.resolve("invalid.yml"), "database:\n  url: embedded\n  maxSize: -3\n");
        unknownField = Files.writeString(dir.resolve("unknown.yml"), "frobnicate: 1\n");
        unreachable =
                Files.writeString(dir.resolve("unreachable.yml"), """
                database:
                  driverClass: org.postgresql.Driver
                  url: jdbc:postgresql://127.0.0.1:1/conveyor
                  user: postgres
                auth:
                  secretKey: %s
                logging:
                  level: INFO
                """.formatted(BearerApi.base64(BearerApi.key(2))));
        authWithoutKey =
                Files.writeString(dir.resolve("no-key.yml"), "database:\n  url: embedded\nauth:\n  enabled: true\n");
    }

    static Stream<Arguments> failures() {
        String cannotReach = "cannot reach the database at jdbc:postgresql://127.0.0.1:1/conveyor";
        return Stream.of(
                refusal("Conveyor will not start: File " + missing + " not found", "server", missing),
                refusal("Conveyor will not start: " + badYaml + " has an error: Malformed YAML", "server", badYaml),
                refusal("Conveyor will not start: " + invalid + " has the following errors: ", "server", invalid),
                refusal(
                        "Conveyor will not start: " + unknownField + " has an error: Unrecognized field at: frobnicate",
                        "server",
                        unknownField),
                refusal("Conveyor will not start: " + cannotReach, "server", unreachable),
                refusal("Conveyor will not start: auth.secret_key", "server", authWithoutKey),
                refusal("conveyor check failed: File " + missing + " not found", "check", missing),
                refusal("conveyor check failed: " + badYaml + " has an error: Malformed YAML", "check", badYaml),
                refusal("conveyor check failed: " + invalid + " has the following errors: ", "check", invalid),
                refusal("conveyor db failed: File " + missing + " not found", "db", "status", missing),
                refusal("conveyor db failed: " + cannotReach, "db", "status", unreachable),
                refusal("conveyor db failed: " + cannotReach, "db", "migrate", unreachable),
                refusal("conveyor db failed: " + badYaml + " has an error", "db", "migrate", badYaml),
                refusal("conveyor cleanup failed: File " + missing + " not found", "cleanup", missing),
                refusal("conveyor cleanup failed: " + cannotReach, "cleanup", unreachable),
                refusal(
                        "No client created: " + cannotReach,
                        "create-client",
                        unreachable,
                        "--name",
                        "x",
                        "--scopes",
                        "*"),
                refusal(
                        "No client created: auth.secret_key",
                        "create-client",
                        authWithoutKey,
                        "--name",
                        "x",
                        "--scopes",
                        "*"),
                refusal(
                        "No client created: File " + missing + " not found",
                        "create-client",
                        missing,
                        "--name",
                        "x",
                        "--scopes",
                        "*"),
                badArguments("argument --scopes is required", "create-client", unreachable, "--name", "x"),
                badArguments("unrecognized arguments: 'extra'", "generate-secret", "extra"),
                badArguments("invalid choice: 'frobnicate'", "frobnicate"),
                badArguments("invalid choice: 'frobnicate'", "db", "frobnicate", unreachable),
                badArguments("too few arguments", "db"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("failures")
    void aFailingCommandExitsNonZeroWithOneClearLine(
            String ignoredName, List<String> arguments, String line, boolean usage) throws Exception {
        CommandRun run = CommandRun.of(arguments.toArray(String[]::new));

        assertThat(run.failure()).as("a failure (exit 1)").isPresent();
        assertNoStackTrace(run.out() + run.err());
        if (usage) {
            // argparse's own answer: the error, then the command's usage.
            assertThat(run.errLines()).first().asString().contains(line);
            assertThat(run.err()).contains("usage: java -jar");
        } else {
            assertThat(run.errLines()).singleElement().asString().startsWith(line);
        }
    }

    @Test
    void aServerWhosePortIsTakenSaysSoInOneLine() throws Exception {
        try (TestDatabase db = TestDatabase.create();
                ServerSocket taken = new ServerSocket(0)) {
            Path config = Files.writeString(dir.resolve("port-taken.yml"), """
                    database:
                      driverClass: org.postgresql.Driver
                      url: "%s"
                      user: "%s"
                      password: "%s"
                    server:
                      applicationConnectors:
                        - type: http
                          port: %d
                      adminConnectors:
                        - type: http
                          port: 0
                    logging:
                      level: INFO
                    """.formatted(
                            db.url(), db.user(), db.password(), taken.getLocalPort()));

            CommandRun run = CommandRun.of("server", config.toString());

            assertThat(run.failure()).isPresent();
            assertNoStackTrace(run.out() + run.err());
            assertThat(run.errLines())
                    .singleElement()
                    .asString()
                    .isEqualTo("Conveyor will not start: Failed to bind to 0.0.0.0/0.0.0.0:" + taken.getLocalPort()
                            + ": Address already in use");
        }
    }

    /** --help and --version, and no arguments at all (the help): they succeed, without a stack trace. */
    @ParameterizedTest
    @MethodSource("informative")
    void helpAndVersionSucceed(List<String> arguments) throws Exception {
        CommandRun run = CommandRun.of(arguments.toArray(String[]::new));

        assertThat(run.failure()).isEmpty();
        assertThat(run.out()).isNotBlank();
        assertNoStackTrace(run.out() + run.err());
    }

    static Stream<List<String>> informative() {
        return Stream.of(List.of(), List.of("--help"), List.of("--version"), List.of("server", "--help"));
    }

    static void assertNoStackTrace(String output) {
        assertThat(STACK_LINE.matcher(output).find())
                .as("a stack trace in:%n%s", output)
                .isFalse();
        assertThat(EXCEPTION_NAME.matcher(output).results().map(found -> found.group()))
                .as("exception class names in:%n%s", output)
                .isEmpty();
    }

    private static Arguments refusal(String line, Object... arguments) {
        return failure(line, false, arguments);
    }

    private static Arguments badArguments(String line, Object... arguments) {
        return failure(line, true, arguments);
    }

    private static Arguments failure(String line, boolean usage, Object... arguments) {
        List<String> strings = Stream.of(arguments).map(String::valueOf).toList();
        String name = String.join(" ", strings).replace(dir.toString() + "/", "");
        return Arguments.of(name, strings, line, usage);
    }
}
