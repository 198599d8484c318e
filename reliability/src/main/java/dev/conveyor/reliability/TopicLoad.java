package dev.conveyor.reliability;

import dev.conveyor.reliability.history.Delivery;
import dev.conveyor.reliability.history.HistoryRecorder;
import dev.conveyor.reliability.history.Scenario;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BooleanSupplier;

/**
 * The load of the baseline and of the faults injected under it: a topic fanning out to three queues through
 * filtered subscriptions (kind a, kind b, everything), publishers sending single messages and batches of kinds a,
 * b and c (c reaches only the unfiltered queue), and consumers that ack most messages, nack some, extend a few
 * before acking them and let others' leases run out. Publishers and consumers are spread over the instances.
 */
final class TopicLoad {
    static final String TOPIC = "events";
    static final String QUEUE_A = "kind-a";
    static final String QUEUE_B = "kind-b";
    static final String QUEUE_ALL = "everything";
    static final List<String> QUEUES = List.of(QUEUE_A, QUEUE_B, QUEUE_ALL);
    /** Short, so that unsettled leases end, and redeliveries happen, many times in a run. */
    static final int ACK_DEADLINE_SECONDS = 2;

    final HistoryRecorder recorder = new HistoryRecorder();
    final CallCounts counts = new CallCounts();
    final Map<String, Duration> ackDeadlines = new HashMap<>();
    private final Cluster cluster;
    private final Tokens tokens;
    private final AtomicBoolean running = new AtomicBoolean(true);

    TopicLoad(Cluster cluster, Tokens tokens) {
        this.cluster = cluster;
        this.tokens = tokens;
        QUEUES.forEach(queue -> ackDeadlines.put(queue, Duration.ofSeconds(ACK_DEADLINE_SECONDS)));
    }

    void setUp() {
        Setup setup = new Setup(cluster.instance(0).baseUri);
        setup.topic(TOPIC);
        for (String queue : QUEUES) {
            setup.queue(queue, Json.object().put("ack_deadline_seconds", ACK_DEADLINE_SECONDS));
        }
        setup.subscription("to-a", TOPIC, QUEUE_A, List.of("a"));
        setup.subscription("to-b", TOPIC, QUEUE_B, List.of("b"));
        setup.subscription("to-all", TOPIC, QUEUE_ALL, null);
    }

    Scenario scenario() {
        return Scenario.of(ackDeadlines);
    }

    /** Runs {@code publishers} and {@code consumers} for {@code duration}, then stops them and waits for them. */
    void run(int publishers, int consumers, Duration duration) throws InterruptedException {
        run(publishers, consumers, duration, () -> true, duration);
    }

    /**
     * Runs the load for at least {@code minimum}, then until {@code enough} says so, but never beyond {@code maximum}.
     */
    void run(int publishers, int consumers, Duration minimum, BooleanSupplier enough, Duration maximum)
            throws InterruptedException {
        List<Thread> threads = new ArrayList<>();
        for (int i = 0; i < publishers; i++) {
            RecordingClient client = client("publisher-" + (i + 1), i);
            threads.add(new Thread(() -> publish(client), client.name));
        }
        for (int i = 0; i < consumers; i++) {
            String queue = QUEUES.get(i % QUEUES.size());
            // Each queue's consumers sit on different instances.
            RecordingClient client = client("consumer-" + (i + 1) + "-" + queue, i + i / QUEUES.size());
            threads.add(new Thread(() -> consume(client, queue), client.name));
        }
        threads.forEach(Thread::start);
        long started = System.nanoTime();
        Thread.sleep(minimum.toMillis());
        while (!enough.getAsBoolean() && System.nanoTime() - started < maximum.toNanos()) {
            Thread.sleep(200);
        }
        running.set(false);
        for (Thread thread : threads) {
            thread.join();
        }
    }

    /** Receives and acks what is left, through every instance. */
    void drain() throws InterruptedException {
        List<RecordingClient> drainers = new ArrayList<>();
        for (int i = 0; i < cluster.size(); i++) {
            drainers.add(client("drain-" + (i + 1), i));
        }
        new Drain(drainers, Duration.ofSeconds(60)).drain(QUEUES);
    }

    RecordingClient client(String name, int instance) {
        return new RecordingClient(name, cluster.instance(instance).baseUri, recorder, ackDeadlines, counts);
    }

    private void publish(RecordingClient client) {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        try {
            while (running.get()) {
                String kind = List.of("a", "b", "c").get(random.nextInt(3));
                Set<String> reaches = switch (kind) {
                    case "a" -> Set.of(QUEUE_A, QUEUE_ALL);
                    case "b" -> Set.of(QUEUE_B, QUEUE_ALL);
                    default -> Set.of(QUEUE_ALL);
                };
                boolean batch = random.nextBoolean();
                int size = batch ? 2 + random.nextInt(9) : 1;
                List<String> batchTokens = new ArrayList<>();
                for (int i = 0; i < size; i++) {
                    batchTokens.add(tokens.next(kind));
                }
                client.publish("/v1/topics/" + TOPIC + "/messages", batchTokens, Map.of("kind", kind), reaches, batch);
                Thread.sleep(50 + random.nextInt(100));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void consume(RecordingClient client, String queue) {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        try {
            while (running.get()) {
                long started = System.nanoTime();
                List<Delivery> deliveries = client.receive(queue, 10, 1);
                if (deliveries.isEmpty()) {
                    // An instance that is down answers at once: do not spin on it.
                    if (System.nanoTime() - started < 100_000_000L) {
                        Thread.sleep(200);
                    }
                    continue;
                }
                List<Delivery> ack = new ArrayList<>();
                List<Delivery> nack = new ArrayList<>();
                List<Delivery> extend = new ArrayList<>();
                for (Delivery delivery : deliveries) {
                    int roll = random.nextInt(100);
                    if (roll < 75) {
                        ack.add(delivery);
                    } else if (roll < 85) {
                        nack.add(delivery);
                    } else if (roll < 92) {
                        extend.add(delivery);
                    }
                    // The rest are left unsettled: their leases run out and they come back.
                }
                client.nack(queue, nack, 0);
                client.extend(queue, extend, 3);
                // Some work before the acks, so that the extends matter.
                Thread.sleep(random.nextInt(50));
                ack.addAll(extend);
                client.ack(queue, ack);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
