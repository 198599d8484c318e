package dev.conveyor.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class ServerConfigTest {
    private final ServerConfig config = new ServerConfig(
            "jdbc:postgresql://127.0.0.1:5432/conveyor_reliability_x",
            "postgres",
            "",
            41000,
            41001,
            Path.of("/tmp/run/instance-1.log"),
            Duration.ofSeconds(1));

    @Test
    void pointsTheInstanceAtTheRunsDatabaseAndItsOwnPorts() {
        String yaml = config.yaml();

        assertThat(yaml)
                .contains("  url: \"jdbc:postgresql://127.0.0.1:5432/conveyor_reliability_x\"\n")
                .contains("  user: \"postgres\"\n")
                .contains("      port: 41000\n")
                .contains("      port: 41001\n");
    }

    @Test
    void keepsAnEmptyPasswordAnEmptyString() {
        assertThat(config.yaml()).contains("  password: \"\"\n");
    }

    @Test
    void logsToTheRunsFileWithoutARequestLog() {
        assertThat(config.yaml())
                .contains("currentLogFilename: \"/tmp/run/instance-1.log\"")
                .contains("archive: false")
                .contains("requestLog:\n    appenders: []");
    }

    @Test
    void runsTheCleanupAtTheGivenInterval() {
        assertThat(config.yaml()).contains("cleanup:\n  enabled: true\n  interval: 1000ms\n");
    }

    @Test
    void quotesWhatYamlWouldOtherwiseRead() {
        assertThat(ServerConfig.quoted("a \"b\" \\c")).isEqualTo("\"a \\\"b\\\" \\\\c\"");
    }
}
