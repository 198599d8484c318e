package dev.conveyor.reliability;

import com.fasterxml.jackson.databind.JsonNode;
import dev.conveyor.reliability.history.Delivery;
import dev.conveyor.reliability.history.HistoryRecorder;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * After the load: receives everything left in every queue and acks it, recording the deliveries like any other.
 * A queue is done after several empty receives in a row once its stats say it holds nothing; messages whose leases
 * still run or that wait to be dead-lettered come back meanwhile. A message that never comes back within the time
 * allowed is what the checker then reports as lost.
 */
final class Drain {
    private static final int EMPTY_RECEIVES_IN_A_ROW = 3;

    private final List<RecordingClient> clients;
    private final Duration within;

    /** @param clients one per instance, taken in turn, so that every instance serves part of the drain */
    Drain(List<RecordingClient> clients, Duration within) {
        this.clients = List.copyOf(clients);
        this.within = within;
    }

    /** A drain through every instance of {@code cluster}, recording like the load's clients. */
    static Drain throughEvery(
            Cluster cluster,
            HistoryRecorder recorder,
            Map<String, Duration> ackDeadlines,
            CallCounts counts,
            Duration within) {
        List<RecordingClient> clients = new ArrayList<>();
        for (int i = 0; i < cluster.size(); i++) {
            clients.add(new RecordingClient(
                    "drain-" + (i + 1), cluster.instance(i).baseUri, recorder, ackDeadlines, counts));
        }
        return new Drain(clients, within);
    }

    /** Drains the queues in order (dead-letter queues last, so that what the others dead-letter is found there). */
    int drain(List<String> queueIds) throws InterruptedException {
        int received = 0;
        for (String queueId : queueIds) {
            received += drain(queueId);
        }
        return received;
    }

    private int drain(String queueId) throws InterruptedException {
        long deadline = System.nanoTime() + within.toNanos();
        int received = 0;
        int empty = 0;
        int turn = 0;
        while (System.nanoTime() < deadline) {
            RecordingClient client = clients.get(turn++ % clients.size());
            List<Delivery> deliveries = client.receive(queueId, 100, 1);
            received += deliveries.size();
            if (!deliveries.isEmpty()) {
                empty = 0;
                client.ack(queueId, deliveries);
            } else if (++empty >= EMPTY_RECEIVES_IN_A_ROW && isEmpty(client, queueId)) {
                return received;
            }
        }
        System.out.println("  drain of " + queueId + " gave up after " + within + " with messages left");
        return received;
    }

    // Only a hint of when to stop: what the checker judges is what was received.
    private static boolean isEmpty(RecordingClient client, String queueId) throws InterruptedException {
        try {
            Json.Answer stats =
                    Json.call(client.base(), "/v1/queues/" + queueId + "/stats", null, Duration.ofSeconds(10));
            JsonNode total = stats.body().path("total");
            return stats.status() == 200 && total.isNumber() && total.asLong() == 0;
        } catch (IOException noAnswer) {
            return false;
        }
    }
}
