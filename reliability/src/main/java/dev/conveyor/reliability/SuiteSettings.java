package dev.conveyor.reliability;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

/**
 * What a run is told by its environment, with defaults for this machine.
 *
 * @param home the project's root: where {@code bootstrap/target/conveyor.jar} is and {@code docs/} goes
 * @param adminUrl a database of the PostgreSQL server to create and drop the run's databases from
 * @param loadDuration how long the load of the baseline and kill scenarios lasts, before the drain
 * @param soakDuration how long the soak's load lasts: 4 minutes on CI, longer when asked for
 */
record SuiteSettings(
        Path home,
        Path conveyorJar,
        String adminUrl,
        String user,
        String password,
        Duration loadDuration,
        Duration soakDuration) {

    static final String DURATION = "RELIABILITY_DURATION_SECONDS";
    static final String SOAK_MINUTES = "RELIABILITY_SOAK_MINUTES";
    static final String DATABASE_URL = "RELIABILITY_DATABASE_URL";
    static final String DATABASE_USER = "RELIABILITY_DATABASE_USER";
    static final String DATABASE_PASSWORD = "RELIABILITY_DATABASE_PASSWORD";
    static final String JAR = "RELIABILITY_CONVEYOR_JAR";

    static SuiteSettings from(Map<String, String> environment, Path workingDirectory) {
        Path home = findHome(workingDirectory.toAbsolutePath().normalize());
        Path jar = Path.of(environment.getOrDefault(
                JAR, home.resolve("bootstrap/target/conveyor.jar").toString()));
        long seconds = bounded(environment, DURATION, 30, 3600);
        long soakMinutes = bounded(environment, SOAK_MINUTES, 4, 600);
        return new SuiteSettings(
                home,
                jar,
                environment.getOrDefault(DATABASE_URL, "jdbc:postgresql://127.0.0.1:5432/postgres"),
                environment.getOrDefault(DATABASE_USER, "postgres"),
                environment.getOrDefault(DATABASE_PASSWORD, ""),
                Duration.ofSeconds(seconds),
                Duration.ofMinutes(soakMinutes));
    }

    /** The whole number {@code name} says, {@code fallback} when it is unset; from 1 to {@code max}. */
    private static long bounded(Map<String, String> environment, String name, long fallback, long max) {
        String text = environment.getOrDefault(name, Long.toString(fallback)).trim();
        long value;
        try {
            value = Long.parseLong(text);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(name + " must be a whole number between 1 and " + max + ", not " + text);
        }
        if (value < 1 || value > max) {
            throw new IllegalArgumentException(name + " must be between 1 and " + max + ", not " + value);
        }
        return value;
    }

    /** The suite is run from the project's root or from reliability/; either way the root holds bootstrap/. */
    static Path findHome(Path start) {
        for (Path dir = start; dir != null; dir = dir.getParent()) {
            if (Files.isDirectory(dir.resolve("bootstrap")) && Files.isDirectory(dir.resolve("reliability"))) {
                return dir;
            }
        }
        return start;
    }
}
