package dev.conveyor.reliability;

import dev.conveyor.reliability.history.Delivery;
import dev.conveyor.reliability.history.HistoryChecker;
import dev.conveyor.reliability.history.HistoryRecorder;
import dev.conveyor.reliability.history.Report;
import dev.conveyor.reliability.history.Scenario;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.IntStream;

/**
 * Scenario 5: consumers that crash on a poison message while processing normal ones. One poison message makes its
 * consumer give it back (a nack), the other makes it die without a word (its lease runs out). Each must be
 * delivered exactly {@link #MAX_DELIVERIES} times, then dead-lettered exactly once; no normal message may be.
 */
final class PoisonMessageScenario implements FaultScenario {
    static final int MAX_DELIVERIES = 3;
    static final String QUEUE = "work";
    static final String DEAD_LETTERS = "work-dead-letters";
    private static final int ACK_DEADLINE_SECONDS = 2;
    private static final int NORMAL_MESSAGES = 300;
    private static final Duration GIVE_UP_AFTER = Duration.ofSeconds(60);

    @Override
    public String name() {
        return "poison-message";
    }

    @Override
    public int number() {
        return 5;
    }

    @Override
    public String injected() {
        return "2 poison messages among " + NORMAL_MESSAGES
                + " (one nacked, one left to expire by a crashing consumer)," + " max_deliveries " + MAX_DELIVERIES
                + ", a dead-letter queue";
    }

    @Override
    public ScenarioResult run(ScenarioContext context) throws Exception {
        Cluster cluster = context.runningCluster(2);
        Setup setup = new Setup(cluster.instance(0).baseUri);
        setup.queue(DEAD_LETTERS, Json.object().put("ack_deadline_seconds", ACK_DEADLINE_SECONDS));
        setup.queue(
                QUEUE,
                Json.object()
                        .put("ack_deadline_seconds", ACK_DEADLINE_SECONDS)
                        .put("max_deliveries", MAX_DELIVERIES)
                        .put("dead_letter_queue_id", DEAD_LETTERS));
        Map<String, Duration> deadlines = Map.of(
                QUEUE,
                Duration.ofSeconds(ACK_DEADLINE_SECONDS),
                DEAD_LETTERS,
                Duration.ofSeconds(ACK_DEADLINE_SECONDS));
        HistoryRecorder recorder = new HistoryRecorder();
        CallCounts counts = new CallCounts();
        List<RecordingClient> consumers = new ArrayList<>();
        for (int i = 0; i < cluster.size(); i++) {
            consumers.add(new RecordingClient(
                    "consumer-" + (i + 1), cluster.instance(i).baseUri, recorder, deadlines, counts));
        }

        RecordingClient publisher =
                new RecordingClient("publisher", cluster.instance(0).baseUri, recorder, deadlines, counts);
        String nacked = context.tokens.next("poison-nacked");
        String expired = context.tokens.next("poison-expired");
        String path = "/v1/queues/" + QUEUE + "/messages";
        publisher.publish(path, List.of(nacked), Map.of(), Set.of(QUEUE), false);
        publisher.publish(path, List.of(expired), Map.of(), Set.of(QUEUE), false);

        AtomicBoolean running = new AtomicBoolean(true);
        List<Thread> threads = new ArrayList<>();
        for (RecordingClient consumer : consumers) {
            threads.add(new Thread(() -> consume(consumer, running), consumer.name));
        }
        threads.forEach(Thread::start);
        for (int i = 0; i < NORMAL_MESSAGES; i += 10) {
            List<String> batch = new ArrayList<>();
            for (int j = 0; j < 10; j++) {
                batch.add(context.tokens.next("normal"));
            }
            publisher.publish(path, batch, Map.of(), Set.of(QUEUE), true);
            Thread.sleep(100);
        }
        // Until both poison messages have used up their deliveries (and the last lease has had time to end).
        long deadline = System.nanoTime() + GIVE_UP_AFTER.toNanos();
        while (System.nanoTime() < deadline
                && (deliveries(recorder, nacked, QUEUE) < MAX_DELIVERIES
                        || deliveries(recorder, expired, QUEUE) < MAX_DELIVERIES)) {
            Thread.sleep(200);
        }
        Thread.sleep((ACK_DEADLINE_SECONDS + 1) * 1000L + ScenarioContext.CLEANUP_INTERVAL.toMillis());
        running.set(false);
        for (Thread thread : threads) {
            thread.join();
        }
        new Drain(consumers, Duration.ofSeconds(60)).drain(List.of(QUEUE, DEAD_LETTERS));

        Scenario scenario = Scenario.of(deadlines).withDeadLetterQueue(QUEUE, DEAD_LETTERS);
        Report report = new HistoryChecker().check(recorder.history(scenario));
        List<String> failures = new ArrayList<>(ContractChecks.serverErrors(counts));
        for (String poison : List.of(nacked, expired)) {
            failures.addAll(poisonChecks(recorder, poison));
        }
        Set<String> normalDeadLetters = new TreeSet<>();
        for (var event : recorder.events()) {
            if (event instanceof Delivery delivery
                    && delivery.queueId().equals(DEAD_LETTERS)
                    && !delivery.token().equals(nacked)
                    && !delivery.token().equals(expired)) {
                normalDeadLetters.add(delivery.token());
            }
        }
        if (!normalDeadLetters.isEmpty()) {
            failures.add(normalDeadLetters.size() + " normal messages were dead-lettered, e.g. "
                    + normalDeadLetters.iterator().next());
        }
        return new ScenarioResult(
                name(),
                injected(),
                report,
                failures,
                "n/a",
                counts.summary(),
                "each poison message: " + MAX_DELIVERIES + " deliveries from " + QUEUE + ", then 1 copy in "
                        + DEAD_LETTERS);
    }

    /** A normal message is acked; the nacked poison is given back at once; the other one is held until it expires. */
    private static void consume(RecordingClient client, AtomicBoolean running) {
        try {
            while (running.get()) {
                List<Delivery> ack = new ArrayList<>();
                List<Delivery> nack = new ArrayList<>();
                for (Delivery delivery : client.receive(QUEUE, 10, 1)) {
                    if (delivery.token().contains("-poison-nacked-")) {
                        nack.add(delivery);
                    } else if (!delivery.token().contains("-poison-expired-")) {
                        ack.add(delivery);
                    }
                }
                client.nack(QUEUE, nack, 0);
                client.ack(QUEUE, ack);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static long deliveries(HistoryRecorder recorder, String token, String queueId) {
        return recorder.events().stream()
                .filter(event -> event instanceof Delivery delivery
                        && delivery.token().equals(token)
                        && delivery.queueId().equals(queueId))
                .count();
    }

    private static List<String> poisonChecks(HistoryRecorder recorder, String token) {
        List<Integer> attempts = new ArrayList<>();
        Set<String> deadLetterCopies = new TreeSet<>();
        for (var event : recorder.events()) {
            if (event instanceof Delivery delivery && delivery.token().equals(token)) {
                if (delivery.queueId().equals(QUEUE)) {
                    attempts.add(delivery.deliveryAttempts());
                } else if (delivery.queueId().equals(DEAD_LETTERS)) {
                    deadLetterCopies.add(delivery.messageId());
                }
            }
        }
        List<String> failures = new ArrayList<>();
        List<Integer> sorted = attempts.stream().sorted().toList();
        List<Integer> expected =
                IntStream.rangeClosed(1, MAX_DELIVERIES).boxed().toList();
        if (!sorted.equals(expected)) {
            failures.add(
                    token + " was delivered from " + QUEUE + " with attempts " + sorted + ", expected " + expected);
        }
        if (deadLetterCopies.size() != 1) {
            failures.add(token + " has " + deadLetterCopies.size() + " copies in " + DEAD_LETTERS + ", expected 1");
        }
        return failures;
    }
}
