package dev.conveyor.bootstrap;

import static dev.conveyor.bootstrap.Api.j;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.conveyor.application.fakes.MutableClock;
import dev.conveyor.postgres.testing.TestDatabase;
import io.dropwizard.testing.junit5.DropwizardAppExtension;
import io.dropwizard.testing.junit5.DropwizardExtensionsSupport;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Fair queues through /v1 (issue 17): on a standard queue, a message's {@code group_id} names its tenant, and
 * receives spread deliveries across groups so that one noisy group cannot starve the quiet ones, as on Amazon SQS
 * fair queues. Unlike FIFO, a group never blocks: several of its messages may be leased at once. Ungrouped
 * messages take part too, neither starved nor starving. The assertions leave the exact shares to the
 * implementation: they ask only that a quiet group is served within the first receives and that groups take
 * turns. Redelivery, delays, dead letters, redrive and label receives must keep working on grouped messages.
 * Time moves only when the test moves CLOCK.
 */
@ExtendWith(DropwizardExtensionsSupport.class)
class FairQueueApiTest {
    static final TestDatabase DB = TestDatabase.create();
    static final MutableClock CLOCK = ConveyorTestApp.clock();
    static final DropwizardAppExtension<ConveyorConfiguration> APP = ConveyorTestApp.extension(DB, CLOCK);
    static final Api API = new Api(APP);

    @AfterAll
    static void dropDatabase() {
        DB.close();
    }

    /** Publishes {@code count} messages of {@code group} (none when null), in batches of 100; answers their ids. */
    private static List<String> publish(String queue, String group, int count) {
        List<String> ids = new ArrayList<>();
        for (int start = 0; start < count; start += 100) {
            List<String> messages = new ArrayList<>();
            for (int i = start; i < Math.min(count, start + 100); i++) {
                messages.add(group == null ? j("{'body': %d}", i) : j("{'body': %d, 'group_id': '%s'}", i, group));
            }
            API.publish(queue, "[" + String.join(",", messages) + "]")
                    .forEach(m -> ids.add(m.get("id").asText()));
        }
        return ids;
    }

    /** The group of each message received, null for an ungrouped one. */
    private static List<String> groups(JsonNode messages) {
        List<String> out = new ArrayList<>();
        messages.forEach(
                m -> out.add(m.hasNonNull("group_id") ? m.get("group_id").asText() : null));
        return out;
    }

    private static List<String> ids(JsonNode messages) {
        List<String> out = new ArrayList<>();
        messages.forEach(m -> out.add(m.get("id").asText()));
        return out;
    }

    /** The ids of the messages of two receives of 10, none acked: what a consumer sees first. */
    private static List<String> firstTwoReceives(String queue) {
        List<String> out = new ArrayList<>();
        for (int i = 0; i < 2; i++) {
            out.addAll(ids(API.receive(queue, 10)));
        }
        return out;
    }

    /**
     * Publishes {@code backlog} messages of {@code noisy}, then {@code late} of {@code quiet} (null: ungrouped), and
     * asserts the late ones come within the first two receives, where oldest-first would give only the backlog.
     */
    private static void lateOnesServedFirstTime(String queue, String noisy, int backlog, String quiet, int late) {
        API.createQueue(queue);
        publish(queue, noisy, backlog);
        List<String> lateIds = publish(queue, quiet, late);

        assertThat(firstTwoReceives(queue))
                .as("%d %s came first", backlog, noisy == null ? "ungrouped" : "of " + noisy)
                .containsAll(lateIds);
    }

    /** Asserts the messages are the one with this id, still in its group. */
    private static void assertOnly(JsonNode messages, String id, String group) {
        assertThat(ids(messages)).containsExactly(id);
        assertThat(groups(messages)).containsExactly(group);
    }

    private static String receipt(JsonNode message) {
        return message.get("receipt").asText();
    }

    private static void nack(String queue, String receipt, String delay) {
        API.post("/v1/queues/" + queue + "/nack", j("{'receipts': ['%s'], 'delay_seconds': %s}", receipt, delay))
                .expect(200);
    }

    // ---- fairness

    @Test
    void quietGroupsAreServedWithinTheFirstReceivesDespiteANoisyOne() {
        API.createQueue("fair-noisy");
        publish("fair-noisy", "noisy", 500);
        List<String> quiet = new ArrayList<>(publish("fair-noisy", "quiet-1", 3));
        quiet.addAll(publish("fair-noisy", "quiet-2", 3));

        List<String> received = firstTwoReceives("fair-noisy");

        assertThat(received).as("the 500 noisy ones came first").containsAll(quiet);
        assertThat(received).doesNotHaveDuplicates();
        // The noisy group is not shut out either: it fills what the quiet ones leave.
        assertThat(received).as("every receive full while 500 wait").hasSize(20);
    }

    @Test
    void groupsTakeTurnsTheLeastRecentlyServedFirst() {
        API.createQueue("fair-turns");
        publish("fair-turns", "a", 5);
        publish("fair-turns", "b", 5);

        List<String> served = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            served.addAll(groups(API.receive("fair-turns", 1)));
        }

        // The clock stands still: turns follow who was served, not time passing.
        assertThat(served).hasSize(4).doesNotContainNull();
        assertThat(served).as("a,b,a,b or b,a,b,a").isIn(List.of("a", "b", "a", "b"), List.of("b", "a", "b", "a"));
    }

    @Test
    void aGroupIsServedDespiteManyUngroupedMessagesBeforeIt() {
        lateOnesServedFirstTime("fair-ungrouped-first", null, 200, "g", 2);
    }

    @Test
    void ungroupedMessagesAreServedDespiteANoisyGroupBeforeThem() {
        lateOnesServedFirstTime("fair-grouped-first", "noisy", 200, null, 3);
    }

    // ---- a group does not block, unlike FIFO

    @Test
    void aGroupOnAStandardQueueHasSeveralMessagesLeasedAtOnce() {
        API.createQueue("fair-unblocked");
        publish("fair-unblocked", "a", 3);

        JsonNode first = API.receive("fair-unblocked", 1);
        JsonNode second = API.receive("fair-unblocked", 1);

        assertThat(groups(first)).containsExactly("a");
        assertThat(groups(second)).containsExactly("a");
        assertThat(ids(second)).doesNotContainAnyElementsOf(ids(first));

        API.createQueue("fair-unblocked-all");
        List<String> all = publish("fair-unblocked-all", "a", 3);
        assertThat(ids(API.receive("fair-unblocked-all", 10))).containsExactlyInAnyOrderElementsOf(all);
    }

    // ---- redelivery, delays

    @Test
    void aNackedGroupedMessageIsReceivedAgain() {
        API.createQueue("fair-nacked");
        String id = publish("fair-nacked", "g", 1).get(0);
        JsonNode first = API.receive("fair-nacked", 1);
        assertThat(ids(first)).containsExactly(id);

        nack("fair-nacked", receipt(first.get(0)), "0");

        JsonNode again = API.receive("fair-nacked", 1);
        assertOnly(again, id, "g");
    }

    @Test
    void aGroupedMessageWhoseLeaseEndsIsReceivedAgain() {
        API.createQueue("fair-expiring", "'ack_deadline_seconds': 5");
        String id = publish("fair-expiring", "g", 1).get(0);
        assertThat(ids(API.receive("fair-expiring", 1))).containsExactly(id);
        assertThat(API.receive("fair-expiring", 1)).as("leased").isEmpty();

        CLOCK.advance(Duration.ofSeconds(6));

        JsonNode again = API.receive("fair-expiring", 1);
        assertThat(ids(again)).containsExactly(id);
        assertThat(again.get(0).get("delivery_attempts").asInt()).isEqualTo(2);
    }

    @Test
    void aGroupedMessageWithItsOwnDelayWaitsForIt() {
        API.createQueue("fair-delayed");
        API.publish("fair-delayed", "{\"body\": 1, \"group_id\": \"g\", \"delay_seconds\": 30}");

        assertThat(API.receive("fair-delayed", 10)).isEmpty();
        CLOCK.advance(Duration.ofSeconds(31));

        assertThat(groups(API.receive("fair-delayed", 10))).containsExactly("g");
    }

    // ---- dead letters and redrive

    @Test
    void aNackedGroupedMessageIsDeadLetteredWithItsGroupAndRedrivenBack() {
        API.createQueue("fair-dlq");
        API.createQueue("fair-work", "'max_deliveries': 1, 'dead_letter_queue_id': 'fair-dlq'");
        String id = publish("fair-work", "g", 1).get(0);
        nack("fair-work", receipt(API.receive("fair-work", 1).get(0)), "null");

        assertThat(API.total("fair-work")).isZero();
        assertThat(groups(API.browse("fair-dlq"))).containsExactly("g");
        JsonNode dead = API.receive("fair-dlq", 10);
        assertOnly(dead, id, "g");
        // Released, so the redrive takes it (a leased message stays where it is).
        nack("fair-dlq", receipt(dead.get(0)), "0");

        API.post("/v1/queues/fair-dlq/redrive", "{\"destination_queue_id\": \"fair-work\"}")
                .expect(200);

        JsonNode back = API.receive("fair-work", 10);
        assertOnly(back, id, "g");
    }

    @Test
    void aGroupedMessageWhoseLastLeaseEndsIsDeadLetteredWithItsGroup() {
        API.createQueue("fair-expired-dlq");
        API.createQueue(
                "fair-expired",
                "'max_deliveries': 1, 'dead_letter_queue_id': 'fair-expired-dlq', 'ack_deadline_seconds': 5");
        String id = publish("fair-expired", "g", 1).get(0);
        API.receive("fair-expired", 1);
        CLOCK.advance(Duration.ofSeconds(6));

        assertThat(API.receive("fair-expired", 10)).isEmpty();

        JsonNode dead = API.receive("fair-expired-dlq", 10);
        assertOnly(dead, id, "g");
    }

    // ---- labels

    @Test
    void aReceiveByLabelGetsTheLabelledMessagesWhateverTheirGroup() {
        API.createQueue("fair-labels");
        publish("fair-labels", "noisy", 50);
        List<String> published = ids(API.publish(
                "fair-labels",
                "[{\"body\": 1, \"group_id\": \"noisy\", \"label\": \"red\"},"
                        + " {\"body\": 2, \"group_id\": \"quiet\", \"label\": \"red\"},"
                        + " {\"body\": 3, \"label\": \"red\"}, {\"body\": 4, \"group_id\": \"quiet\"}]"));
        List<String> red = published.subList(0, 3);

        JsonNode received = API.receive("fair-labels", "{\"max_messages\": 10, \"label\": \"red\"}");

        assertThat(ids(received)).containsExactlyInAnyOrderElementsOf(red);
        received.forEach(m -> assertThat(m.get("label").asText()).isEqualTo("red"));
    }

    // ---- concurrency

    @Test
    void concurrentConsumersReceiveEveryMessageExactlyOnce() throws Exception {
        String queue = "fair-concurrent";
        API.createQueue(queue);
        Set<String> published = ConcurrentHashMap.newKeySet();
        for (int g = 0; g < 20; g++) {
            published.addAll(publish(queue, "tenant-" + g, 100));
        }
        published.addAll(publish(queue, null, 100));
        assertThat(published).hasSize(2100);

        // The clock stands still, so no lease ends: a message delivered twice was leased twice at once.
        List<String> delivered = new CopyOnWriteArrayList<>();
        Map<String, Integer> attempts = new ConcurrentHashMap<>();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        ExecutorService consumers = Executors.newFixedThreadPool(4);
        try {
            List<Future<?>> running = new ArrayList<>();
            for (int c = 0; c < 4; c++) {
                running.add(consumers.submit(() -> {
                    while (delivered.size() < published.size() && System.nanoTime() < deadline) {
                        JsonNode batch = API.receive(queue, 10);
                        List<String> receipts = new ArrayList<>();
                        for (JsonNode m : batch) {
                            delivered.add(m.get("id").asText());
                            attempts.put(
                                    m.get("id").asText(),
                                    m.get("delivery_attempts").asInt());
                            receipts.add(receipt(m));
                        }
                        if (!receipts.isEmpty()) {
                            JsonNode acked = API.ack(queue, receipts.toArray(String[]::new));
                            assertThat(acked.get("failed")).isEmpty();
                        }
                    }
                    return null;
                }));
            }
            for (Future<?> consumer : running) {
                consumer.get(30, TimeUnit.SECONDS);
            }
        } finally {
            consumers.shutdownNow();
        }

        assertThat(delivered).doesNotHaveDuplicates();
        assertThat(delivered).containsExactlyInAnyOrderElementsOf(published);
        assertThat(attempts.values()).containsOnly(1);
        JsonNode stats = API.stats(queue);
        assertThat(stats.get("total").asLong()).isZero();
        assertThat(stats.get("in_flight").asLong()).isZero();
    }
}
