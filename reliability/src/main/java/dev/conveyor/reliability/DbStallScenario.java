package dev.conveyor.reliability;

import dev.conveyor.reliability.history.Delivery;
import dev.conveyor.reliability.history.HistoryChecker;
import dev.conveyor.reliability.history.HistoryRecorder;
import dev.conveyor.reliability.history.Report;
import dev.conveyor.reliability.history.Scenario;
import java.net.URI;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Scenario 7: the database stalls, twice, under a light recorded load on 3 instances.
 *
 * <p>Part 1: a side connection holds {@code LOCK TABLE messages IN ACCESS EXCLUSIVE MODE} for 20 s. Every instance
 * must answer within the bound (lock_timeout 5 s plus margin: 10 s), 503 JSON with Retry-After, never 500, never
 * hang; once the lock is released it must serve again within seconds.
 *
 * <p>Part 2: instance 3 reaches PostgreSQL through {@link BlackHoleProxy} and is configured with
 * {@code database.properties.socketTimeout} 5; the proxy drops every byte for 15 s while keeping the sockets open.
 * Instance 3 must answer within socketTimeout plus margin (15 s), 503 rather than 500, its readiness must turn 503
 * and back to 200, and it must serve again after the proxy resumes, without a restart.
 *
 * <p>Probes (plain publishes to a queue of their own, which the drain and the checker leave out) measure each
 * answer's time, status, body and Retry-After; the recorded load is drained and checked as in every scenario.
 */
final class DbStallScenario implements FaultScenario {
    static final String QUEUE = "stall";
    static final String PROBE_QUEUE = "probe";
    static final int ACK_DEADLINE_SECONDS = 5;
    static final Duration LOCK_HELD = Duration.ofSeconds(20);
    static final Duration BLACK_HOLE = Duration.ofSeconds(15);
    static final int SOCKET_TIMEOUT_SECONDS = 5;
    /** Part 1: every answer within lock_timeout 5 s plus margin; none at all within 15 s is a hang. */
    static final Duration LOCK_ANSWER_BOUND = Duration.ofSeconds(10);
    /** Part 2: every answer within socketTimeout 5 s plus margin. */
    static final Duration HOLE_ANSWER_BOUND = Duration.ofSeconds(15);

    static final Duration RECOVERY_BOUND = Duration.ofSeconds(10);
    static final Duration HOLE_RECOVERY_BOUND = Duration.ofSeconds(20);

    @Override
    public String name() {
        return "db-stall";
    }

    @Override
    public int number() {
        return 7;
    }

    @Override
    public String injected() {
        return "LOCK TABLE messages IN ACCESS EXCLUSIVE MODE held " + LOCK_HELD.toSeconds() + " s under load on 3"
                + " instances; then a TCP proxy between instance 3 and PostgreSQL (socketTimeout "
                + SOCKET_TIMEOUT_SECONDS
                + " s) drops every byte for " + BLACK_HOLE.toSeconds() + " s, sockets kept open";
    }

    @Override
    public ScenarioResult run(ScenarioContext context) throws Exception {
        RunDatabase database = context.database();
        Cluster cluster = context.cluster(database, 2);
        cluster.migrate();
        URI adminUri = URI.create(context.settings.adminUrl().substring("jdbc:".length()));
        BlackHoleProxy proxy = context.register(
                new BlackHoleProxy(adminUri.getHost(), adminUri.getPort() == -1 ? 5432 : adminUri.getPort()));
        String proxiedUrl = "jdbc:postgresql://127.0.0.1:" + proxy.port() + "/" + database.name;
        ServerProcess third = context.register(ServerProcess.prepare(
                "instance-3",
                context.settings.conveyorJar(),
                context.work,
                proxiedUrl,
                context.settings.user(),
                context.settings.password(),
                ScenarioContext.CLEANUP_INTERVAL,
                Map.of("socketTimeout", Integer.toString(SOCKET_TIMEOUT_SECONDS))));
        third.start();
        cluster.start();
        third.awaitReady(ServerProcess.READY_WITHIN);
        List<ServerProcess> instances = List.of(cluster.instance(0), cluster.instance(1), third);

        Setup setup = new Setup(instances.get(0).baseUri);
        setup.queue(QUEUE, Json.object().put("ack_deadline_seconds", ACK_DEADLINE_SECONDS));
        setup.queue(PROBE_QUEUE, Json.object());
        Map<String, Duration> deadlines = Map.of(QUEUE, Duration.ofSeconds(ACK_DEADLINE_SECONDS));
        HistoryRecorder recorder = new HistoryRecorder();
        CallCounts counts = new CallCounts();
        AtomicBoolean running = new AtomicBoolean(true);
        List<Thread> threads = new ArrayList<>();
        OutageProbes probes = new OutageProbes(instances, PROBE_QUEUE, Duration.ofMillis(200));
        List<RecordingClient> drainers = new ArrayList<>();
        List<String> errors = new CopyOnWriteArrayList<>();
        for (int i = 0; i < instances.size(); i++) {
            URI base = instances.get(i).baseUri;
            RecordingClient publisher = new RecordingClient("publisher-" + (i + 1), base, recorder, deadlines, counts);
            RecordingClient consumer = new RecordingClient("consumer-" + (i + 1), base, recorder, deadlines, counts);
            drainers.add(new RecordingClient("drain-" + (i + 1), base, recorder, deadlines, counts));
            threads.add(Probes.worker("publisher-" + (i + 1), running, errors, () -> {
                publisher.publish(
                        "/v1/queues/" + QUEUE + "/messages",
                        List.of(context.tokens.next("stall")),
                        Map.of(),
                        Set.of(QUEUE),
                        false);
                Thread.sleep(100);
            }));
            threads.add(Probes.worker("consumer-" + (i + 1), running, errors, () -> {
                List<Delivery> deliveries = consumer.receive(QUEUE, 10, 1);
                if (!deliveries.isEmpty()) {
                    consumer.ack(QUEUE, deliveries);
                } else {
                    Thread.sleep(50);
                }
            }));
        }
        threads.forEach(Thread::start);
        probes.start();
        List<String> failures = new ArrayList<>();

        Thread.sleep(3000);
        // Part 1: the table lock.
        long lockTaken;
        long lockReleased;
        try (Connection side =
                DriverManager.getConnection(database.url, context.settings.user(), context.settings.password())) {
            side.setAutoCommit(false);
            try (Statement statement = side.createStatement()) {
                statement.execute("SET lock_timeout = '10s'");
                statement.execute("LOCK TABLE messages IN ACCESS EXCLUSIVE MODE");
                lockTaken = System.nanoTime();
                System.out.println(
                        "  LOCK TABLE messages IN ACCESS EXCLUSIVE MODE taken; held " + LOCK_HELD.toSeconds() + " s");
                Thread.sleep(LOCK_HELD.toMillis());
            } finally {
                side.rollback();
            }
            lockReleased = System.nanoTime();
            System.out.println("  lock released (rollback)");
        }
        Thread.sleep(8000);

        // Part 2: the black hole between instance 3 and PostgreSQL.
        proxy.blackHole(true);
        long holeStarted = System.nanoTime();
        System.out.println("  proxy of instance-3 drops every byte for " + BLACK_HOLE.toSeconds() + " s");
        Thread.sleep(BLACK_HOLE.toMillis());
        proxy.blackHole(false);
        long holeEnded = System.nanoTime();
        System.out.println("  proxy forwards again");
        Thread.sleep(20_000);

        running.set(false);
        for (Thread thread : threads) {
            thread.join(60_000);
        }
        failures.addAll(errors);
        failures.addAll(probes.stop());
        int drained = new Drain(drainers, Duration.ofSeconds(60)).drain(List.of(QUEUE));

        // Part 1's probes: those started while the lock was held, on every instance.
        List<Probes.Sample> duringLock = probes.between(lockTaken, lockReleased, -1);
        failures.addAll(OutageProbes.judge("while the table was locked", duringLock, LOCK_ANSWER_BOUND));
        Duration lockRecovery = probes.recovery(lockReleased, -1);
        if (lockRecovery == null || lockRecovery.compareTo(RECOVERY_BOUND) > 0) {
            failures.add("after the lock was released, not every instance answered a publish 201 within "
                    + RECOVERY_BOUND.toSeconds() + " s (" + lockRecovery + ")");
        }
        // Part 2's probes: instance 3's, started during the black hole.
        List<Probes.Sample> duringHole = probes.between(holeStarted, holeEnded, 2);
        failures.addAll(OutageProbes.judge("during instance-3's black hole", duringHole, HOLE_ANSWER_BOUND));
        Duration holeRecovery = probes.recovery(holeEnded, 2);
        if (holeRecovery == null || holeRecovery.compareTo(HOLE_RECOVERY_BOUND) > 0) {
            failures.add("after the proxy resumed, instance-3 did not answer a publish 201 within "
                    + HOLE_RECOVERY_BOUND.toSeconds() + " s (" + holeRecovery + ")");
        }
        Duration notReadyAfter = probes.firstReadiness(2, holeStarted, 503);
        Duration readyAfter = probes.firstReadiness(2, holeEnded, 200);
        if (notReadyAfter == null || notReadyAfter.compareTo(BLACK_HOLE) > 0) {
            failures.add("instance-3's readiness did not turn 503 during the black hole");
        }
        if (readyAfter == null) {
            failures.add("instance-3's readiness did not turn 200 again after the black hole");
        }
        List<Probes.Sample> otherErrors = probes.otherServerErrors();
        if (!otherErrors.isEmpty()) {
            failures.add(otherErrors.size() + " probe answers were a 5xx other than 503: "
                    + otherErrors.stream().limit(3).toList());
        }

        Report report = new HistoryChecker().check(recorder.history(Scenario.of(deadlines)));
        failures.addAll(ContractChecks.serverErrors(counts));
        String recovery = String.format(
                Locale.ROOT,
                "lock released to a 201 on every instance %s; black hole over to a 201 on instance-3 %s",
                Probes.seconds(lockRecovery),
                Probes.seconds(holeRecovery));
        String notes = String.format(
                Locale.ROOT,
                "lock held %.1f s: %d probe publishes (%s), slowest %s; black hole %.1f s on instance-3: %d probe publishes"
                        + " (%s), slowest %s; instance-3 readiness 503 %s after the black hole began, 200 %s after it ended;"
                        + " drain received %d",
                (lockReleased - lockTaken) / 1e9,
                duringLock.size(),
                Probes.statuses(duringLock),
                Probes.slowest(duringLock),
                (holeEnded - holeStarted) / 1e9,
                duringHole.size(),
                Probes.statuses(duringHole),
                Probes.slowest(duringHole),
                Probes.seconds(notReadyAfter),
                Probes.seconds(readyAfter),
                drained);
        System.out.println("  " + notes);
        return new ScenarioResult(name(), injected(), report, failures, recovery, counts.summary(), notes);
    }
}
