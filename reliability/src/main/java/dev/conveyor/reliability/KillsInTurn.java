package dev.conveyor.reliability;

import dev.conveyor.reliability.history.HistoryChecker;
import dev.conveyor.reliability.history.Report;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;

/**
 * SIGKILL of the first {@code victims} instances of a cluster in turn, each restarted at once, the next kill
 * {@code every} after the previous instance was ready again, for as long as the load runs. Records each kill's
 * time to ready again; a restart that fails ends the kills and is reported.
 */
final class KillsInTurn {
    private KillsInTurn() {}

    static void run(
            Cluster cluster,
            int victims,
            Duration every,
            AtomicBoolean loading,
            List<Duration> recoveries,
            List<String> failures) {
        try {
            for (int kill = 0; loading.get(); kill++) {
                Thread.sleep(every.toMillis());
                if (!loading.get()) {
                    return;
                }
                ServerProcess victim = cluster.instance(kill % victims);
                long killed = System.nanoTime();
                victim.kill();
                System.out.println("  killed " + victim.name + " (kill " + (kill + 1) + ")");
                victim.start();
                victim.awaitReady(ServerProcess.READY_WITHIN);
                recoveries.add(Duration.ofNanos(System.nanoTime() - killed));
            }
        } catch (Exception e) {
            failures.add("a restart failed: " + e.getMessage());
        }
    }

    /**
     * The baseline's load (4 publishers, 6 consumers) while {@code kills} runs on a thread of its own, until the load
     * ends; the load goes on past the settings' duration, by at most {@code maxExtra}, until {@code recoveries} holds
     * {@code minKills}. Then it drains and checks the history, and adds to {@code failures} the contract's and the
     * kill count's failures.
     */
    static Report underLoad(
            ScenarioContext context,
            TopicLoad load,
            Consumer<AtomicBoolean> kills,
            List<Duration> recoveries,
            int minKills,
            Duration maxExtra,
            List<String> failures)
            throws InterruptedException {
        AtomicBoolean loading = new AtomicBoolean(true);
        Thread killer = new Thread(() -> kills.accept(loading), "killer");
        killer.start();
        try {
            // A restart takes a while on a busy machine: the load goes on until there have been a few kills.
            Duration minimum = context.settings.loadDuration();
            load.run(4, 6, minimum, () -> recoveries.size() >= minKills, minimum.plus(maxExtra));
        } finally {
            loading.set(false);
            killer.join();
        }
        load.drain();
        Report report = new HistoryChecker().check(load.recorder.history(load.scenario()));
        failures.addAll(ContractChecks.serverErrors(load.counts));
        if (recoveries.size() < minKills) {
            failures.add("only " + recoveries.size() + " kills and restarts, " + minKills + " wanted");
        }
        return report;
    }

    /**
     * Starts {@code workers} and the kills of the first {@code victims} instances in turn; lets them run for at
     * least {@code minimum}, then until there were {@code minKills} kills, but no longer than {@code minimum} plus
     * {@code maxExtra}; then stops the kills, sets {@code running} to false and waits for the workers. Adds to
     * {@code failures} a failed restart, or too few kills.
     */
    static void whileWorking(
            Cluster cluster,
            int victims,
            Duration every,
            List<Thread> workers,
            AtomicBoolean running,
            Duration minimum,
            int minKills,
            Duration maxExtra,
            List<Duration> recoveries,
            List<String> failures)
            throws InterruptedException {
        AtomicBoolean loading = new AtomicBoolean(true);
        Thread killer = new Thread(() -> run(cluster, victims, every, loading, recoveries, failures), "killer");
        workers.forEach(Thread::start);
        killer.start();
        long started = System.nanoTime();
        try {
            Thread.sleep(minimum.toMillis());
            while (recoveries.size() < minKills
                    && System.nanoTime() - started < minimum.plus(maxExtra).toNanos()) {
                Thread.sleep(200);
            }
        } finally {
            loading.set(false);
            killer.join();
            running.set(false);
            for (Thread worker : workers) {
                worker.join();
            }
        }
        if (recoveries.size() < minKills) {
            failures.add("only " + recoveries.size() + " kills and restarts, " + minKills + " wanted");
        }
    }

    /** Kill to ready again, which is mostly the JVM's start on this machine. */
    static String recovery(List<Duration> recoveries) {
        if (recoveries.isEmpty()) {
            return "n/a";
        }
        List<Duration> sorted = recoveries.stream().sorted().toList();
        return String.format(
                Locale.ROOT,
                "restart to ready: median %.1f s, max %.1f s",
                sorted.get(sorted.size() / 2).toMillis() / 1000.0,
                sorted.get(sorted.size() - 1).toMillis() / 1000.0);
    }
}
