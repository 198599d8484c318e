package dev.conveyor.bootstrap.docs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The README's walk-through, run as written: its bash blocks, in one bash, against the built jar started as the
 * README starts it (on the embedded PostgreSQL, here with its data in a temporary directory, on a free port). The
 * only change to the README's text is {@code localhost:8080} to that port. Every command must exit 0 and print
 * what the README shows under it ({@code ...} matching anything), or nothing when it shows nothing. Run by
 * failsafe after the jar is packaged: {@code ./mvnw -B verify}.
 */
class ReadmeWalkthroughIT {
    @TempDir
    Path scratch;

    @Test
    void theReadmesWalkThroughWorksAsWritten() throws Exception {
        List<String> missing = Programs.missing("bash", "curl");
        if (!missing.isEmpty()) {
            System.out.println("ReadmeWalkthroughIT skipped: the walk-through needs " + String.join(" and ", missing)
                    + ", which this machine's PATH lacks");
        }
        assumeTrue(missing.isEmpty(), () -> "the walk-through needs " + missing + ", which the PATH lacks");
        Path root = Repository.root();
        Path jar = Repository.serverJar();
        assertThat(jar).as("the server jar (./mvnw package builds it)").isRegularFile();
        List<Step> steps = Walkthrough.in(Files.readString(root.resolve("README.md"), StandardCharsets.UTF_8))
                .steps();
        assertThat(steps).as("the README's walk-through commands").isNotEmpty();

        Path work = Files.createDirectories(scratch.resolve("work"));
        try (RunningJar server = RunningJar.start(jar, root, scratch.resolve("data"), scratch.resolve("server.log"))) {
            String address = "localhost:" + server.port();
            BashSession bash = new BashSession(work);
            List<BashSession.Outcome> outcomes = bash.run(steps.stream()
                    .map(step -> step.command().replace("localhost:8080", address))
                    .toList());

            for (int i = 0; i < steps.size(); i++) {
                Step step = steps.get(i);
                if (i >= outcomes.size()) {
                    fail("README line %d did not run; bash said:%n%s", step.line(), bash.bashOutput());
                }
                BashSession.Outcome outcome = outcomes.get(i);
                String where = "README line %d: %s".formatted(step.line(), step.command());
                assertThat(outcome.exitCode())
                        .as("%s%nexited %d, printing:%n%s", where, outcome.exitCode(), outcome.output())
                        .isZero();
                assertThat(step.printedAsShown(outcome.output()))
                        .as(
                                "%s%nprinted:%n%s%nbut the README shows:%n%s%nthe server's last lines:%n%s",
                                where,
                                outcome.output(),
                                step.shown().isEmpty() ? "(nothing)" : String.join("\n", step.shown()),
                                server.logTail())
                        .isTrue();
            }
        }
    }
}
