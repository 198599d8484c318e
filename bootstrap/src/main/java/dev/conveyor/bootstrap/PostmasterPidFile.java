package dev.conveyor.bootstrap;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * What a PostgreSQL postmaster writes to {@code postmaster.pid} in its data directory while it runs: its pid, data
 * directory, start time, port and status (PostgreSQL's {@code LOCK_FILE_LINE_*}). PostgreSQL deletes the file when it
 * stops; one that outlived its postmaster (a power loss, a SIGKILL) is stale.
 */
record PostmasterPidFile(long pid, Path dataDirectory, Instant startTime, int port, String status) {
    static final String NAME = "postmaster.pid";

    /**
     * How far the start time the postmaster writes may be from the one the operating system reports for its pid: it
     * writes its own start time, taken at once, and the OS's figure is rounded to clock ticks and boot seconds.
     */
    private static final Duration START_TIME_TOLERANCE = Duration.ofSeconds(5);

    /** The file in {@code directory}, if there is one that can be read; a file being written reads as none. */
    static Optional<PostmasterPidFile> read(Path directory) throws IOException {
        List<String> lines;
        try {
            lines = Files.readAllLines(directory.resolve(NAME));
        } catch (NoSuchFileException gone) {
            return Optional.empty();
        }
        if (lines.size() < 4) {
            return Optional.empty();
        }
        try {
            return Optional.of(new PostmasterPidFile(
                    Long.parseLong(lines.get(0).trim()),
                    Path.of(lines.get(1).trim()),
                    Instant.ofEpochSecond(Long.parseLong(lines.get(2).trim())),
                    Integer.parseInt(lines.get(3).trim()),
                    lines.size() > 7 ? lines.get(7).trim() : ""));
        } catch (NumberFormatException garbled) {
            return Optional.empty();
        }
    }

    /** What became of the postmaster the file names. */
    enum Liveness {
        /** It runs: a live {@code postgres} with this pid that started when the file says. */
        RUNNING,
        /** No process has the pid any more. */
        GONE,
        /** The pid now belongs to another process (pids are reused). */
        PID_REUSED,
        /** A process has the pid but cannot be inspected (another user's, on some systems). */
        UNKNOWN
    }

    Liveness liveness() {
        Optional<ProcessHandle> process = ProcessHandle.of(pid).filter(ProcessHandle::isAlive);
        if (process.isEmpty()) {
            return Liveness.GONE;
        }
        ProcessHandle.Info info = process.get().info();
        if (info.command().isEmpty()) {
            return Liveness.UNKNOWN;
        }
        String name = Path.of(info.command().get()).getFileName().toString();
        boolean postgres = name.equals("postgres") || name.equals("postgres.exe");
        boolean startedThen = info.startInstant()
                .map(started -> Duration.between(started, startTime).abs().compareTo(START_TIME_TOLERANCE) <= 0)
                .orElse(true);
        return postgres && startedThen ? Liveness.RUNNING : Liveness.PID_REUSED;
    }

    /** True when the postmaster says it accepts connections (not starting or shutting down). */
    boolean ready() {
        return "ready".equals(status);
    }
}
