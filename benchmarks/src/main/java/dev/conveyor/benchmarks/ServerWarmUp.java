package dev.conveyor.benchmarks;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Drives every measured path for a while before the first measurement. On these 2 cores the server's JIT
 * compiles for about a minute under load (over 12,000 methods: Jetty, Jersey, Jackson, JDBI, pgjdbc) and
 * takes most of a core meanwhile: measured cold, a 16-client publish ran at a third of its warm rate. A
 * server in production runs for days; the table is about that server, not about its first minute.
 */
final class ServerWarmUp {
    private static final String QUEUE = "warm-up";
    private static final String TOPIC = "warm-up-topic";

    private ServerWarmUp() {}

    static void run(ConveyorApi api, BenchDatabase database, Duration duration) throws Exception {
        if (duration.isZero()) {
            return;
        }
        System.out.printf("warming the server up for %d s%n", duration.toSeconds());
        api.createQueue(QUEUE);
        api.createTopic(TOPIC);
        api.subscribe("warm-up-subscription", TOPIC, QUEUE, "{\"status\": [\"paid\"]}");
        String one = ConveyorApi.messages(1);
        String hundred = ConveyorApi.messages(100);
        AtomicInteger clients = new AtomicInteger();
        // One client in four of each kind: single publishes, batches, topic publishes, and receive + ack (with
        // long polls), so every scenario's code is compiled before it is measured.
        LoadGenerator.run(16, Duration.ZERO, duration, Long.MAX_VALUE, () -> {
            int kind = clients.getAndIncrement() % 4;
            return () -> switch (kind) {
                case 0 -> {
                    api.publish(QUEUE, one);
                    yield 1;
                }
                case 1 -> {
                    api.publish(QUEUE, hundred);
                    yield 100;
                }
                case 2 -> {
                    api.publishToTopic(TOPIC, one);
                    yield 1;
                }
                default -> api.ack(QUEUE, api.receive(QUEUE, 10, 1));
            };
        });
        api.deleteTopic(TOPIC);
        api.deleteQueue(QUEUE);
        // The queue's rows are deleted with it: their dead tuples must not weigh on the measurements.
        database.execute("VACUUM ANALYZE messages");
    }
}
