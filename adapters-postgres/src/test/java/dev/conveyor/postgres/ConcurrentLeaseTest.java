package dev.conveyor.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import dev.conveyor.application.UuidV7Generator;
import dev.conveyor.application.port.MessageStore.Envelope;
import dev.conveyor.domain.Delivery;
import dev.conveyor.domain.NewMessage;
import dev.conveyor.domain.Queue;
import dev.conveyor.domain.QueueSettings;
import dev.conveyor.postgres.testing.TestDatabase;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class ConcurrentLeaseTest {
    private static final int MESSAGES = 500;
    private static final int THREADS = 8;
    private static final String QUEUE = "contended";
    private static final Instant NOW = Instant.parse("2031-05-06T07:08:09.123456Z");

    private static TestDatabase db;

    @BeforeAll
    static void startDatabase() {
        db = TestDatabase.create();
    }

    @AfterAll
    static void dropDatabase() {
        db.close();
    }

    @Test
    void concurrentReceiversLeaseEveryMessageExactlyOnce() throws Exception {
        JdbiSession session = new JdbiSession(db.jdbi());
        JdbiMessageStore store = new JdbiMessageStore(session);
        new JdbiQueueRepository(session).create(new Queue(QUEUE, QueueSettings.defaults(), NOW, NOW));
        UuidV7Generator ids = new UuidV7Generator(Clock.systemUTC());
        List<Envelope> envelopes = new ArrayList<>();
        Set<UUID> published = new HashSet<>();
        for (int i = 0; i < MESSAGES; i++) {
            UUID id = ids.next();
            published.add(id);
            envelopes.add(new Envelope(QUEUE, id, new NewMessage("{\"n\": " + i + "}", Map.of(), null, null), NOW));
        }
        store.append(NOW, envelopes);

        ConcurrentLinkedQueue<UUID> leased = new ConcurrentLinkedQueue<>();
        CyclicBarrier start = new CyclicBarrier(THREADS);
        ExecutorService pool = Executors.newFixedThreadPool(THREADS);
        try {
            List<Future<Integer>> receivers = new ArrayList<>();
            for (int t = 0; t < THREADS; t++) {
                receivers.add(pool.submit(() -> {
                    start.await(10, TimeUnit.SECONDS);
                    int rounds = 0;
                    while (true) {
                        List<Delivery> batch =
                                store.lease(QUEUE, null, 10, NOW, NOW.plus(Duration.ofSeconds(30)), Instant.EPOCH);
                        if (batch.isEmpty()) {
                            return rounds;
                        }
                        batch.forEach(d -> leased.add(d.message().id()));
                        rounds++;
                    }
                }));
            }
            for (Future<Integer> receiver : receivers) {
                receiver.get(60, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
        }

        List<UUID> all = new ArrayList<>(leased);
        assertThat(all).doesNotHaveDuplicates().hasSize(MESSAGES);
        assertThat(new HashSet<>(all)).isEqualTo(published);
        long deliveredOnce = db.jdbi()
                .withHandle(h -> h.createQuery(
                                "SELECT count(*) FROM messages WHERE queue_id = :q AND delivery_attempts = 1 AND lease_id IS NOT NULL")
                        .bind("q", QUEUE)
                        .mapTo(Long.class)
                        .one());
        assertThat(deliveredOnce).isEqualTo(MESSAGES);
    }
}
