package dev.conveyor.bootstrap;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The data directory of an embedded PostgreSQL, and who holds it.
 *
 * <p>Zonky's {@code EmbeddedPostgres} locks the file {@value #LOCK_FILE} in it (an fcntl lock) for as long as it runs
 * the database, and releases it when it stops it. The kernel drops that lock when the JVM dies, however it dies; but
 * the postmaster is a process of its own (pg_ctl starts it in a session of its own), so a SIGKILLed Conveyor leaves it
 * running, holding the directory, and the next start waited 10 s for a PostgreSQL that could not start. Hence: the
 * lock held means a live process owns the directory, never to be touched; the lock free and a live postmaster named
 * in {@code postmaster.pid} means an orphan, to be stopped.
 */
final class EmbeddedDataDirectory {
    /** Zonky's lock file. */
    static final String LOCK_FILE = "epg-lock";

    private static final Logger LOG = LoggerFactory.getLogger(EmbeddedDataDirectory.class);

    /**
     * The directories whose lock this JVM holds: locking again from the JVM that holds it throws, and closing a second
     * channel on the file would drop the first one's lock (fcntl locks belong to the process).
     */
    private static final Set<Path> HELD_BY_THIS_JVM = ConcurrentHashMap.newKeySet();

    private final Path directory;

    EmbeddedDataDirectory(Path directory) {
        this.directory = directory.toAbsolutePath().normalize();
    }

    Path path() {
        return directory;
    }

    /** A live process holding the directory: its pid when it can be learnt, and its postmaster's file if any. */
    record Holder(Path directory, OptionalLong pid, Optional<PostmasterPidFile> postmaster) {
        /** One line for someone who wanted to use the directory. */
        String inUse() {
            String database = postmaster
                    .map(p -> "; its PostgreSQL is pid " + p.pid() + " on port " + p.port())
                    .orElse("");
            return "the embedded database in " + directory + " is in use by " + holderName() + database
                    + ". Stop that one first, or give this one another data directory"
                    + " (embeddedDatabase.dataDirectory, CONVEYOR_DATA_DIR)";
        }

        String holderName() {
            if (pid.isEmpty()) {
                return "another Conveyor";
            }
            return pid.getAsLong() == ProcessHandle.current().pid()
                    ? "this process"
                    : "another Conveyor (pid " + pid.getAsLong() + ")";
        }
    }

    /**
     * The live process holding the directory, if there is one. Otherwise the directory is made ready for a new
     * PostgreSQL: one a dead Conveyor left running in it is stopped, and a {@code postmaster.pid} whose pid now
     * belongs to another process is removed (PostgreSQL would refuse to start beside it).
     */
    Optional<Holder> claim() throws IOException {
        if (HELD_BY_THIS_JVM.contains(directory)) {
            return Optional.of(holder(OptionalLong.of(ProcessHandle.current().pid())));
        }
        Path lockFile = directory.resolve(LOCK_FILE);
        if (!Files.exists(lockFile)) {
            // No zonky ever ran the directory, or it is new: no lock file is made here, as initdb wants it empty.
            clearLeftovers();
            return Optional.empty();
        }
        try (FileChannel channel = FileChannel.open(lockFile, StandardOpenOption.WRITE)) {
            FileLock lock = channel.tryLock();
            if (lock == null) {
                return Optional.of(holder(lockHolderPid()));
            }
            // Held while the orphan is stopped, so that two starts do not both go for it; zonky takes it again next.
            try {
                clearLeftovers();
            } finally {
                lock.release();
            }
        }
        return Optional.empty();
    }

    /** This JVM now holds the directory's lock (zonky took it). */
    void heldHere() {
        HELD_BY_THIS_JVM.add(directory);
    }

    /** This JVM released it. */
    void releasedHere() {
        HELD_BY_THIS_JVM.remove(directory);
    }

    private Holder holder(OptionalLong pid) throws IOException {
        return new Holder(directory, pid, PostmasterPidFile.read(directory));
    }

    private void clearLeftovers() throws IOException {
        Optional<PostmasterPidFile> found = PostmasterPidFile.read(directory);
        if (found.isEmpty()) {
            return;
        }
        PostmasterPidFile file = found.get();
        switch (file.liveness()) {
            case RUNNING -> {
                String how = PostmasterStop.stop(file.pid(), directory);
                LOG.warn(
                        "The embedded PostgreSQL of {} (pid {}, port {}) was still running, left by a Conveyor that"
                                + " ended without stopping it; stopped it ({}), starting it again",
                        directory,
                        file.pid(),
                        file.port(),
                        how);
            }
            case PID_REUSED -> {
                Files.deleteIfExists(directory.resolve(PostmasterPidFile.NAME));
                LOG.warn(
                        "Removed a stale {} from {}: its PostgreSQL (pid {}) is gone and the pid now belongs to"
                                + " another process",
                        PostmasterPidFile.NAME,
                        directory,
                        file.pid());
            }
            case GONE ->
                LOG.info(
                        "The embedded PostgreSQL of {} (pid {}) did not stop cleanly last time; it recovers as it starts",
                        directory,
                        file.pid());
            case UNKNOWN ->
                // Left alone: PostgreSQL itself refuses to start beside a live postmaster of its directory.
                LOG.warn(
                        "{} in {} names pid {}, which runs but cannot be inspected",
                        PostmasterPidFile.NAME,
                        directory,
                        file.pid());
        }
    }

    /**
     * The pid holding the lock, from Linux's {@code /proc/locks} (matched by the file's inode); empty elsewhere or
     * when it cannot be told.
     */
    private OptionalLong lockHolderPid() {
        Path locks = Path.of("/proc/locks");
        if (!Files.isReadable(locks)) {
            return OptionalLong.empty();
        }
        try {
            String inode = ":" + Files.getAttribute(directory.resolve(LOCK_FILE), "unix:ino");
            List<String> lines = Files.readAllLines(locks);
            for (String line : lines) {
                // "1: POSIX  ADVISORY  WRITE 5319 fe:00:2154566 0 EOF"; a waiting lock's line has "->" after the
                // number.
                String[] fields = line.trim().split("\\s+");
                if (fields.length >= 6 && !fields[1].equals("->") && fields[5].endsWith(inode)) {
                    long pid = Long.parseLong(fields[4]);
                    return pid > 0 ? OptionalLong.of(pid) : OptionalLong.empty();
                }
            }
        } catch (IOException | UnsupportedOperationException | IllegalArgumentException unknown) {
            // Only the message loses the pid.
        }
        return OptionalLong.empty();
    }
}
