package dev.conveyor.benchmarks;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/** What a run measures and where, read from the environment so the one documented command needs no arguments. */
record Settings(
    String databaseUrl,
    String databaseUser,
    String databasePassword,
    int runs,
    Duration warmup,
    Duration measurement,
    long maxRequests,
    Path home) {

  static Settings fromEnvironment() {
    Path home = Path.of(env("BENCH_CONVEYOR_HOME", ".")).toAbsolutePath().normalize();
    if (!Files.isRegularFile(home.resolve("config.yml"))) {
      throw new IllegalStateException("run from the repository's top directory (or set BENCH_CONVEYOR_HOME): no config.yml in " + home);
    }
    return new Settings(
        env("BENCH_DATABASE_URL", "jdbc:postgresql://127.0.0.1:5432/postgres"),
        env("BENCH_DATABASE_USER", "postgres"),
        env("BENCH_DATABASE_PASSWORD", ""),
        Integer.parseInt(env("BENCH_RUNS", "3")),
        Duration.ofSeconds(Long.parseLong(env("BENCH_WARMUP_SECONDS", "5"))),
        Duration.ofSeconds(Long.parseLong(env("BENCH_SECONDS", "20"))),
        Long.parseLong(env("BENCH_MAX_REQUESTS", "10000000")),
        home);
  }

  Path conveyorJar() {
    return home.resolve("bootstrap/target/conveyor.jar");
  }

  private static String env(String name, String fallback) {
    String value = System.getenv(name);
    return value == null || value.isBlank() ? fallback : value;
  }
}
