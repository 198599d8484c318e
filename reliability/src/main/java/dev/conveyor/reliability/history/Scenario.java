package dev.conveyor.reliability.history;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * What the scenario set up and did on purpose, which the history alone cannot tell.
 *
 * <p>Out of scope: changing a queue's ack deadline during the run (grant times would be derived wrongly) and
 * redriving dead letters back (a redriven copy restarts its delivery attempts in a queue that held it before).
 *
 * @param ackDeadlines each queue's ack deadline, from which a delivery's grant time is derived; every queue a
 *     delivery comes from needs one
 * @param deadLetterQueueOf each queue's dead-letter queue, for queues that have one: a copy found there was
 *     dead-lettered from the source queue, not lost
 * @param excusedTokens tokens the scenario removed on purpose (purged, expired, dropped without a dead-letter
 *     queue): a copy of theirs never delivered is not lost
 * @param fifoQueues the queues created FIFO, whose deliveries the checker also judges group by group
 *     ({@link Violation#GROUP_LEASE_OVERLAP}, {@link Violation#GROUP_ORDER_BROKEN})
 */
public record Scenario(
        Map<String, Duration> ackDeadlines,
        Map<String, String> deadLetterQueueOf,
        Set<String> excusedTokens,
        Set<String> fifoQueues) {

    public Scenario {
        ackDeadlines = Map.copyOf(ackDeadlines);
        ackDeadlines.forEach((queueId, deadline) -> {
            Require.text(queueId, "queueId");
            if (deadline.isNegative() || deadline.isZero()) {
                throw new IllegalArgumentException(
                        "queue " + queueId + " has ack deadline " + deadline + ": leases last");
            }
        });
        deadLetterQueueOf = Map.copyOf(deadLetterQueueOf);
        deadLetterQueueOf.forEach((queueId, deadLetterQueueId) -> {
            Require.text(queueId, "queueId");
            Require.text(deadLetterQueueId, "deadLetterQueueId");
        });
        refuseLoops(deadLetterQueueOf);
        excusedTokens = Set.copyOf(excusedTokens);
        excusedTokens.forEach(token -> Require.text(token, "token"));
        fifoQueues = Set.copyOf(fifoQueues);
        for (String queueId : fifoQueues) {
            if (!ackDeadlines.containsKey(queueId)) {
                throw new IllegalArgumentException("FIFO queue " + queueId + " has no ack deadline");
            }
        }
    }

    /** A scenario without FIFO queues. */
    public Scenario(
            Map<String, Duration> ackDeadlines, Map<String, String> deadLetterQueueOf, Set<String> excusedTokens) {
        this(ackDeadlines, deadLetterQueueOf, excusedTokens, Set.of());
    }

    /** A scenario of these queues, none with a dead-letter queue, nothing excused. */
    public static Scenario of(Map<String, Duration> ackDeadlines) {
        return new Scenario(ackDeadlines, Map.of(), Set.of());
    }

    public Scenario withDeadLetterQueue(String queueId, String deadLetterQueueId) {
        Map<String, String> more = new HashMap<>(deadLetterQueueOf);
        more.put(queueId, deadLetterQueueId);
        return new Scenario(ackDeadlines, more, excusedTokens, fifoQueues);
    }

    public Scenario excusing(Collection<String> tokens) {
        Set<String> more = new HashSet<>(excusedTokens);
        more.addAll(tokens);
        return new Scenario(ackDeadlines, deadLetterQueueOf, more, fifoQueues);
    }

    /** The same scenario with {@code queueIds} judged as FIFO queues too. */
    public Scenario withFifoQueues(Collection<String> queueIds) {
        Set<String> more = new HashSet<>(fifoQueues);
        more.addAll(queueIds);
        return new Scenario(ackDeadlines, deadLetterQueueOf, excusedTokens, more);
    }

    public boolean isFifo(String queueId) {
        return fifoQueues.contains(queueId);
    }

    /** The queue itself, then its dead-letter queue, that one's, and so on: everywhere a copy of it can end up. */
    public List<String> deadLetterChain(String queueId) {
        List<String> chain = new ArrayList<>();
        for (String queue = queueId; queue != null; queue = deadLetterQueueOf.get(queue)) {
            chain.add(queue);
        }
        return List.copyOf(chain);
    }

    public Duration ackDeadline(String queueId) {
        return Objects.requireNonNull(ackDeadlines.get(queueId), () -> "no ack deadline for queue " + queueId);
    }

    // The server refuses loops too; one here would make deadLetterChain endless.
    private static void refuseLoops(Map<String, String> deadLetterQueueOf) {
        for (String start : deadLetterQueueOf.keySet()) {
            Set<String> seen = new HashSet<>();
            for (String queue = start; queue != null; queue = deadLetterQueueOf.get(queue)) {
                if (!seen.add(queue)) {
                    throw new IllegalArgumentException("dead-letter queues form a loop through " + queue);
                }
            }
        }
    }
}
