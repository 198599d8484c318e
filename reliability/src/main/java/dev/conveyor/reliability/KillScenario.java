package dev.conveyor.reliability;

import dev.conveyor.reliability.history.Report;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * Scenario 2: the baseline's load while one instance after another is killed with SIGKILL (its consumers hold
 * leases, its publishers have requests in flight) and restarted at once, the next kill {@link #KILL_EVERY} after
 * the restarted one is ready. The leases it held must end and their messages come back; nothing is lost; the
 * restarted instance serves again.
 */
final class KillScenario implements FaultScenario {
    static final Duration KILL_EVERY = Duration.ofSeconds(5);
    static final int MIN_KILLS = 3;
    private static final Duration MAX_EXTRA_LOAD = Duration.ofMinutes(3);

    @Override
    public String name() {
        return "kill-9";
    }

    @Override
    public int number() {
        return 2;
    }

    @Override
    public String injected() {
        return "kill -9 of an instance (in turn) " + KILL_EVERY.toSeconds()
                + " s after the last one was ready again, under" + " the baseline's load, restarted at once; at least "
                + MIN_KILLS + " kills";
    }

    @Override
    public ScenarioResult run(ScenarioContext context) throws Exception {
        Cluster cluster = context.runningCluster(3);
        TopicLoad load = new TopicLoad(cluster, context.tokens);
        load.setUp();
        List<Duration> recoveries = Collections.synchronizedList(new ArrayList<>());
        List<String> failures = Collections.synchronizedList(new ArrayList<>());
        Report report = KillsInTurn.underLoad(
                context,
                load,
                loading -> KillsInTurn.run(cluster, cluster.size(), KILL_EVERY, loading, recoveries, failures),
                recoveries,
                MIN_KILLS,
                MAX_EXTRA_LOAD,
                failures);
        return new ScenarioResult(
                name(),
                injected() + " (" + recoveries.size() + " kills)",
                report,
                failures,
                KillsInTurn.recovery(recoveries),
                load.counts.summary(),
                "");
    }
}
