package dev.conveyor.bootstrap;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Stops a PostgreSQL that is not ours to {@code close()} (a postmaster a dead Conveyor left running) the way
 * {@code pg_ctl stop} would, by signals: pg_ctl refuses to run as root, and its path is zonky's to know.
 */
final class PostmasterStop {
    /**
     * Fast shutdown (SIGINT): sessions are ended and a checkpoint is written; a minute covers that checkpoint for far
     * more unwritten data than the default {@code max_wal_size} lets accumulate.
     */
    static final Duration FAST = Duration.ofSeconds(60);

    /**
     * Immediate shutdown (SIGQUIT): the processes just exit, and the next start replays the WAL, as after a crash. A
     * postmaster that does not exit on it is stuck in the kernel, where SIGKILL would not reach it either; and killing
     * it would leave its children holding the shared memory, so the next start would fail all the same.
     */
    static final Duration IMMEDIATE = Duration.ofSeconds(15);

    private PostmasterStop() {}

    /** Stops the postmaster {@code pid} of {@code directory}; answers how, or refuses when it would not stop. */
    static String stop(long pid, Path directory) throws IOException {
        Optional<ProcessHandle> postmaster = ProcessHandle.of(pid);
        if (postmaster.isEmpty()) {
            return "it had just stopped by itself";
        }
        long started = System.nanoTime();
        if (signalAndWait(postmaster.get(), "INT", FAST)) {
            return "fast shutdown, " + millisSince(started) + " ms";
        }
        if (signalAndWait(postmaster.get(), "QUIT", IMMEDIATE)) {
            return "immediate shutdown after the fast one took over " + FAST.toSeconds()
                    + " s; PostgreSQL replays its WAL as it starts";
        }
        throw new StartupRefusedException("the embedded PostgreSQL left running in " + directory + " (pid " + pid
                + ") by a Conveyor that ended without stopping it does not stop (neither SIGINT nor SIGQUIT ended it);"
                + " stop it by hand, then start again");
    }

    /** Sends {@code signal} to the process and answers whether it ended within {@code wait}. */
    private static boolean signalAndWait(ProcessHandle process, String signal, Duration wait) throws IOException {
        send(signal, process.pid());
        try {
            process.onExit().get(wait.toMillis(), TimeUnit.MILLISECONDS);
            return true;
        } catch (TimeoutException stillRunning) {
            return false;
        } catch (ExecutionException e) {
            throw new IOException("could not wait for process " + process.pid(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while waiting for process " + process.pid() + " to stop", e);
        }
    }

    /** Through the shell's own {@code kill}, there on every Unix (images without procps have no kill program). */
    static void send(String signal, long pid) throws IOException {
        Process kill = new ProcessBuilder("sh", "-c", "kill -s " + signal + " \"$1\"", "sh", Long.toString(pid))
                .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .redirectError(ProcessBuilder.Redirect.DISCARD)
                .start();
        try {
            kill.waitFor();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while signalling process " + pid, e);
        }
    }

    private static long millisSince(long nanos) {
        return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - nanos);
    }
}
