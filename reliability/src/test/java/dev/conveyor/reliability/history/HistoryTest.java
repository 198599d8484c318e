package dev.conveyor.reliability.history;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class HistoryTest {
    private static final Duration THIRTY_SECONDS = Duration.ofSeconds(30);

    @Test
    void followsTheDeadLetterChainOfAQueue() {
        Scenario scenario = Scenario.of(Map.of("q", THIRTY_SECONDS, "dlq", THIRTY_SECONDS, "last", THIRTY_SECONDS))
                .withDeadLetterQueue("q", "dlq")
                .withDeadLetterQueue("dlq", "last");

        assertThat(scenario.deadLetterChain("q")).containsExactly("q", "dlq", "last");
        assertThat(scenario.deadLetterChain("last")).containsExactly("last");
    }

    @Test
    void refusesDeadLetterQueuesInALoop() {
        Scenario scenario = Scenario.of(Map.of()).withDeadLetterQueue("a", "b").withDeadLetterQueue("b", "c");

        assertThatThrownBy(() -> scenario.withDeadLetterQueue("c", "a"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("loop");
        assertThatThrownBy(() -> scenario.withDeadLetterQueue("d", "d")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void refusesALeaseOfNoLength() {
        assertThatThrownBy(() -> Scenario.of(Map.of("q", Duration.ZERO))).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void refusesATokenPublishedTwice() {
        HistoryBuilder history =
                new HistoryBuilder().queue("q", 30).published(0, "t1", "q").published(1, "t1", "q");

        assertThatThrownBy(history::build)
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("token t1 is published twice");
    }

    @Test
    void refusesAReceiptCarriedByTwoDeliveries() {
        HistoryBuilder history = new HistoryBuilder().queue("q", 30).published(0, "t1", "q");
        Delivery first = history.deliver("q", "t1", 1, 1);
        history.add(new Delivery("r9", "c", 0, 0, "q", "t1", first.messageId(), first.receipt(), 2, Instant.EPOCH));

        assertThatThrownBy(history::build)
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("names two deliveries");
    }

    @Test
    void refusesASettleOfAReceiptNoDeliveryCarries() {
        HistoryBuilder unknown = new HistoryBuilder()
                .queue("q", 30)
                .add(new Settle("a1", "c", 0, 0, "q", "nobody's", Settle.Kind.ACK, Settle.Result.REFUSED, null));
        HistoryBuilder otherQueue =
                new HistoryBuilder().queues(30, "q", "other").published(0, "t1", "q");
        Delivery delivery = otherQueue.deliver("q", "t1", 1, 1);
        otherQueue.add(
                new Settle("a1", "c", 0, 0, "other", delivery.receipt(), Settle.Kind.ACK, Settle.Result.REFUSED, null));

        assertThatThrownBy(unknown::build).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(otherQueue::build)
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("no recorded delivery carries");
    }

    @Test
    void refusesADeliveryFromAQueueOfUnknownAckDeadline() {
        List<Event> events = List.of(new Delivery("r1", "c", 0, 0, "q", "t1", "m1", "receipt-1", 1, Instant.EPOCH));

        assertThatThrownBy(() -> new History(Scenario.of(Map.of()), events))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("no ack deadline for queue q");
    }

    @Test
    void recordsEveryEventOfManyClientThreads() throws Exception {
        HistoryRecorder recorder = new HistoryRecorder();
        ExecutorService clients = Executors.newFixedThreadPool(4);
        List<Future<?>> running = new ArrayList<>();
        for (int client = 0; client < 4; client++) {
            String name = "client-" + client;
            running.add(clients.submit(() -> {
                for (int i = 0; i < 500; i++) {
                    long now = System.nanoTime();
                    recorder.record(new Publish(
                            name + "-" + i,
                            name,
                            now,
                            now,
                            List.of(name + "-token-" + i),
                            Set.of("q"),
                            Publish.Outcome.OK));
                }
            }));
        }
        for (Future<?> client : running) {
            client.get(30, TimeUnit.SECONDS);
        }
        clients.shutdown();

        History history = recorder.history(Scenario.of(Map.of("q", THIRTY_SECONDS)));

        assertThat(history.publishes()).hasSize(2000);
        assertThat(new HistoryChecker().check(history).lost()).isEqualTo(2000);
    }
}
