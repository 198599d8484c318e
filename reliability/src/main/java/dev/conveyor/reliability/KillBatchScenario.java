package dev.conveyor.reliability;

import dev.conveyor.reliability.history.Delivery;
import dev.conveyor.reliability.history.HistoryChecker;
import dev.conveyor.reliability.history.HistoryRecorder;
import dev.conveyor.reliability.history.Publish;
import dev.conveyor.reliability.history.Report;
import dev.conveyor.reliability.history.Scenario;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Scenario 3: publishers sending batches of {@link #BIG_BATCH} (and some of {@link #SMALL_BATCH}) messages, to a
 * queue and to a topic fanning out to two queues, through the instances that are killed with SIGKILL in turn
 * mid-load and restarted at once. A batch left without an answer may be stored or not, but whole or not at all
 * (in every queue it reaches); nothing answered 201 may be lost. A third instance, never killed, serves consumers.
 */
final class KillBatchScenario implements FaultScenario {
    static final int BIG_BATCH = 100;
    static final int SMALL_BATCH = 10;
    static final String QUEUE = "batches";
    static final String TOPIC = "batch-events";
    static final String FAN_1 = "fan-1";
    static final String FAN_2 = "fan-2";
    static final List<String> QUEUES = List.of(QUEUE, FAN_1, FAN_2);
    static final Duration KILL_EVERY = Duration.ofSeconds(4);
    static final int MIN_KILLS = 3;
    private static final int ACK_DEADLINE_SECONDS = 5;
    private static final int PUBLISHERS = 4;
    private static final Duration MAX_EXTRA_LOAD = Duration.ofMinutes(2);

    @Override
    public String name() {
        return "kill-batch";
    }

    @Override
    public int number() {
        return 3;
    }

    @Override
    public String injected() {
        return "kill -9 (in turn) of the 2 instances taking batch publishes of " + BIG_BATCH + " and " + SMALL_BATCH
                + " messages to a queue and to a topic (fan-out to 2 queues), " + KILL_EVERY.toSeconds()
                + " s after the last one was ready again, restarted at once; at least " + MIN_KILLS + " kills";
    }

    @Override
    public ScenarioResult run(ScenarioContext context) throws Exception {
        Cluster cluster = context.runningCluster(3);
        Setup setup = new Setup(cluster.instance(2).baseUri);
        Map<String, Duration> deadlines = new java.util.HashMap<>();
        for (String queue : QUEUES) {
            setup.queue(queue, Json.object().put("ack_deadline_seconds", ACK_DEADLINE_SECONDS));
            deadlines.put(queue, Duration.ofSeconds(ACK_DEADLINE_SECONDS));
        }
        setup.topic(TOPIC);
        setup.subscription("to-fan-1", TOPIC, FAN_1, null);
        setup.subscription("to-fan-2", TOPIC, FAN_2, null);
        HistoryRecorder recorder = new HistoryRecorder();
        CallCounts counts = new CallCounts();

        AtomicBoolean running = new AtomicBoolean(true);
        List<Thread> threads = new ArrayList<>();
        for (int i = 0; i < PUBLISHERS; i++) {
            // Publishers on instances 1 and 2, the ones killed; half to the queue, half to the topic.
            RecordingClient client = new RecordingClient(
                    "publisher-" + (i + 1), cluster.instance(i % 2).baseUri, recorder, deadlines, counts);
            boolean toTopic = i >= PUBLISHERS / 2;
            threads.add(new Thread(() -> publish(client, context.tokens, toTopic, running), client.name));
        }
        for (int i = 0; i < QUEUES.size(); i++) {
            String queue = QUEUES.get(i);
            // Consumers on instance 3, which is never killed, and one more of each queue on instance 1, which is.
            for (int instance : new int[] {2, 0}) {
                RecordingClient client = new RecordingClient(
                        "consumer-" + queue + "-" + (instance + 1),
                        cluster.instance(instance).baseUri,
                        recorder,
                        deadlines,
                        counts);
                threads.add(new Thread(() -> consume(client, queue, running), client.name));
            }
        }
        List<Duration> recoveries = Collections.synchronizedList(new ArrayList<>());
        List<String> failures = Collections.synchronizedList(new ArrayList<>());
        KillsInTurn.whileWorking(
                cluster,
                2,
                KILL_EVERY,
                threads,
                running,
                context.settings.loadDuration(),
                MIN_KILLS,
                MAX_EXTRA_LOAD,
                recoveries,
                failures);
        Drain.throughEvery(cluster, recorder, deadlines, counts, Duration.ofSeconds(90))
                .drain(QUEUES);

        Report report = new HistoryChecker().check(recorder.history(Scenario.of(deadlines)));
        failures.addAll(ContractChecks.serverErrors(counts));
        long ambiguousBatches = recorder.events().stream()
                .filter(event -> event instanceof Publish publish && publish.outcome() == Publish.Outcome.AMBIGUOUS)
                .count();
        long ambiguousStored = ambiguousStored(recorder);
        if (ambiguousBatches == 0) {
            failures.add("no batch publish was left without an answer: the kills tested nothing");
        }
        return new ScenarioResult(
                name(),
                injected() + " (" + recoveries.size() + " kills)",
                report,
                failures,
                KillsInTurn.recovery(recoveries),
                counts.summary(),
                ambiguousBatches + " publishes without an answer (" + ambiguousStored + " of them stored, whole)");
    }

    /** Ambiguous publishes some of whose tokens were delivered (the checker has made sure they were whole). */
    private static long ambiguousStored(HistoryRecorder recorder) {
        Set<String> delivered = new java.util.HashSet<>();
        List<Publish> ambiguous = new ArrayList<>();
        for (var event : recorder.events()) {
            if (event instanceof Delivery delivery) {
                delivered.add(delivery.token());
            } else if (event instanceof Publish publish && publish.outcome() == Publish.Outcome.AMBIGUOUS) {
                ambiguous.add(publish);
            }
        }
        return ambiguous.stream()
                .filter(publish -> publish.tokens().stream().anyMatch(delivered::contains))
                .count();
    }

    private static void publish(RecordingClient client, Tokens tokens, boolean toTopic, AtomicBoolean running) {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        String path = toTopic ? "/v1/topics/" + TOPIC + "/messages" : "/v1/queues/" + QUEUE + "/messages";
        Set<String> reaches = toTopic ? Set.of(FAN_1, FAN_2) : Set.of(QUEUE);
        String kind = toTopic ? "topic" : "queue";
        try {
            while (running.get()) {
                int size = random.nextInt(100) < 75 ? BIG_BATCH : SMALL_BATCH;
                List<String> batch = new ArrayList<>(size);
                for (int i = 0; i < size; i++) {
                    batch.add(tokens.next(kind + size));
                }
                Publish.Outcome outcome = client.publish(path, batch, Map.of("kind", kind), reaches, true);
                // An instance that is down refuses at once: do not spin on it.
                Thread.sleep(outcome == Publish.Outcome.OK ? 150 + random.nextInt(250) : 500);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void consume(RecordingClient client, String queue, AtomicBoolean running) {
        try {
            while (running.get()) {
                long started = System.nanoTime();
                List<Delivery> deliveries = client.receive(queue, 100, 1);
                if (deliveries.isEmpty()) {
                    if (System.nanoTime() - started < 100_000_000L) {
                        Thread.sleep(300);
                    }
                    continue;
                }
                client.ack(queue, deliveries);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
