package dev.conveyor.reliability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SuiteSettingsTest {
    @TempDir
    Path project;

    @Test
    void findsTheProjectFromItsRootOrFromTheModule() throws IOException {
        Files.createDirectories(project.resolve("bootstrap"));
        Path module = Files.createDirectories(project.resolve("reliability"));

        assertThat(SuiteSettings.findHome(project)).isEqualTo(project);
        assertThat(SuiteSettings.findHome(module)).isEqualTo(project);
    }

    @Test
    void defaultsToTheLocalPostgresAndThirtySeconds() throws IOException {
        Files.createDirectories(project.resolve("bootstrap"));
        Files.createDirectories(project.resolve("reliability"));

        SuiteSettings settings = SuiteSettings.from(Map.of(), project);

        assertThat(settings.conveyorJar()).isEqualTo(project.resolve("bootstrap/target/conveyor.jar"));
        assertThat(settings.adminUrl()).isEqualTo("jdbc:postgresql://127.0.0.1:5432/postgres");
        assertThat(settings.user()).isEqualTo("postgres");
        assertThat(settings.password()).isEmpty();
        assertThat(settings.loadDuration()).isEqualTo(Duration.ofSeconds(30));
        assertThat(settings.soakDuration()).isEqualTo(Duration.ofMinutes(4));
    }

    @Test
    void takesTheEnvironmentsSettings() {
        SuiteSettings settings = SuiteSettings.from(
                Map.of(
                        SuiteSettings.DURATION, "120",
                        SuiteSettings.DATABASE_URL, "jdbc:postgresql://db:6543/admin",
                        SuiteSettings.JAR, "/opt/conveyor.jar",
                        SuiteSettings.SOAK_MINUTES, "20"),
                project);

        assertThat(settings.loadDuration()).isEqualTo(Duration.ofMinutes(2));
        assertThat(settings.soakDuration()).isEqualTo(Duration.ofMinutes(20));
        assertThat(settings.adminUrl()).isEqualTo("jdbc:postgresql://db:6543/admin");
        assertThat(settings.conveyorJar()).isEqualTo(Path.of("/opt/conveyor.jar"));
    }

    @Test
    void refusesADurationOutOfBounds() {
        assertThatThrownBy(() -> SuiteSettings.from(Map.of(SuiteSettings.DURATION, "0"), project))
                .hasMessageContaining(SuiteSettings.DURATION);
    }

    @Test
    void takesASoakOfOneToSixHundredMinutes() {
        assertThat(SuiteSettings.from(Map.of(SuiteSettings.SOAK_MINUTES, "1"), project)
                        .soakDuration())
                .isEqualTo(Duration.ofMinutes(1));
        assertThat(SuiteSettings.from(Map.of(SuiteSettings.SOAK_MINUTES, "600"), project)
                        .soakDuration())
                .isEqualTo(Duration.ofHours(10));
    }

    @Test
    void refusesASoakOutOfBoundsOrNotANumber() {
        for (String refused : new String[] {"0", "601", "-4", "four", "2.5", ""}) {
            assertThatThrownBy(() -> SuiteSettings.from(Map.of(SuiteSettings.SOAK_MINUTES, refused), project))
                    .as(refused)
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining(SuiteSettings.SOAK_MINUTES);
        }
    }

    @Test
    void namesTheRunsDatabasesOnTheSameServer() {
        assertThat(RunDatabase.urlOf("jdbc:postgresql://db:6543/admin", "conveyor_reliability_1"))
                .isEqualTo("jdbc:postgresql://db:6543/conveyor_reliability_1");
        assertThat(RunDatabase.urlOf("jdbc:postgresql://127.0.0.1/postgres", "x"))
                .isEqualTo("jdbc:postgresql://127.0.0.1:5432/x");
    }
}
