package dev.conveyor.bootstrap;

import static dev.conveyor.bootstrap.Api.j;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.conveyor.application.fakes.MutableClock;
import dev.conveyor.postgres.testing.TestDatabase;
import io.dropwizard.testing.junit5.DropwizardAppExtension;
import io.dropwizard.testing.junit5.DropwizardExtensionsSupport;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * FIFO delivery under concurrency: 8 consumers on 2 server instances over one database take 20,000 messages in
 * 100 groups, acking most, nacking some, letting some leases run out, one of them dying with its leases held.
 * From what the consumers saw, per group: never two messages leased at once, each delivery after every earlier
 * message of its group was acked, and every message acked in the end. The servers' clock follows real time
 * (ticked by the test), so leases run out by themselves.
 */
@ExtendWith(DropwizardExtensionsSupport.class)
class FifoConcurrencyTest {
    static final TestDatabase DB = TestDatabase.create();
    static final MutableClock CLOCK = ConveyorTestApp.clock();
    static final DropwizardAppExtension<ConveyorConfiguration> APP_A = ConveyorTestApp.extension(DB, CLOCK);
    static final DropwizardAppExtension<ConveyorConfiguration> APP_B = ConveyorTestApp.extension(DB, CLOCK);
    static final Api ON_A = new Api(APP_A);
    static final Api ON_B = new Api(APP_B);

    static final int GROUPS = 100;
    static final int MESSAGES = 20_000;
    static final int CONSUMERS = 8;
    static final int ACK_DEADLINE_SECONDS = 1;
    static final String QUEUE = "fifo-load";

    @AfterAll
    static void dropDatabase() {
        DB.close();
    }

    /**
     * One delivery as a consumer saw it. The lease was taken between {@code requested} and {@code answered} (the
     * clock's readings before the receive was sent and after its answer came back); {@code leaseStart} is the
     * server's time as the receive began, which decided whether other leases had ended by then.
     */
    record Delivery(
            String id,
            String group,
            long sequence,
            long receive,
            Instant requested,
            Instant leaseStart,
            Instant leaseEnd,
            Instant answered,
            int position) {}

    /** When a consumer sent a settling request (ack or nack) for a delivery that it settled. */
    final Map<Delivery, Instant> settledFrom = new ConcurrentHashMap<>();

    final Map<String, Instant> ackedFrom = new ConcurrentHashMap<>();
    final List<Delivery> deliveries = new CopyOnWriteArrayList<>();

    @Test
    void groupsAreDeliveredInOrderOneLeaseAtATimeAndNothingIsLost() throws Exception {
        ON_A.createQueue(QUEUE, j("'fifo': true, 'ack_deadline_seconds': %d", ACK_DEADLINE_SECONDS));
        Map<String, Published> published = publishAll();

        AtomicBoolean stop = new AtomicBoolean();
        ExecutorService pool = Executors.newFixedThreadPool(CONSUMERS + 1);
        try {
            Future<?> ticker = pool.submit(() -> tick(stop));
            List<Future<?>> consumers = new ArrayList<>();
            for (int c = 0; c < CONSUMERS; c++) {
                Api api = c % 2 == 0 ? ON_A : ON_B;
                boolean dies = c == CONSUMERS - 1;
                int consumer = c;
                consumers.add(pool.submit(() -> consume(api, consumer, dies, stop)));
            }
            long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(3);
            while (ackedFrom.size() < MESSAGES && System.nanoTime() < deadline) {
                Thread.sleep(100);
            }
            stop.set(true);
            for (Future<?> consumer : consumers) {
                consumer.get(30, TimeUnit.SECONDS);
            }
            ticker.get(5, TimeUnit.SECONDS);
        } finally {
            stop.set(true);
            pool.shutdownNow();
        }

        assertThat(ackedFrom.keySet())
                .as("every message acked")
                .containsExactlyInAnyOrderElementsOf(published.keySet());
        assertThat(ON_A.total(QUEUE)).isZero();
        assertThat(violations(published)).isEmpty();
        assertThat(deliveries.size())
                .as("some messages were delivered more than once")
                .isGreaterThan(MESSAGES);
    }

    /** A message as its publish answered: its group and sequence number. */
    record Published(String group, long sequence) {}

    /** Publishes every message, 100 a request from two threads (one per instance), groups interleaved. */
    private static Map<String, Published> publishAll() throws Exception {
        Map<String, Published> sequenceOf = new ConcurrentHashMap<>();
        ExecutorService publishers = Executors.newFixedThreadPool(2);
        try {
            List<Future<?>> done = new ArrayList<>();
            for (int p = 0; p < 2; p++) {
                Api api = p == 0 ? ON_A : ON_B;
                int publisher = p;
                done.add(publishers.submit(() -> {
                    for (int batch = publisher; batch < MESSAGES / 100; batch += 2) {
                        List<String> messages = new ArrayList<>();
                        for (int i = 0; i < 100; i++) {
                            int n = batch * 100 + i;
                            messages.add(j("{'body': %d, 'group_id': 'g%d'}", n, n % GROUPS));
                        }
                        JsonNode published = api.publish(QUEUE, "[" + String.join(",", messages) + "]");
                        for (int i = 0; i < published.size(); i++) {
                            JsonNode m = published.get(i);
                            sequenceOf.put(
                                    m.get("id").asText(),
                                    new Published(
                                            "g" + ((batch * 100 + i) % GROUPS),
                                            m.get("sequence_number").asLong()));
                        }
                    }
                    return null;
                }));
            }
            for (Future<?> f : done) {
                f.get(2, TimeUnit.MINUTES);
            }
        } finally {
            publishers.shutdownNow();
        }
        return sequenceOf;
    }

    /** Moves the servers' clock along with real time, so that leases run out. */
    private static void tick(AtomicBoolean stop) {
        long start = System.nanoTime();
        Instant from = CLOCK.instant();
        while (!stop.get()) {
            CLOCK.set(from.plusNanos((System.nanoTime() - start) / 1000 * 1000));
            try {
                Thread.sleep(5);
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    private void consume(Api api, int consumer, boolean dies, AtomicBoolean stop) {
        long receives = 0;
        while (!stop.get()) {
            int max = ThreadLocalRandom.current().nextInt(1, 11);
            Instant before = CLOCK.instant();
            JsonNode received = api.receive(QUEUE, j("{'max_messages': %d, 'wait_seconds': 1}", max));
            Instant answered = CLOCK.instant();
            long receive = consumer * 1_000_000L + receives++;
            List<Delivery> batch = new ArrayList<>();
            for (int i = 0; i < received.size(); i++) {
                JsonNode m = received.get(i);
                Instant leaseEnd = Api.timestamp(m.get("lease_expires_at"));
                Delivery delivery = new Delivery(
                        m.get("id").asText(),
                        m.get("group_id").asText(),
                        m.get("sequence_number").asLong(),
                        receive,
                        before,
                        leaseEnd.minusSeconds(ACK_DEADLINE_SECONDS),
                        leaseEnd,
                        answered,
                        i);
                assertThat(delivery.leaseStart()).isAfterOrEqualTo(before);
                deliveries.add(delivery);
                batch.add(delivery);
            }
            if (dies && receives == 20) {
                return; // dies holding its leases: they run out, and others get the messages
            }
            for (int i = 0; i < batch.size(); i++) {
                Delivery delivery = batch.get(i);
                String receipt = received.get(i).get("receipt").asText();
                int dice = ThreadLocalRandom.current().nextInt(100);
                if (dice < 2) {
                    // Forgotten: the lease runs out, and with it (in order) the rest of the batch.
                    break;
                }
                Instant sent = CLOCK.instant();
                if (dice < 7) {
                    JsonNode outcome = api.post(
                                    "/v1/queues/" + QUEUE + "/nack",
                                    j("{'receipts': ['%s'], 'delay_seconds': 0}", receipt))
                            .expect(200);
                    if (outcome.get("succeeded").size() == 1) {
                        settledFrom.put(delivery, sent);
                    }
                    break; // the rest of the batch comes after it: it is released with its lease
                }
                JsonNode outcome = api.ack(QUEUE, receipt);
                if (outcome.get("succeeded").size() == 1) {
                    settledFrom.put(delivery, sent);
                    ackedFrom.putIfAbsent(delivery.id(), sent);
                }
            }
        }
    }

    /** Every broken rule in what the consumers saw. */
    private List<String> violations(Map<String, Published> published) {
        List<String> found = new ArrayList<>();
        Map<String, List<Map.Entry<String, Published>>> messagesOf = new HashMap<>();
        published
                .entrySet()
                .forEach(e -> messagesOf
                        .computeIfAbsent(e.getValue().group(), g -> new ArrayList<>())
                        .add(e));
        messagesOf
                .values()
                .forEach(list ->
                        list.sort(Map.Entry.comparingByValue((a, b) -> Long.compare(a.sequence(), b.sequence()))));
        Map<String, List<Delivery>> byGroup = new HashMap<>();
        deliveries.forEach(
                d -> byGroup.computeIfAbsent(d.group(), g -> new ArrayList<>()).add(d));
        for (List<Delivery> group : byGroup.values()) {
            Collections.sort(group, (a, b) -> a.leaseStart().compareTo(b.leaseStart()));
            for (int i = 0; i < group.size(); i++) {
                Delivery later = group.get(i);
                for (Delivery earlier : group) {
                    if (earlier.receive() == later.receive()) {
                        continue; // one receive may take several of a group
                    }
                    // Two leases at once for certain: the later receive was sent after the earlier lease was
                    // answered, was answered before that lease could have been settled, and began before that
                    // lease's end (the server's time deciding whether it had ended).
                    // The clock ticks every few milliseconds: equal readings tell nothing, so they count for neither.
                    Instant settleSent = settledFrom.get(earlier);
                    boolean held = settleSent == null || later.answered().isBefore(settleSent);
                    if (later.requested().isAfter(earlier.answered())
                            && held
                            && later.leaseStart().isBefore(earlier.leaseEnd())) {
                        found.add("two leases at once in group " + later.group() + ": " + earlier + " and " + later);
                    }
                }
                // Every lower-numbered message of the group was acked before this delivery, or came in its receive.
                Set<String> sameReceive = new HashSet<>();
                group.stream()
                        .filter(d -> d.receive() == later.receive() && d.position() < later.position())
                        .forEach(d -> sameReceive.add(d.id()));
                for (Map.Entry<String, Published> other : messagesOf.get(later.group())) {
                    if (other.getValue().sequence() >= later.sequence()) {
                        break;
                    }
                    if (!sameReceive.contains(other.getKey())) {
                        // Acked before this delivery: at least asked for before its answer came back.
                        Instant acked = ackedFrom.get(other.getKey());
                        if (acked == null || acked.isAfter(later.answered())) {
                            found.add("out of order in group " + later.group() + ": " + later + " before "
                                    + other.getKey() + " was acked");
                            break;
                        }
                    }
                }
            }
        }
        if (!found.isEmpty()) {
            // The history of the first group in trouble, to tell what happened.
            String group = found.get(0).replaceAll(".*group (g[0-9]+).*", "$1");
            long near = Long.parseLong(found.get(0).replaceAll(".*?sequence=([0-9]+).*", "$1"));
            byGroup.get(group).stream()
                    .filter(d -> Math.abs(d.sequence() - near) <= 500)
                    .sorted((a, b) -> Long.compare(a.sequence(), b.sequence()))
                    .forEach(d -> found.add(
                            "  " + d + " settle sent " + settledFrom.get(d) + " acked " + ackedFrom.get(d.id())));
        }
        return found.size() > 60 ? found.subList(0, 60) : found;
    }
}
