package dev.conveyor.reliability;

import java.nio.file.Path;
import java.time.Duration;

/**
 * The configuration file of one server instance: the run's database, ports of its own, no request log, its log in
 * a file, and the cleanup (which dead-letters exhausted leases) run every {@code cleanupInterval}.
 */
record ServerConfig(
        String databaseUrl,
        String user,
        String password,
        int port,
        int adminPort,
        Path logFile,
        Duration cleanupInterval,
        java.util.Map<String, String> properties) {

    ServerConfig(
            String databaseUrl,
            String user,
            String password,
            int port,
            int adminPort,
            Path logFile,
            Duration cleanupInterval) {
        this(databaseUrl, user, password, port, adminPort, logFile, cleanupInterval, java.util.Map.of());
    }

    // Further driver properties (socketTimeout, say), each on a line of its own under database.properties.
    private String extraProperties() {
        StringBuilder lines = new StringBuilder();
        new java.util.TreeMap<>(properties)
                .forEach((key, value) ->
                        lines.append("\n    ").append(key).append(": ").append(quoted(value)));
        return lines.toString();
    }

    String yaml() {
        return """
        database:
          driverClass: org.postgresql.Driver
          url: %s
          user: %s
          password: %s
          minSize: 2
          maxSize: 16
          maxWaitForConnection: 2s
          validationQuery: null
          checkConnectionOnBorrow: true
          validationInterval: 1s
          properties:
            ApplicationName: conveyor-reliability%s
        messaging:
          longPollRecheck: 1s
        cleanup:
          enabled: true
          interval: %dms
        server:
          registerDefaultExceptionMappers: false
          # A killed instance is killed with SIGKILL anyway; a stopped one need not wait long.
          shutdownGracePeriod: 2s
          requestLog:
            appenders: []
          applicationConnectors:
            - type: http
              port: %d
          adminConnectors:
            - type: http
              port: %d
        logging:
          level: INFO
          loggers:
            liquibase: WARN
          appenders:
            - type: file
              currentLogFilename: %s
              archive: false
        """.formatted(
                        quoted(databaseUrl),
                        quoted(user),
                        quoted(password),
                        extraProperties(),
                        cleanupInterval.toMillis(),
                        port,
                        adminPort,
                        quoted(logFile.toString()));
    }

    // Double-quoted YAML scalars: an empty password or a url with a colon stays what it is.
    static String quoted(String value) {
        return '"' + value.replace("\\", "\\\\").replace("\"", "\\\"") + '"';
    }
}
