package dev.conveyor.benchmarks;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/** What a run measures and where, read from the environment so the one documented command needs no arguments. */
record Settings(
        String databaseUrl,
        String databaseUser,
        String databasePassword,
        int runs,
        Duration serverWarmup,
        Duration warmup,
        Duration measurement,
        long maxRequests,
        Path home,
        Path conveyorJar,
        List<String> serverJavaOptions,
        Set<Scenario> scenarios,
        long storedMessages,
        long fifoStoredMessages,
        URI rabbitMqUri,
        boolean wrkWanted) {

    /** The parts of a run that BENCH_SCENARIOS can choose, by the key it names them with. */
    enum Scenario {
        PUBLISH("publish"),
        CONSUME("consume"),
        PGBENCH("pgbench"),
        LATENCY("latency"),
        FANOUT("fanout"),
        RABBITMQ("rabbitmq"),
        SQS("sqs"),
        FIFO("fifo"),
        STORAGE("storage");

        final String key;

        Scenario(String key) {
            this.key = key;
        }

        static Scenario byKey(String key) {
            return Arrays.stream(values())
                    .filter(scenario -> scenario.key.equals(key))
                    .findFirst()
                    .orElseThrow(() ->
                            new IllegalArgumentException("BENCH_SCENARIOS: unknown scenario '" + key + "', known: "
                                    + String.join(
                                            ",",
                                            Arrays.stream(values())
                                                    .map(scenario -> scenario.key)
                                                    .toList())));
        }
    }

    /**
     * Where the report goes: {@code docs/benchmarks.md} for a run of every scenario; a partial run writes {@code
     * docs/benchmarks-<keys>.md} instead, so that it never replaces the full run's results.
     */
    String reportName() {
        if (scenarios.equals(EnumSet.allOf(Scenario.class))) {
            return "docs/benchmarks.md";
        }
        return "docs/benchmarks-"
                + String.join(
                        "-", scenarios.stream().map(scenario -> scenario.key).toList()) + ".md";
    }

    static Settings fromEnvironment() {
        Path home = Path.of(env("BENCH_CONVEYOR_HOME", ".")).toAbsolutePath().normalize();
        if (!Files.isRegularFile(home.resolve("config.yml"))) {
            throw new IllegalStateException(
                    "run from the repository's top directory (or set BENCH_CONVEYOR_HOME): no config.yml in " + home);
        }
        return new Settings(
                env("BENCH_DATABASE_URL", "jdbc:postgresql://127.0.0.1:5432/postgres"),
                env("BENCH_DATABASE_USER", "postgres"),
                env("BENCH_DATABASE_PASSWORD", ""),
                Integer.parseInt(env("BENCH_RUNS", "3")),
                Duration.ofSeconds(Long.parseLong(env("BENCH_SERVER_WARMUP_SECONDS", "75"))),
                Duration.ofSeconds(Long.parseLong(env("BENCH_WARMUP_SECONDS", "3"))),
                Duration.ofSeconds(Long.parseLong(env("BENCH_SECONDS", "10"))),
                Long.parseLong(env("BENCH_MAX_REQUESTS", "10000000")),
                home,
                home.resolve(env("BENCH_CONVEYOR_JAR", "bootstrap/target/conveyor.jar"))
                        .toAbsolutePath()
                        .normalize(),
                words(env("BENCH_SERVER_JAVA_OPTS", "")),
                scenarios(env("BENCH_SCENARIOS", "all")),
                Long.parseLong(env("BENCH_STORED_MESSAGES", "5000000")),
                Long.parseLong(env("BENCH_FIFO_STORED_MESSAGES", "1000000")),
                URI.create(env("BENCH_RABBITMQ_URI", "amqp://guest:guest@127.0.0.1:5672/%2F")),
                loadGenerator(env("BENCH_LOAD_GENERATOR", "wrk")));
    }

    boolean runs(Scenario scenario) {
        return scenarios.contains(scenario);
    }

    /** The keys of the scenarios this run does, in the order the run does them, for the report. */
    String scenarioKeys() {
        return String.join(",", scenarios.stream().map(scenario -> scenario.key).toList());
    }

    private static Set<Scenario> scenarios(String list) {
        if (list.equals("all")) {
            return EnumSet.allOf(Scenario.class);
        }
        Set<Scenario> chosen = EnumSet.noneOf(Scenario.class);
        for (String key : list.split(",")) {
            if (!key.isBlank()) {
                chosen.add(Scenario.byKey(key.strip()));
            }
        }
        if (chosen.isEmpty()) {
            throw new IllegalArgumentException("BENCH_SCENARIOS names no scenario");
        }
        return chosen;
    }

    /** wrk (when it is installed) or the JDK's HTTP client, for the /v1 publish and receive + ack rows. */
    private static boolean loadGenerator(String name) {
        return switch (name) {
            case "wrk" -> true;
            case "jdk" -> false;
            default -> throw new IllegalArgumentException("BENCH_LOAD_GENERATOR is wrk or jdk, not " + name);
        };
    }

    private static List<String> words(String value) {
        return value.isBlank() ? List.of() : List.of(value.strip().split("\\s+"));
    }

    private static String env(String name, String fallback) {
        String value = System.getenv(name);
        return value == null || value.isBlank() ? fallback : value;
    }
}
