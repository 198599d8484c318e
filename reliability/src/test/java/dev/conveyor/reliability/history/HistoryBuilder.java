package dev.conveyor.reliability.history;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.Set;

/**
 * Writes histories tersely. Times are seconds from the start of the run on both clocks alike (the checker never
 * compares the two, so tests may read them as one), and every call takes no time at all unless a test builds its
 * event by hand.
 */
final class HistoryBuilder {
    static final Instant START = Instant.parse("2025-11-01T12:00:00Z");

    private final List<Event> events = new ArrayList<>();
    private final Map<String, Duration> ackDeadlines = new HashMap<>();
    private final Map<String, String> deadLetterQueueOf = new HashMap<>();
    private final Set<String> excused = new HashSet<>();
    private final Set<String> fifoQueues = new HashSet<>();
    private int ops;

    static long nanos(double seconds) {
        return Math.round(seconds * 1e9);
    }

    static Instant at(double seconds) {
        return START.plusNanos(nanos(seconds));
    }

    HistoryBuilder queue(String queueId, int ackDeadlineSeconds) {
        ackDeadlines.put(queueId, Duration.ofSeconds(ackDeadlineSeconds));
        return this;
    }

    HistoryBuilder queues(int ackDeadlineSeconds, String... queueIds) {
        for (String queueId : queueIds) {
            queue(queueId, ackDeadlineSeconds);
        }
        return this;
    }

    HistoryBuilder fifoQueue(String queueId, int ackDeadlineSeconds) {
        fifoQueues.add(queueId);
        return queue(queueId, ackDeadlineSeconds);
    }

    HistoryBuilder deadLetterQueue(String queueId, String deadLetterQueueId) {
        deadLetterQueueOf.put(queueId, deadLetterQueueId);
        return this;
    }

    HistoryBuilder excuse(String... tokens) {
        excused.addAll(List.of(tokens));
        return this;
    }

    HistoryBuilder publish(Publish.Outcome outcome, double atSeconds, List<String> tokens, String... queueIds) {
        long time = nanos(atSeconds);
        return add(new Publish(op("publish"), "publisher", time, time, tokens, Set.of(queueIds), outcome));
    }

    HistoryBuilder published(double atSeconds, String token, String... queueIds) {
        return publish(Publish.Outcome.OK, atSeconds, List.of(token), queueIds);
    }

    /** A delivery of the copy {@code message-<queue>-<token>} whose lease the server granted at that second. */
    Delivery deliver(String queueId, String token, int attempt, double grantedAtSeconds) {
        return deliver(queueId, token, "message-" + queueId + "-" + token, attempt, grantedAtSeconds);
    }

    Delivery deliver(String queueId, String token, String messageId, int attempt, double grantedAtSeconds) {
        return deliver(op("receive"), queueId, token, messageId, attempt, grantedAtSeconds, null);
    }

    /** A receive op to pass to {@link #deliverInGroup}, so that one receive answers several messages. */
    String receiveOp() {
        return op("receive");
    }

    /** A delivery by a receive of its own of {@code message-<queue>-<token>}, of that group at that number. */
    Delivery deliverInGroup(
            String queueId, String token, String groupId, long sequenceNumber, int attempt, double grantedAtSeconds) {
        return deliverInGroup(receiveOp(), queueId, token, groupId, sequenceNumber, attempt, grantedAtSeconds);
    }

    /** {@link #deliverInGroup} then a successful ack of it at {@code ackedAtSeconds}. */
    HistoryBuilder ackedInGroup(
            String queueId,
            String token,
            String groupId,
            long sequenceNumber,
            int attempt,
            double grantedAtSeconds,
            double ackedAtSeconds) {
        return ack(
                deliverInGroup(queueId, token, groupId, sequenceNumber, attempt, grantedAtSeconds),
                Settle.Result.SUCCEEDED,
                ackedAtSeconds);
    }

    Delivery deliverInGroup(
            String opId,
            String queueId,
            String token,
            String groupId,
            long sequenceNumber,
            int attempt,
            double grantedAtSeconds) {
        return deliver(
                opId,
                queueId,
                token,
                "message-" + queueId + "-" + token,
                attempt,
                grantedAtSeconds,
                new GroupPosition(groupId, sequenceNumber));
    }

    Delivery deliver(
            String opId,
            String queueId,
            String token,
            String messageId,
            int attempt,
            double grantedAtSeconds,
            GroupPosition group) {
        long time = nanos(grantedAtSeconds);
        Instant leaseExpiresAt = at(grantedAtSeconds).plus(ackDeadlines.get(queueId));
        String receipt = "receipt-" + queueId + "-" + token + "-" + messageId + "-" + attempt + "-" + time;
        Delivery delivery = new Delivery(
                opId, "consumer", time, time, queueId, token, messageId, receipt, attempt, leaseExpiresAt, group);
        add(delivery);
        return delivery;
    }

    HistoryBuilder ack(Delivery delivery, Settle.Result result, double atSeconds) {
        return settle(delivery, Settle.Kind.ACK, result, atSeconds, null);
    }

    HistoryBuilder nack(Delivery delivery, Settle.Result result, double atSeconds) {
        return settle(delivery, Settle.Kind.NACK, result, atSeconds, null);
    }

    HistoryBuilder extend(Delivery delivery, Settle.Result result, double atSeconds, double untilSeconds) {
        return settle(delivery, Settle.Kind.EXTEND, result, atSeconds, at(untilSeconds));
    }

    HistoryBuilder add(Event event) {
        events.add(event);
        return this;
    }

    Scenario scenario() {
        return new Scenario(ackDeadlines, deadLetterQueueOf, excused, fifoQueues);
    }

    List<Event> events() {
        return List.copyOf(events);
    }

    History build() {
        return new History(scenario(), events);
    }

    Report check() {
        return new HistoryChecker().check(build());
    }

    /** The checker's reports of {@code rounds} shuffles of the events, for tests that the order does not matter. */
    List<Report> checkShuffled(int rounds, long seed) {
        Random random = new Random(seed);
        List<Report> reports = new ArrayList<>();
        for (int round = 0; round < rounds; round++) {
            List<Event> shuffled = new ArrayList<>(events);
            Collections.shuffle(shuffled, random);
            reports.add(new HistoryChecker().check(new History(scenario(), shuffled)));
        }
        return reports;
    }

    private HistoryBuilder settle(
            Delivery delivery, Settle.Kind kind, Settle.Result result, double atSeconds, Instant extendedTo) {
        long time = nanos(atSeconds);
        return add(new Settle(
                op(kind.name().toLowerCase(Locale.ROOT)),
                "consumer",
                time,
                time,
                delivery.queueId(),
                delivery.receipt(),
                kind,
                result,
                extendedTo));
    }

    private String op(String kind) {
        return kind + "-" + ++ops;
    }
}
