package dev.conveyor.reliability;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Runs the chosen scenarios one after another (each on a database and servers of its own), prints one summary line
 * per scenario, writes docs/reliability.md (a run of some scenarios a page of its own), and exits non-zero if any
 * invariant failed.
 */
public final class ReliabilitySuite {
    static final List<FaultScenario> SCENARIOS = List.of(
            new BaselineScenario(),
            new KillScenario(),
            new KillBatchScenario(),
            new PausedInstanceScenario(),
            new PoisonMessageScenario(),
            new PgRestartScenario(),
            new DbStallScenario(),
            new PoolExhaustionScenario(),
            new ConcurrentStartScenario(),
            new SoakScenario(),
            new EmbeddedKillScenario(),
            new FifoKillScenario());

    private ReliabilitySuite() {}

    public static void main(String[] args) throws Exception {
        SuiteSettings settings = SuiteSettings.from(System.getenv(), Path.of(""));
        List<FaultScenario> chosen = choose(List.of(args));
        if (!Files.isRegularFile(settings.conveyorJar())) {
            System.err.println(settings.conveyorJar() + " is missing: build it with ./mvnw -B -q install -DskipTests");
            System.exit(2);
        }
        String runId = LocalDateTime.now(ZoneId.systemDefault()).format(DateTimeFormatter.ofPattern("yyyyMMdd_HHmmss"));
        Path work = Files.createTempDirectory("conveyor-reliability-");
        System.out.println("reliability run " + runId + ": "
                + chosen.stream().map(FaultScenario::name).toList()
                + ", load " + settings.loadDuration().toSeconds() + " s"
                + (chosen.stream().anyMatch(SoakScenario.class::isInstance)
                        ? ", soak " + settings.soakDuration().toMinutes() + " min"
                        : "")
                + ", logs in " + work);
        Cleanup cleanup = new Cleanup();
        Runtime.getRuntime().addShutdownHook(new Thread(cleanup::close, "cleanup"));
        long started = System.nanoTime();
        List<ScenarioResult> results = new ArrayList<>();
        for (FaultScenario scenario : chosen) {
            System.out.println("running " + scenario.number() + " " + scenario.name() + ": " + scenario.injected());
            Path directory = Files.createDirectories(work.resolve(scenario.name()));
            ScenarioContext context = new ScenarioContext(settings, directory, runId, scenario.name(), cleanup);
            ScenarioResult result;
            try {
                result = scenario.run(context);
            } catch (Exception e) {
                e.printStackTrace();
                result = ScenarioResult.error(scenario.name(), scenario.injected(), e);
            } finally {
                cleanup.close();
            }
            System.out.println(result.summaryLine());
            if (!result.holds()) {
                if (result.report() != null && !result.report().holds()) {
                    System.out.println(result.report().details());
                }
                result.failures().forEach(failure -> System.out.println("FAILED: " + failure));
                System.out.println("logs of " + scenario.name() + " kept in " + directory);
            }
            results.add(result);
        }
        Duration elapsed = Duration.ofNanos(System.nanoTime() - started);
        String header = String.format(
                Locale.ROOT,
                "Run %s (%s), scenarios %s, load %d s per loaded scenario, %.1f minutes in all, on %d cores; the command and"
                        + " how to read it: reliability/README.md.",
                ZonedDateTime.now(ZoneId.systemDefault()).format(DateTimeFormatter.RFC_1123_DATE_TIME),
                runId,
                chosen.stream().map(FaultScenario::name).toList(),
                settings.loadDuration().toSeconds(),
                elapsed.toMillis() / 60_000.0,
                Runtime.getRuntime().availableProcessors());
        Path out = settings.home().resolve(document(chosen));
        Files.createDirectories(out.getParent());
        Files.writeString(out, ResultsTable.markdown(results, header));
        System.out.println("written to " + out + " after " + elapsed.toSeconds() + " s");
        boolean holds = results.stream().allMatch(ScenarioResult::holds);
        if (holds) {
            deleteQuietly(work);
        }
        System.exit(holds ? 0 : 1);
    }

    /**
     * Where the run's table goes: docs/reliability.md for a run of every scenario; a run of some of them gets a page of
     * its own, docs/reliability-NAME+NAME.md, so that it does not replace the full run's figures with fewer.
     */
    static String document(List<FaultScenario> chosen) {
        if (chosen.equals(SCENARIOS)) {
            return "docs/reliability.md";
        }
        return "docs/reliability-"
                + String.join("+", chosen.stream().map(FaultScenario::name).toList()) + ".md";
    }

    /** By name or number; none named means every scenario. */
    static List<FaultScenario> choose(List<String> names) {
        if (names.isEmpty()) {
            return SCENARIOS;
        }
        List<FaultScenario> chosen = new ArrayList<>();
        for (String name : names) {
            FaultScenario scenario = SCENARIOS.stream()
                    .filter(candidate -> candidate.name().equals(name)
                            || Integer.toString(candidate.number()).equals(name))
                    .findFirst()
                    .orElseThrow(() -> new IllegalArgumentException("no scenario " + name + "; there are "
                            + SCENARIOS.stream()
                                    .map(s -> s.number() + " " + s.name())
                                    .toList()));
            chosen.add(scenario);
        }
        return chosen;
    }

    static void deleteQuietly(Path directory) {
        try (var paths = Files.walk(directory)) {
            paths.sorted(java.util.Comparator.reverseOrder())
                    .forEach(path -> path.toFile().delete());
        } catch (Exception ignored) {
            // A temporary directory left behind harms nothing.
        }
    }
}
