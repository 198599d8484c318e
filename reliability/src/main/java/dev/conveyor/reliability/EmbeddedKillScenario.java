package dev.conveyor.reliability;

import dev.conveyor.reliability.history.Report;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.OptionalLong;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Scenario 11 (issue 15): the default setup, a server on its embedded PostgreSQL (a data directory is one server's, so
 * one instance), under the baseline's load, killed with SIGKILL and restarted at once with the same data directory,
 * {@link #KILL_EVERY} after it was ready again. The kills alternate: the JVM alone (the OOM killer's way: the server's
 * watchdog then stops its PostgreSQL, racing the restart) and the JVM with the processes it started (as if there were
 * no watchdog: the PostgreSQL is left running, and the next start must stop it itself). Each restart must serve
 * again by itself; nothing may be lost; and after the last, clean stop no PostgreSQL of the data directory runs.
 */
final class EmbeddedKillScenario implements FaultScenario {
    static final Duration KILL_EVERY = Duration.ofSeconds(5);
    /** Two of each kind. */
    static final int MIN_KILLS = 4;

    private static final Duration MAX_EXTRA_LOAD = Duration.ofMinutes(4);
    /** What the server logs when its start stops a PostgreSQL that a killed server left running. */
    private static final String ORPHAN_STOPPED = "was still running, left by a Conveyor that ended without stopping it";

    @Override
    public String name() {
        return "embedded-kill-9";
    }

    @Override
    public int number() {
        return 11;
    }

    @Override
    public String injected() {
        return "kill -9 of a server on the embedded database, under the baseline's load, restarted at once with the same"
                + " data directory " + KILL_EVERY.toSeconds() + " s after it was ready again; in turn the JVM alone and"
                + " the JVM with its watchdog; at least " + MIN_KILLS + " kills";
    }

    @Override
    public ScenarioResult run(ScenarioContext context) throws Exception {
        Path data = context.work.resolve("data");
        ServerProcess server = ServerProcess.prepare(
                "instance-1",
                context.settings.conveyorJar(),
                context.work,
                "embedded",
                "postgres",
                "",
                ScenarioContext.CLEANUP_INTERVAL);
        server.override("embeddedDatabase.dataDirectory", data.toString());
        Cluster cluster = context.register(Cluster.of(List.of(server), context.work));
        cluster.start();
        TopicLoad load = new TopicLoad(cluster, context.tokens);
        load.setUp();

        List<Duration> recoveries = Collections.synchronizedList(new ArrayList<>());
        List<String> failures = Collections.synchronizedList(new ArrayList<>());
        AtomicInteger leftRunning = new AtomicInteger();
        Report report = KillsInTurn.underLoad(
                context,
                load,
                loading -> kill(server, data, loading, recoveries, leftRunning, failures),
                recoveries,
                MIN_KILLS,
                MAX_EXTRA_LOAD,
                failures);
        long stoppedByStarts = Files.readAllLines(server.log).stream()
                .filter(line -> line.contains(ORPHAN_STOPPED))
                .count();
        if (stoppedByStarts < leftRunning.get()) {
            failures.add(leftRunning.get() + " PostgreSQLs were left running by a kill, but the starts after them"
                    + " stopped only " + stoppedByStarts);
        }

        // A clean stop (SIGTERM) stops the PostgreSQL too.
        OptionalLong last = postmaster(data);
        server.close();
        if (last.isPresent()) {
            ProcessHandle.of(last.getAsLong()).ifPresent(p -> p.onExit().join());
        }
        if (postmaster(data).isPresent()) {
            failures.add("a PostgreSQL of " + data + " still runs after the server's clean stop");
        }
        int kills = recoveries.size();
        return new ScenarioResult(
                name(),
                injected() + " (" + kills + " kills)",
                report,
                failures,
                KillsInTurn.recovery(recoveries),
                load.counts.summary(),
                kills + " kills: " + (kills - leftRunning.get()) + " of the JVM alone (its watchdog stops PostgreSQL), "
                        + leftRunning.get()
                        + " of the JVM and its watchdog (PostgreSQL left running); the starts logged"
                        + " stopping a PostgreSQL left running " + stoppedByStarts + " times");
    }

    private static void kill(
            ServerProcess server,
            Path data,
            AtomicBoolean loading,
            List<Duration> recoveries,
            AtomicInteger leftRunning,
            List<String> failures) {
        try {
            for (int kill = 0; loading.get(); kill++) {
                Thread.sleep(KILL_EVERY.toMillis());
                if (!loading.get()) {
                    return;
                }
                OptionalLong postmaster = postmaster(data);
                boolean watchdogToo = kill % 2 == 1;
                long killed = System.nanoTime();
                if (watchdogToo) {
                    server.killWithChildren();
                    if (postmaster.isPresent()
                            && ProcessHandle.of(postmaster.getAsLong()).isPresent()) {
                        leftRunning.incrementAndGet();
                    }
                } else {
                    server.kill();
                }
                System.out.println("  killed " + server.name + (watchdogToo ? " and its watchdog" : "") + " (kill "
                        + (kill + 1) + ")");
                server.start();
                server.awaitReady(ServerProcess.READY_WITHIN);
                recoveries.add(Duration.ofNanos(System.nanoTime() - killed));
            }
        } catch (Exception e) {
            failures.add("a restart failed: " + e.getMessage());
        }
    }

    /** The pid in the data directory's postmaster.pid, if a live process has it. */
    private static OptionalLong postmaster(Path data) throws IOException {
        try {
            long pid = Long.parseLong(
                    Files.readAllLines(data.resolve("postmaster.pid")).get(0).trim());
            return ProcessHandle.of(pid).isPresent() ? OptionalLong.of(pid) : OptionalLong.empty();
        } catch (NoSuchFileException | IndexOutOfBoundsException | NumberFormatException gone) {
            return OptionalLong.empty();
        }
    }
}
