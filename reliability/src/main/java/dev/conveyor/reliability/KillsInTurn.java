package dev.conveyor.reliability;

import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicBoolean;

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
