package dev.conveyor.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The built jar says what it is: {@code java -jar conveyor.jar --version} prints the project's version and the
 * commit it was built from, as git names it where the build ran (or "unknown" where git or a repository is
 * missing). Run by failsafe, after the jar is built.
 */
class VersionIT {
    @Test
    void theJarPrintsItsVersionAndCommit() throws Exception {
        Path jar = Path.of(System.getProperty("conveyor.jar"));
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();

        Run version = run(List.of(java, "-jar", jar.toString(), "--version"));

        assertThat(version.exitCode()).as(version.output()).isZero();
        assertThat(version.output().strip())
                .isEqualTo(System.getProperty("conveyor.version") + " (commit " + expectedCommit() + ")");
    }

    /** What the build asked git for, the same way; "unknown" when it cannot answer. */
    private static String expectedCommit() throws InterruptedException {
        try {
            Run head = run(List.of("git", "rev-parse", "--short=7", "HEAD"));
            return head.exitCode() == 0 ? head.output().strip() : "unknown";
        } catch (IOException noGit) {
            return "unknown";
        }
    }

    private record Run(int exitCode, String output) {}

    private static Run run(List<String> command) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        return new Run(process.waitFor(), output);
    }
}
