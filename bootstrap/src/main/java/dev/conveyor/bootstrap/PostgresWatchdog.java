package dev.conveyor.bootstrap;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A small process that stops the embedded PostgreSQL when this JVM ends without stopping it (SIGKILL, the OOM killer):
 * a shell blocked reading its standard input, a pipe whose only writer is this JVM. The kernel closes the pipe when
 * the JVM dies, however it dies; the shell then reads end-of-file and sends the postmaster SIGINT (fast shutdown: it
 * ends its sessions and writes a checkpoint), then SIGQUIT if it still runs a minute later.
 *
 * <p>The postmaster cannot do this itself: pg_ctl gives it {@code /dev/null} for input and a session of its own, so
 * it notices neither its starter's death nor a terminal's. Linux's {@code prctl(PR_SET_PDEATHSIG)} would, but needs
 * native code, and pg_ctl is its parent anyway. Where there is no {@code sh}, there is no watchdog, and the next start
 * stops the orphan instead ({@link EmbeddedDataDirectory#claim()}), as it does after a power loss.
 */
final class PostgresWatchdog {
    private static final Logger LOG = LoggerFactory.getLogger(PostgresWatchdog.class);

    /**
     * $1 the postmaster's pid, $2 the data directory. It signals only the postmaster still named in postmaster.pid
     * (PostgreSQL deletes the file as it stops), so a pid reused since is never signalled. Ctrl-C in a terminal
     * reaches this process too; it ignores it, the JVM then stops PostgreSQL itself, after its requests.
     */
    private static final String SCRIPT = """
            trap '' INT HUP
            read -r ignored
            read -r running 2>/dev/null < "$2/postmaster.pid" || exit 0
            [ "$running" = "$1" ] || exit 0
            kill -s INT "$1" 2>/dev/null || exit 0
            waited=0
            while kill -0 "$1" 2>/dev/null; do
              waited=$((waited + 1))
              if [ "$waited" -eq 60 ]; then kill -s QUIT "$1" 2>/dev/null; fi
              sleep 1
            done
            """;

    private final Process process;

    private PostgresWatchdog(Process process) {
        this.process = process;
    }

    /** Watches over the postmaster {@code pid} of {@code directory}; empty where no watchdog can run. */
    static Optional<PostgresWatchdog> start(long pid, Path directory) {
        try {
            Process process = new ProcessBuilder("sh", "-c", SCRIPT, "sh", Long.toString(pid), directory.toString())
                    .redirectInput(ProcessBuilder.Redirect.PIPE)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                    .redirectError(ProcessBuilder.Redirect.DISCARD)
                    .start();
            return Optional.of(new PostgresWatchdog(process));
        } catch (IOException e) {
            LOG.warn(
                    "No watchdog for the embedded PostgreSQL ({}): if this JVM is killed, the next start stops it",
                    e.getMessage());
            return Optional.empty();
        }
    }

    /** Before a clean stop of PostgreSQL: the watchdog ends without signalling anything. */
    void stop() {
        process.destroy();
    }
}
