package dev.conveyor.reliability;

import dev.conveyor.reliability.PrivatePostgres.StopMode;
import dev.conveyor.reliability.history.HistoryChecker;
import dev.conveyor.reliability.history.Report;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Scenario 6: PostgreSQL restarted under the baseline's load on 3 instances, first in fast mode, then in immediate
 * mode (no checkpoint: the start replays the WAL, as after a crash), each time kept down {@link #DOWN}.
 *
 * <p>It runs on the suite's own PostgreSQL ({@link PrivatePostgres}), never on the shared one. Probes on every
 * instance check that requests during the outage are answered quickly (within {@link #ANSWER_BOUND}: the pool's
 * maxWaitForConnection 2 s and the connect timeout, plus margin), 503 JSON with Retry-After, never 500, never
 * hang; that readiness turns 503 while PostgreSQL is down and 200 once it is back; and that every instance serves
 * again, without a restart of its own, within {@link #RECOVERY_BOUND}. The recorded load is drained and checked:
 * nothing answered 201 lost, nothing answered 503 stored.
 */
final class PgRestartScenario implements FaultScenario {
    static final String PROBE_QUEUE = "probe";
    static final Duration DOWN = Duration.ofSeconds(5);
    static final Duration BEFORE = Duration.ofSeconds(8);
    static final Duration BETWEEN = Duration.ofSeconds(15);
    static final Duration ANSWER_BOUND = Duration.ofSeconds(10);
    static final Duration RECOVERY_BOUND = Duration.ofSeconds(15);
    /** Readiness must see the outage well within it: the health check runs on every readiness request. */
    static final Duration UNREADY_BOUND = Duration.ofSeconds(3);

    /** One restart: when the stop was asked for and done, when the start was asked for and done (nanoTime). */
    record Outage(StopMode mode, long stopAsked, long down, long startAsked, long up) {
        Duration stopTook() {
            return Duration.ofNanos(down - stopAsked);
        }

        Duration startTook() {
            return Duration.ofNanos(up - startAsked);
        }
    }

    @Override
    public String name() {
        return "pg-restart";
    }

    @Override
    public int number() {
        return 6;
    }

    @Override
    public String injected() {
        return "the suite's own PostgreSQL shut down in fast mode (SIGINT to the postmaster, as pg_ctl -m fast) under the"
                + " baseline's load on 3 instances, kept down " + DOWN.toSeconds()
                + " s, started again; then the same in"
                + " immediate mode (SIGQUIT: no checkpoint, WAL replay at the start)";
    }

    @Override
    public ScenarioResult run(ScenarioContext context) throws Exception {
        PrivatePostgres postgres = context.register(PrivatePostgres.start(context.work.resolve("postgres")));
        Cluster cluster =
                context.onServer(postgres.adminUrl(), postgres.user(), "").runningCluster(3);
        TopicLoad load = new TopicLoad(cluster, context.tokens);
        load.setUp();
        new Setup(cluster.instance(0).baseUri).queue(PROBE_QUEUE, Json.object());
        OutageProbes probes =
                context.register(new OutageProbes(cluster.instances, PROBE_QUEUE, Duration.ofMillis(200)));
        probes.start();

        List<Outage> outages = new CopyOnWriteArrayList<>();
        List<String> failures = new CopyOnWriteArrayList<>();
        AtomicBoolean restartsDone = new AtomicBoolean();
        Thread restarts = new Thread(
                () -> {
                    try {
                        Thread.sleep(BEFORE.toMillis());
                        for (StopMode mode : StopMode.values()) {
                            outages.add(restart(postgres, mode));
                            Thread.sleep(BETWEEN.toMillis());
                        }
                    } catch (Exception e) {
                        failures.add("a restart of PostgreSQL failed: " + e.getMessage());
                    } finally {
                        restartsDone.set(true);
                    }
                },
                "pg-restarts");
        restarts.start();
        load.run(4, 6, BEFORE, restartsDone::get, Duration.ofMinutes(4));
        restarts.join();
        failures.addAll(probes.stop());
        load.drain();

        List<String> recoveries = new ArrayList<>();
        List<String> notes = new ArrayList<>();
        for (Outage outage : outages) {
            failures.addAll(judge(outage, probes, cluster.size(), recoveries, notes));
        }
        List<Probes.Sample> otherErrors = probes.otherServerErrors();
        if (!otherErrors.isEmpty()) {
            failures.add(otherErrors.size() + " probe answers were a 5xx other than 503: "
                    + otherErrors.stream().limit(3).toList());
        }
        failures.addAll(ContractChecks.serverErrors(load.counts));
        notes.add(lostCommits(cluster));
        Report report = new HistoryChecker().check(load.recorder.history(load.scenario()));
        String joinedNotes = String.join("; ", notes);
        System.out.println("  " + joinedNotes);
        return new ScenarioResult(
                name(),
                injected(),
                report,
                failures,
                String.join("; ", recoveries),
                load.counts.summary(),
                joinedNotes);
    }

    private static Outage restart(PrivatePostgres postgres, StopMode mode) throws Exception {
        long stopAsked = System.nanoTime();
        postgres.stop(mode);
        long down = System.nanoTime();
        System.out.println("  PostgreSQL stopped (" + mode.option() + "); down for " + DOWN.toSeconds() + " s");
        Thread.sleep(DOWN.toMillis());
        long startAsked = System.nanoTime();
        postgres.start();
        long up = System.nanoTime();
        System.out.println("  PostgreSQL accepts connections again");
        return new Outage(mode, stopAsked, down, startAsked, up);
    }

    /** The outage's checks: quick 503s while it lasted, readiness following it, every instance serving after it. */
    private static List<String> judge(
            Outage outage, OutageProbes probes, int instances, List<String> recoveries, List<String> notes) {
        String mode = outage.mode().option();
        List<String> failures = new ArrayList<>();
        List<Probes.Sample> during = probes.between(outage.stopAsked(), outage.up(), -1);
        failures.addAll(OutageProbes.judge("while PostgreSQL was down (" + mode + ")", during, ANSWER_BOUND));
        Duration recovery = probes.recovery(outage.up(), -1);
        if (recovery == null || recovery.compareTo(RECOVERY_BOUND) > 0) {
            failures.add("after PostgreSQL came back (" + mode + "), not every instance answered a publish 201 within "
                    + RECOVERY_BOUND.toSeconds() + " s (" + Probes.seconds(recovery) + ")");
        }
        Duration slowestUnready = Duration.ZERO;
        Duration slowestReady = Duration.ZERO;
        for (int i = 0; i < instances; i++) {
            Duration unready = probes.firstReadiness(i, outage.down(), 503);
            Duration ready = probes.firstReadiness(i, outage.up(), 200);
            if (unready == null || unready.compareTo(UNREADY_BOUND) > 0) {
                failures.add("instance-" + (i + 1) + "'s readiness did not turn 503 within " + UNREADY_BOUND.toSeconds()
                        + " s of PostgreSQL going down (" + mode + "): " + Probes.seconds(unready));
            } else {
                slowestUnready = max(slowestUnready, unready);
            }
            if (ready == null || ready.compareTo(RECOVERY_BOUND) > 0) {
                failures.add(
                        "instance-" + (i + 1) + "'s readiness did not turn 200 within " + RECOVERY_BOUND.toSeconds()
                                + " s of PostgreSQL coming back (" + mode + "): " + Probes.seconds(ready));
            } else {
                slowestReady = max(slowestReady, ready);
            }
        }
        recoveries.add(mode + ": PostgreSQL up to a 201 on every instance " + Probes.seconds(recovery));
        notes.add(String.format(
                Locale.ROOT,
                "%s: stop took %s, start %s; %d probe publishes while down (%s), slowest %s; readiness 503 at most %s"
                        + " after the stop, 200 at most %s after the start",
                mode,
                Probes.seconds(outage.stopTook()),
                Probes.seconds(outage.startTook()),
                during.size(),
                Probes.statuses(during),
                Probes.slowest(during),
                Probes.seconds(slowestUnready),
                Probes.seconds(slowestReady)));
        return failures;
    }

    /**
     * What the servers logged of commits whose connection was lost (the server then looks the transaction's fate
     * up, so that a 503 means nothing was stored): how many, and what became of them.
     */
    private static String lostCommits(Cluster cluster) throws java.io.IOException {
        java.util.Map<String, Integer> byOutcome = new java.util.TreeMap<>();
        for (ServerProcess instance : cluster.instances) {
            for (String line : java.nio.file.Files.readAllLines(instance.log)) {
                int at = line.indexOf("lost while committing transaction");
                if (at >= 0) {
                    String outcome = line.substring(line.indexOf("; it ", at) + "; it ".length());
                    byOutcome.merge(outcome.startsWith("may have") ? "unknown" : outcome, 1, Integer::sum);
                }
            }
        }
        return "commits whose connection was lost, looked up: " + (byOutcome.isEmpty() ? "none" : byOutcome);
    }

    private static Duration max(Duration a, Duration b) {
        return a.compareTo(b) >= 0 ? a : b;
    }
}
