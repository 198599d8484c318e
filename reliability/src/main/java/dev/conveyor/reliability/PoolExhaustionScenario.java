package dev.conveyor.reliability;

import static dev.conveyor.reliability.Probes.seconds;
import static dev.conveyor.reliability.Probes.slowest;
import static dev.conveyor.reliability.Probes.statuses;
import static dev.conveyor.reliability.Probes.worker;

import dev.conveyor.reliability.Probes.Sample;
import dev.conveyor.reliability.history.Delivery;
import dev.conveyor.reliability.history.HistoryChecker;
import dev.conveyor.reliability.history.HistoryRecorder;
import dev.conveyor.reliability.history.Publish;
import dev.conveyor.reliability.history.Report;
import dev.conveyor.reliability.history.Scenario;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Scenario 8: 200 concurrent long polls plus publishers on a small pool (4 connections per instance).
 *
 * <p>Part 1: 200 long polls wait on an empty queue, spread over the instances, while recorded publishers and
 * consumers work on another queue. Long polls hold no connection while they wait, so the servers' gauge must show
 * all 200 waiting at once and every publish meanwhile must be answered 201; a few messages published to the polled
 * queue then reach waiting polls at once. (A poll's admission does take connections: one refused 503 with
 * Retry-After then tries again, as a client would; the refusals are counted in the notes.)
 *
 * <p>Part 2: a side connection holds {@code LOCK TABLE messages IN ACCESS EXCLUSIVE MODE} while many receives and
 * publishes arrive at once on every instance. The instances run with lock_timeout 20 s (instead of 5 s), so the
 * requests that got a connection keep it behind the lock and the pool is really exhausted: the others must be
 * answered 503 JSON with Retry-After soon after {@code database.maxWaitForConnection}, never 500, never left
 * hanging. (Receives take a connection each; publishes share the transactions of at most 4 groups, so receives are
 * what surely exhausts the pool.) Once the lock is released every instance serves again, without a restart.
 *
 * <p>Throughout, a side connection counts the instances' connections in pg_stat_activity: never more than the
 * pool allows. The recorded queue (the load's publishes and part 2's) is drained and checked as in every scenario;
 * the polled and probe queues are left out.
 */
final class PoolExhaustionScenario implements FaultScenario {
    static final int INSTANCES = 2;
    static final int POOL_SIZE = 4;
    static final Duration MAX_WAIT_FOR_CONNECTION = Duration.ofSeconds(1);
    static final String QUEUE = "work";
    static final String POLLED_QUEUE = "polled";
    static final String PROBE_QUEUE = "probe";
    /** Part 2's receives, which each hold a connection behind the lock: an empty queue of their own. */
    static final String CROWDED_QUEUE = "crowded";

    static final int ACK_DEADLINE_SECONDS = 5;
    static final int POLLS = 200;
    static final int POLL_WAIT_SECONDS = 20;
    /**
     * How long the polls have to be all waiting at once, retries after a refusal included; well within their wait,
     * so that the publishes while they wait and the messages served to them fit in before it ends.
     */
    static final Duration ADMISSION_BOUND = Duration.ofSeconds(10);
    /** Messages published to the polled queue while the polls wait: each must reach one of them. */
    static final int SERVED_POLLS = 20;
    /** A poll that gets a message must have it this soon after it was published (its wait is far longer). */
    static final Duration SERVE_BOUND = Duration.ofSeconds(3);
    /** A poll that gets nothing answers at its wait's end, give or take this. */
    static final Duration POLL_END_MARGIN = Duration.ofSeconds(8);
    /**
     * Per instance under the lock: receives, each holding a connection of its own once it has one; and publishes,
     * which the server groups into shared transactions (at most 4 at once), so that they wait for a group rather than
     * for a connection each.
     */
    static final int OVERLOAD_RECEIVES = 30;

    static final int OVERLOAD_PUBLISHES = 10;
    static final Duration LOCK_HELD = Duration.ofSeconds(12);
    /** Longer than the lock is held, so that the requests behind it keep their connections until it goes. */
    static final String LOCK_TIMEOUT = "20s";
    /** A request that cannot get a connection: maxWaitForConnection 1 s plus margin. */
    static final Duration REFUSAL_BOUND = Duration.ofSeconds(5);
    /** No answer within this is a hang (the lock is held 12 s, lock_timeout is 20 s). */
    static final Duration HANG_BOUND = Duration.ofSeconds(25);

    static final Duration RECOVERY_BOUND = Duration.ofSeconds(10);

    @Override
    public String name() {
        return "pool-exhaustion";
    }

    @Override
    public int number() {
        return 8;
    }

    @Override
    public String injected() {
        return INSTANCES + " instances with pools of " + POOL_SIZE + " (maxWaitForConnection "
                + MAX_WAIT_FOR_CONNECTION.toSeconds() + " s): " + POLLS
                + " long polls at once while publishers work; then"
                + " LOCK TABLE messages held " + LOCK_HELD.toSeconds() + " s (lock_timeout " + LOCK_TIMEOUT + ") under "
                + OVERLOAD_RECEIVES + " receives and " + OVERLOAD_PUBLISHES + " publishes at once per instance";
    }

    @Override
    public ScenarioResult run(ScenarioContext context) throws Exception {
        RunDatabase database = context.database();
        Cluster cluster = context.cluster(database, INSTANCES);
        cluster.migrate();
        cluster.override("database.minSize", "1");
        cluster.override("database.initialSize", "1");
        cluster.override("database.maxSize", Integer.toString(POOL_SIZE));
        cluster.override("database.maxWaitForConnection", MAX_WAIT_FOR_CONNECTION.toSeconds() + "s");
        // The product's default options but a lock_timeout past the lock's hold (see PoolExhaustionApiTest).
        cluster.override(
                "database.properties.options",
                "-c lock_timeout=" + LOCK_TIMEOUT
                        + " -c statement_timeout=30s -c idle_in_transaction_session_timeout=60s");
        for (int i = 0; i < INSTANCES; i++) {
            // Each instance's pooled connections are told apart in pg_stat_activity.
            cluster.instance(i).override("database.properties.ApplicationName", applicationName(i));
        }
        cluster.start();
        List<URI> bases =
                cluster.instances.stream().map(instance -> instance.baseUri).toList();
        List<String> failures = new ArrayList<>(overridesTookEffect(bases));

        Setup setup = new Setup(bases.get(0));
        setup.queue(QUEUE, Json.object().put("ack_deadline_seconds", ACK_DEADLINE_SECONDS));
        setup.queue(POLLED_QUEUE, Json.object());
        setup.queue(PROBE_QUEUE, Json.object());
        setup.queue(CROWDED_QUEUE, Json.object());
        Map<String, Duration> deadlines = Map.of(QUEUE, Duration.ofSeconds(ACK_DEADLINE_SECONDS));
        HistoryRecorder recorder = new HistoryRecorder();
        CallCounts counts = new CallCounts();
        List<String> errors = new CopyOnWriteArrayList<>();
        ConnectionCounter connections = context.register(new ConnectionCounter(database, context.settings, errors));
        connections.start();

        // Part 1: the long polls, with publishers and consumers at work meanwhile.
        AtomicBoolean running = new AtomicBoolean(true);
        List<Thread> threads = new ArrayList<>();
        List<RecordingClient> drainers = new ArrayList<>();
        for (int i = 0; i < INSTANCES; i++) {
            String n = Integer.toString(i + 1);
            for (String name : List.of("publisher-" + n + "a", "publisher-" + n + "b")) {
                RecordingClient publisher = new RecordingClient(name, bases.get(i), recorder, deadlines, counts);
                threads.add(worker(name, running, errors, () -> {
                    publisher.publish(
                            "/v1/queues/" + QUEUE + "/messages",
                            List.of(context.tokens.next("load")),
                            Map.of(),
                            Set.of(QUEUE),
                            false);
                    Thread.sleep(20);
                }));
            }
            RecordingClient consumer = new RecordingClient("consumer-" + n, bases.get(i), recorder, deadlines, counts);
            // Without a long poll of its own, so that the servers' gauge of waiting receives counts the polls alone.
            threads.add(worker("consumer-" + n, running, errors, () -> {
                List<Delivery> deliveries = consumer.receive(QUEUE, 10, 0);
                consumer.ack(QUEUE, deliveries);
                if (deliveries.isEmpty()) {
                    Thread.sleep(50);
                }
            }));
            drainers.add(new RecordingClient("drain-" + n, bases.get(i), recorder, deadlines, counts));
        }
        threads.forEach(Thread::start);
        Thread.sleep(2000);

        long pollsStarted = System.nanoTime();
        List<Sample> refusedPolls = new CopyOnWriteArrayList<>();
        List<CompletableFuture<Sample>> polls =
                startPolls(bases, pollsStarted + ADMISSION_BOUND.toNanos(), refusedPolls);
        int waiting =
                awaitWaiting(bases, POLLS, ADMISSION_BOUND.minus(Duration.ofNanos(System.nanoTime() - pollsStarted)));
        long allWaiting = System.nanoTime();
        if (waiting < POLLS) {
            failures.add("only " + waiting + " receives were waiting at once on the instances, not " + POLLS);
        }
        System.out.println("  " + waiting + " long polls waiting, "
                + seconds(Duration.ofNanos(allWaiting - pollsStarted)) + " after the first was sent");
        // All of them wait now; the publishes meanwhile are what part 1 judges.
        Thread.sleep(4000);
        int waitingStill = waitingPolls(bases);
        long servedAt = System.nanoTime();
        List<Sample> served = new ArrayList<>();
        for (int i = 0; i < SERVED_POLLS; i++) {
            served.add(Probes.send(
                    i % INSTANCES,
                    Probes.post(
                            bases.get(i % INSTANCES),
                            "/v1/queues/" + POLLED_QUEUE + "/messages",
                            "{\"body\": {\"poll\": " + i + "}}",
                            HANG_BOUND)));
        }
        long servedUntil = System.nanoTime();
        List<Sample> pollAnswers = new ArrayList<>();
        for (CompletableFuture<Sample> poll : polls) {
            pollAnswers.add(poll.get(POLL_WAIT_SECONDS + HANG_BOUND.toSeconds(), TimeUnit.SECONDS));
        }
        running.set(false);
        for (Thread thread : threads) {
            thread.join(30_000);
        }
        int connectionsInPart1 = connections.maxTotal();
        List<Publish> publishesDuringPolls = publishes(recorder, allWaiting, servedAt);
        failures.addAll(judgePublishesDuringPolls(publishesDuringPolls));
        if (served.stream().anyMatch(s -> s.status() != 201)) {
            failures.add("publishes to " + POLLED_QUEUE + " were not all answered 201: " + statuses(served));
        }
        failures.addAll(judgePolls(pollAnswers, servedUntil));

        // Part 2: every pool exhausted behind a locked table.
        Overload overload = overload(database, context, bases);
        for (int i = 0; i < overload.publishes().size(); i++) {
            recordPublish(
                    recorder,
                    counts,
                    i,
                    overload.tokens().get(i),
                    overload.publishes().get(i));
        }
        failures.addAll(judgeOverload(overload));
        if (overload.recovery() == null || overload.recovery().compareTo(RECOVERY_BOUND) > 0) {
            failures.add("after the lock was released, not every instance answered a publish 201 within "
                    + RECOVERY_BOUND.toSeconds() + " s (" + seconds(overload.recovery()) + ")");
        }
        connections.close();
        failures.addAll(connections.judge(INSTANCES, POOL_SIZE));
        failures.addAll(errors);

        int drained = new Drain(drainers, Duration.ofSeconds(60)).drain(List.of(QUEUE));
        Report report = new HistoryChecker().check(recorder.history(Scenario.of(deadlines)));
        failures.addAll(ContractChecks.serverErrors(counts));
        List<Sample> all = overload.all();
        String notes = String.format(
                Locale.ROOT,
                "%d long polls waiting at once (%d still after 4 s; answers %s; refused on admission %d times, retried"
                        + " after Retry-After, slowest refusal %s); %d publishes during the polls (%s), p99 %d"
                        + " ms, max %d ms; %d of %d polls served a message, slowest %s after the last was published; pooled connections"
                        + " to the database at most %d in part 1, %d in all (per instance %s, pools of %d); lock held %.1f s:"
                        + " %d receives (%s), %d publishes (%s), slowest 503 %s, slowest answer %s; drain received %d",
                waiting,
                waitingStill,
                statuses(pollAnswers),
                refusedPolls.size(),
                slowest(refusedPolls),
                publishesDuringPolls.size(),
                outcomes(publishesDuringPolls),
                percentileMillis(publishesDuringPolls, 0.99),
                percentileMillis(publishesDuringPolls, 1.0),
                pollAnswers.stream().filter(PoolExhaustionScenario::gotMessage).count(),
                POLLS,
                seconds(slowestServed(pollAnswers, servedUntil)),
                connectionsInPart1,
                connections.maxTotal(),
                connections.maxPerInstance(),
                POOL_SIZE,
                overload.held().toMillis() / 1000.0,
                overload.receives().size(),
                statuses(overload.receives()),
                overload.publishes().size(),
                statuses(overload.publishes()),
                slowest(all.stream().filter(s -> s.status() == 503).toList()),
                slowest(all),
                drained);
        System.out.println("  " + notes);
        return new ScenarioResult(
                name(),
                injected(),
                report,
                failures,
                "lock released to a 201 on every instance " + seconds(overload.recovery()),
                counts.summary(),
                notes);
    }

    /**
     * Part 2's answers: the receives and the publishes (with their tokens) sent while the table was locked, how long
     * it was, when it was released, and how soon after that every instance answered a publish 201.
     */
    record Overload(
            List<Sample> receives,
            List<Sample> publishes,
            List<String> tokens,
            Duration held,
            long released,
            Duration recovery) {
        List<Sample> all() {
            List<Sample> all = new ArrayList<>(receives);
            all.addAll(publishes);
            return all;
        }
    }

    /**
     * Takes the lock from a side connection and, while it is held, sends every instance its receives and publishes
     * at once; then releases it, measures the recovery, and collects every answer (none is waited for longer than
     * {@link #HANG_BOUND}).
     */
    private static Overload overload(RunDatabase database, ScenarioContext context, List<URI> bases) throws Exception {
        List<CompletableFuture<Sample>> receives = new ArrayList<>();
        List<CompletableFuture<Sample>> publishes = new ArrayList<>();
        List<String> tokens = new ArrayList<>();
        long taken;
        long released;
        try (Connection side =
                DriverManager.getConnection(database.url, context.settings.user(), context.settings.password())) {
            side.setAutoCommit(false);
            try (Statement statement = side.createStatement()) {
                statement.execute("SET lock_timeout = '10s'");
                statement.execute("LOCK TABLE messages IN ACCESS EXCLUSIVE MODE");
                taken = System.nanoTime();
                System.out.println("  LOCK TABLE messages IN ACCESS EXCLUSIVE MODE taken; held " + LOCK_HELD.toSeconds()
                        + " s under " + OVERLOAD_RECEIVES + " receives and " + OVERLOAD_PUBLISHES
                        + " publishes per instance");
                for (int i = 0; i < OVERLOAD_RECEIVES * bases.size(); i++) {
                    int instance = i % bases.size();
                    receives.add(Probes.sendAsync(
                            instance,
                            Probes.post(
                                    bases.get(instance),
                                    "/v1/queues/" + CROWDED_QUEUE + "/receive",
                                    "{\"max_messages\": 1}",
                                    HANG_BOUND)));
                }
                for (int i = 0; i < OVERLOAD_PUBLISHES * bases.size(); i++) {
                    int instance = i % bases.size();
                    String token = context.tokens.next("overload");
                    tokens.add(token);
                    publishes.add(Probes.sendAsync(
                            instance,
                            Probes.post(
                                    bases.get(instance),
                                    "/v1/queues/" + QUEUE + "/messages",
                                    "{\"body\": {\"token\": \"" + token + "\"}}",
                                    HANG_BOUND)));
                }
                Thread.sleep(LOCK_HELD.toMillis());
            } finally {
                // Taken before the rollback: a call behind the lock may be answered before the rollback's own answer
                // is.
                released = System.nanoTime();
                side.rollback();
            }
            System.out.println("  lock released (rollback)");
        }
        Duration recovery = recovery(bases, released);
        return new Overload(
                answers(receives), answers(publishes), tokens, Duration.ofNanos(released - taken), released, recovery);
    }

    private static List<Sample> answers(List<CompletableFuture<Sample>> calls) throws Exception {
        List<Sample> answers = new ArrayList<>();
        for (CompletableFuture<Sample> call : calls) {
            // Each call gives up by itself after HANG_BOUND (an answer of status 0); this only guards the suite.
            answers.add(call.get(HANG_BOUND.toSeconds() + 10, TimeUnit.SECONDS));
        }
        return answers;
    }

    private static String applicationName(int instance) {
        return "conveyor-reliability-" + (instance + 1);
    }

    /** The pool's size as the server itself reports it: proof that the -Ddw. overrides were applied. */
    private static List<String> overridesTookEffect(List<URI> bases) throws InterruptedException {
        List<String> failures = new ArrayList<>();
        for (URI base : bases) {
            double maxConnections = metric(base, "conveyor_db_pool_max_connections");
            if (maxConnections != POOL_SIZE) {
                failures.add(base + " reports conveyor_db_pool_max_connections " + maxConnections + ", not the "
                        + POOL_SIZE + " the -Ddw.database.maxSize override asked for");
            }
        }
        return failures;
    }

    /**
     * The polls, spread over the instances, started in quick waves rather than in one burst of 200 requests. Each
     * retries as a well-behaved client does when refused (503 with Retry-After) before {@code retryUntil}: a poll's
     * admission takes connections (the queue's definition, a first look), and on a pool of 4 a crowd of them may be
     * refused, which the contract allows; what part 1 judges is that, once admitted, they wait without a connection.
     */
    private static List<CompletableFuture<Sample>> startPolls(List<URI> bases, long retryUntil, List<Sample> refused)
            throws InterruptedException {
        List<CompletableFuture<Sample>> polls = new ArrayList<>();
        for (int i = 0; i < POLLS; i++) {
            int instance = i % bases.size();
            polls.add(poll(instance, bases.get(instance), retryUntil, refused));
            if (i % 20 == 19) {
                Thread.sleep(200);
            }
        }
        return polls;
    }

    private static CompletableFuture<Sample> poll(int instance, URI base, long retryUntil, List<Sample> refused) {
        String body = "{\"max_messages\": 1, \"wait_seconds\": " + POLL_WAIT_SECONDS + "}";
        HttpRequest request = Probes.post(
                base,
                "/v1/queues/" + POLLED_QUEUE + "/receive",
                body,
                Duration.ofSeconds(POLL_WAIT_SECONDS).plus(HANG_BOUND));
        return Probes.sendAsync(instance, request).thenCompose(answer -> {
            if (!answer.refusedProperly() || System.nanoTime() > retryUntil) {
                return CompletableFuture.completedFuture(answer);
            }
            refused.add(answer);
            long delay = retryAfterSeconds(answer);
            return CompletableFuture.supplyAsync(() -> null, CompletableFuture.delayedExecutor(delay, TimeUnit.SECONDS))
                    .thenCompose(ignored -> poll(instance, base, retryUntil, refused));
        });
    }

    private static long retryAfterSeconds(Sample refusal) {
        try {
            return Math.max(0, Math.min(5, Long.parseLong(refusal.retryAfter().trim())));
        } catch (NumberFormatException notSeconds) {
            return 1;
        }
    }

    /** Waits until the servers' own gauge says {@code expected} receives wait at once; the most seen. */
    private static int awaitWaiting(List<URI> bases, int expected, Duration within) throws InterruptedException {
        long deadline = System.nanoTime() + within.toNanos();
        int most = 0;
        while (System.nanoTime() < deadline && most < expected) {
            most = Math.max(most, waitingPolls(bases));
            Thread.sleep(100);
        }
        return most;
    }

    /** {@code conveyor_long_polls_waiting} summed over the instances. */
    private static int waitingPolls(List<URI> bases) throws InterruptedException {
        int sum = 0;
        for (URI base : bases) {
            sum += (int) metric(base, "conveyor_long_polls_waiting");
        }
        return sum;
    }

    /** One unlabelled gauge of an instance's {@code /metrics} (Prometheus text); NaN when missing. */
    private static double metric(URI base, String name) throws InterruptedException {
        try {
            HttpResponse<String> response = Json.HTTP.send(
                    HttpRequest.newBuilder(base.resolve("/metrics"))
                            .timeout(Duration.ofSeconds(5))
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            for (String line : response.body().split("\n")) {
                if (line.startsWith(name + " ")) {
                    return Double.parseDouble(line.substring(name.length() + 1).trim());
                }
            }
        } catch (IOException | NumberFormatException unreadable) {
            // Reported as missing.
        }
        return Double.NaN;
    }

    /** The recorded publishers' publishes started while every poll was waiting. */
    private static List<Publish> publishes(HistoryRecorder recorder, long from, long to) {
        return recorder.events().stream()
                .filter(event -> event instanceof Publish publish
                        && publish.client().startsWith("publisher-")
                        && publish.invokedNanos() >= from
                        && publish.invokedNanos() < to)
                .map(Publish.class::cast)
                .toList();
    }

    /** Long polls hold no connection, so the publishes beside them find one: every one 201. */
    private static List<String> judgePublishesDuringPolls(List<Publish> publishes) {
        List<String> failures = new ArrayList<>();
        if (publishes.isEmpty()) {
            failures.add("no publish ran while the polls were waiting");
        }
        List<Publish> notOk = publishes.stream()
                .filter(p -> p.outcome() != Publish.Outcome.OK)
                .toList();
        if (!notOk.isEmpty()) {
            failures.add(notOk.size() + " of " + publishes.size() + " publishes while the polls were waiting were not"
                    + " answered 201 (" + outcomes(publishes) + "), e.g. "
                    + notOk.get(0).opId());
        }
        return failures;
    }

    /**
     * Every poll answered 200; each of the {@link #SERVED_POLLS} messages reached one of them within
     * {@link #SERVE_BOUND} of its publish; the others answered empty when their wait ended, not sooner (so they
     * really waited) and not much later (no hang).
     */
    private static List<String> judgePolls(List<Sample> polls, long servedUntil) {
        List<String> failures = new ArrayList<>();
        List<Sample> notOk = polls.stream().filter(s -> s.status() != 200).toList();
        if (!notOk.isEmpty()) {
            failures.add(notOk.size() + " long polls were not answered 200 (" + statuses(polls) + "), e.g. "
                    + notOk.stream().limit(3).toList());
        }
        List<Sample> withMessage =
                polls.stream().filter(PoolExhaustionScenario::gotMessage).toList();
        if (withMessage.size() != SERVED_POLLS) {
            failures.add(withMessage.size() + " long polls got a message, expected " + SERVED_POLLS);
        }
        List<Sample> lateServed = withMessage.stream()
                .filter(s -> s.ended() - servedUntil > SERVE_BOUND.toNanos())
                .toList();
        if (!lateServed.isEmpty()) {
            failures.add(lateServed.size() + " long polls got their message more than " + SERVE_BOUND.toSeconds()
                    + " s after it was published, e.g. " + lateServed.get(0));
        }
        Duration wait = Duration.ofSeconds(POLL_WAIT_SECONDS);
        List<Sample> oddEnd = polls.stream()
                .filter(s -> s.status() == 200 && !gotMessage(s))
                .filter(s -> s.took().compareTo(wait.minusMillis(500)) < 0
                        || s.took().compareTo(wait.plus(POLL_END_MARGIN)) > 0)
                .toList();
        if (!oddEnd.isEmpty()) {
            failures.add(oddEnd.size() + " empty long polls did not end when their " + POLL_WAIT_SECONDS + " s were up"
                    + " (give or take " + POLL_END_MARGIN.toSeconds() + " s), e.g. "
                    + oddEnd.get(0).took());
        }
        return failures;
    }

    /** A 200 whose data holds a message (the sample keeps the body of every answer but a 201). */
    private static boolean gotMessage(Sample poll) {
        return poll.status() == 200 && poll.error() != null && poll.error().contains("\"id\"");
    }

    private static Duration slowestServed(List<Sample> polls, long servedUntil) {
        return polls.stream()
                .filter(PoolExhaustionScenario::gotMessage)
                .map(s -> Duration.ofNanos(Math.max(0, s.ended() - servedUntil)))
                .max(Duration::compareTo)
                .orElse(null);
    }

    /**
     * Under the lock, every call is answered within {@link #HANG_BOUND}: 503 JSON with Retry-After, within
     * {@link #REFUSAL_BOUND} (no connection within maxWaitForConnection), or, once the lock went, a 200 or 201 (a
     * request that held a connection, or a publish whose group did, behind it). Every instance refused some receives:
     * its pool was really exhausted.
     */
    private static List<String> judgeOverload(Overload overload) {
        List<String> failures = new ArrayList<>();
        List<Sample> all = overload.all();
        List<Sample> hung = all.stream().filter(s -> s.status() == 0).toList();
        if (!hung.isEmpty()) {
            failures.add(hung.size() + " calls under the lock had no answer within " + HANG_BOUND.toSeconds() + " s: "
                    + hung.stream().limit(3).toList());
        }
        List<Sample> wrong = new ArrayList<>();
        overload.receives().stream()
                .filter(s -> s.status() != 0 && s.status() != 200 && !s.refusedProperly())
                .forEach(wrong::add);
        overload.publishes().stream()
                .filter(s -> s.status() != 0 && s.status() != 201 && !s.refusedProperly())
                .forEach(wrong::add);
        if (!wrong.isEmpty()) {
            failures.add(
                    wrong.size() + " calls under the lock were answered neither 2xx nor 503 JSON with Retry-After: "
                            + wrong.stream().limit(3).toList());
        }
        List<Sample> slowRefusals = all.stream()
                .filter(s -> s.status() == 503 && s.took().compareTo(REFUSAL_BOUND) > 0)
                .toList();
        if (!slowRefusals.isEmpty()) {
            failures.add(slowRefusals.size() + " calls under the lock were refused only after more than "
                    + REFUSAL_BOUND.toSeconds() + " s (maxWaitForConnection " + MAX_WAIT_FOR_CONNECTION.toSeconds()
                    + " s): " + slowRefusals.stream().limit(3).toList());
        }
        List<Sample> early = all.stream()
                .filter(s -> s.status() >= 200 && s.status() < 300 && s.ended() < overload.released())
                .toList();
        if (!early.isEmpty()) {
            failures.add(early.size() + " calls were answered 2xx while the messages table was locked");
        }
        for (int i = 0; i < INSTANCES; i++) {
            int instance = i;
            if (overload.receives().stream().noneMatch(s -> s.instance() == instance && s.status() == 503)) {
                failures.add("instance-" + (i + 1) + " refused none of its " + OVERLOAD_RECEIVES + " receives under the"
                        + " lock: its pool of " + POOL_SIZE + " was not exhausted");
            }
        }
        return failures;
    }

    /** Part 2's publishes are recorded like the load's: a 503's token must never be delivered, a 201's must. */
    private static void recordPublish(HistoryRecorder recorder, CallCounts counts, int n, String token, Sample answer) {
        Publish.Outcome outcome;
        if (answer.status() == 0) {
            counts.noAnswer.incrementAndGet();
            outcome = Publish.Outcome.AMBIGUOUS;
        } else {
            counts.count(answer.status());
            outcome = answer.status() == 201
                    ? Publish.Outcome.OK
                    : answer.status() == 503 || (answer.status() >= 400 && answer.status() < 500)
                            ? Publish.Outcome.FAILED
                            : Publish.Outcome.AMBIGUOUS;
        }
        recorder.record(new Publish(
                "overload/publish-" + (n + 1),
                "overload",
                answer.started(),
                answer.ended(),
                List.of(token),
                Set.of(QUEUE),
                outcome));
    }

    /** From the lock's release to a 201 on every instance (the slowest); null when one never answered 201. */
    private static Duration recovery(List<URI> bases, long since) throws InterruptedException {
        long worst = 0;
        for (int i = 0; i < bases.size(); i++) {
            Sample answer;
            do {
                answer = Probes.send(
                        i,
                        Probes.post(
                                bases.get(i),
                                "/v1/queues/" + PROBE_QUEUE + "/messages",
                                "{\"body\": {\"probe\": true}}",
                                HANG_BOUND));
                if (answer.status() != 201) {
                    Thread.sleep(100);
                }
            } while (answer.status() != 201 && System.nanoTime() - since < RECOVERY_BOUND.toNanos() * 2);
            if (answer.status() != 201) {
                return null;
            }
            worst = Math.max(worst, answer.ended() - since);
        }
        return Duration.ofNanos(worst);
    }

    private static String outcomes(List<Publish> publishes) {
        Map<Publish.Outcome, Long> byOutcome = new java.util.TreeMap<>();
        publishes.forEach(p -> byOutcome.merge(p.outcome(), 1L, Long::sum));
        return byOutcome.toString();
    }

    private static long percentileMillis(List<Publish> publishes, double percentile) {
        List<Long> took = publishes.stream()
                .map(p -> (p.completedNanos() - p.invokedNanos()) / 1_000_000)
                .sorted()
                .toList();
        if (took.isEmpty()) {
            return -1;
        }
        return took.get(Math.max(0, (int) Math.ceil(percentile * took.size()) - 1));
    }

    /**
     * Counts the instances' pooled connections (application_name conveyor-reliability-N) in pg_stat_activity every
     * 100 ms from a side connection of its own, keeping the most seen per instance and in all.
     */
    static final class ConnectionCounter implements AutoCloseable {
        private final RunDatabase database;
        private final SuiteSettings settings;
        private final List<String> errors;
        private final Map<String, Integer> maxPerInstance = new ConcurrentHashMap<>();
        private final AtomicBoolean running = new AtomicBoolean(true);
        private volatile int maxTotal;
        private Thread thread;

        ConnectionCounter(RunDatabase database, SuiteSettings settings, List<String> errors) {
            this.database = database;
            this.settings = settings;
            this.errors = errors;
        }

        void start() {
            thread = new Thread(this::count, "connection-counter");
            thread.setDaemon(true);
            thread.start();
        }

        private void count() {
            String sql = "SELECT application_name, count(*) FROM pg_stat_activity"
                    + " WHERE datname = ? AND application_name LIKE 'conveyor-reliability-%' GROUP BY application_name";
            try (Connection connection =
                            DriverManager.getConnection(database.url, settings.user(), settings.password());
                    PreparedStatement statement = connection.prepareStatement(sql)) {
                statement.setString(1, database.name);
                while (running.get()) {
                    int total = 0;
                    try (ResultSet rows = statement.executeQuery()) {
                        while (rows.next()) {
                            int count = rows.getInt(2);
                            total += count;
                            maxPerInstance.merge(rows.getString(1), count, Math::max);
                        }
                    }
                    maxTotal = Math.max(maxTotal, total);
                    Thread.sleep(100);
                }
            } catch (Exception e) {
                errors.add("counting connections in pg_stat_activity failed: " + e);
            }
        }

        int maxTotal() {
            return maxTotal;
        }

        String maxPerInstance() {
            return new java.util.TreeMap<>(maxPerInstance).toString();
        }

        /** Never more connections than the pools allow; and every instance seen (its application name applied). */
        List<String> judge(int instances, int poolSize) {
            List<String> failures = new ArrayList<>();
            if (maxTotal > instances * poolSize) {
                failures.add("up to " + maxTotal + " pooled connections to the database at once, more than " + instances
                        + " instances x maxSize " + poolSize);
            }
            maxPerInstance.forEach((name, most) -> {
                if (most > poolSize) {
                    failures.add(name + " held up to " + most + " connections, more than maxSize " + poolSize);
                }
            });
            if (maxPerInstance.size() != instances) {
                failures.add("pg_stat_activity showed pooled connections of " + maxPerInstance.keySet()
                        + ", not of all " + instances
                        + " instances (was the -Ddw.database.properties.ApplicationName override applied?)");
            }
            return failures;
        }

        @Override
        public void close() throws InterruptedException {
            running.set(false);
            if (thread != null) {
                thread.join(5_000);
            }
        }
    }
}
