package dev.conveyor.reliability.history;

import static java.util.stream.Collectors.groupingBy;
import static java.util.stream.Collectors.toList;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * The deliveries of one group of a FIFO queue, message by message in sequence order: the rules
 * {@link Violation#GROUP_LEASE_OVERLAP} and {@link Violation#GROUP_ORDER_BROKEN}.
 *
 * <p>As in {@link CopyTimeline}, lease times (database clock) are compared only with lease times and call times
 * (client clock) only with call times, and a flag is raised only when the recorded times prove the rule was broken:
 * a message counts as stored from the moment its publish was answered 201 or it was first delivered, whichever came
 * first, and as possibly acked from the moment an ack of any of its receipts that may have succeeded was sent.
 */
final class GroupTimeline {
    private static final Set<Settle.Kind> RELEASING = EnumSet.of(Settle.Kind.ACK, Settle.Kind.NACK);
    private static final Comparator<Delivery> IN_GRANT_ORDER = Comparator.comparing(Delivery::leaseExpiresAt)
            .thenComparingLong(Delivery::completedNanos)
            .thenComparing(Delivery::receipt);
    private static final Comparator<Delivery> IN_COMPLETION_ORDER =
            Comparator.comparingLong(Delivery::completedNanos).thenComparing(Delivery::receipt);

    /** One message of the group, with what the history tells of it. */
    private record Message(
            String messageId,
            String token,
            long sequenceNumber,
            List<Delivery> deliveries,
            Set<String> receiveOps,
            long storedByNanos,
            long mayBeAckedFromNanos,
            Publish okPublish,
            boolean removedOtherwise) {}

    private final String queueId;
    private final String groupId;
    private final List<Message> inSequence;
    private final Map<String, List<Settle>> settlesByReceipt;
    private final Duration ackDeadline;
    private final Duration tolerance;

    private GroupTimeline(
            String queueId,
            String groupId,
            List<Message> messages,
            Map<String, List<Settle>> settlesByReceipt,
            Duration ackDeadline,
            Duration tolerance) {
        this.queueId = queueId;
        this.groupId = groupId;
        this.inSequence = messages.stream()
                .sorted(Comparator.comparingLong(Message::sequenceNumber).thenComparing(Message::messageId))
                .toList();
        this.settlesByReceipt = settlesByReceipt;
        this.ackDeadline = ackDeadline;
        this.tolerance = tolerance;
    }

    static void judgeAll(History history, Duration tolerance, Findings findings) {
        Scenario scenario = history.scenario();
        if (scenario.fifoQueues().isEmpty()) {
            return;
        }
        Map<String, List<Settle>> settlesByReceipt = new HashMap<>();
        history.settles()
                .forEach(settle -> settlesByReceipt
                        .computeIfAbsent(settle.receipt(), receipt -> new ArrayList<>())
                        .add(settle));
        Map<String, Publish> publishOf = new HashMap<>();
        history.publishes().forEach(publish -> publish.tokens().forEach(token -> publishOf.put(token, publish)));
        Map<String, List<Delivery>> byQueue = history.deliveries().stream()
                .filter(delivery -> scenario.isFifo(delivery.queueId()))
                .collect(groupingBy(Delivery::queueId, TreeMap::new, toList()));
        byQueue.forEach((queueId, deliveries) -> {
            Set<String> removedOtherwise = removedOtherwise(history, queueId);
            Map<String, List<Message>> groups =
                    messagesByGroup(queueId, deliveries, settlesByReceipt, publishOf, removedOtherwise, findings);
            groups.forEach((groupId, messages) -> new GroupTimeline(
                            queueId, groupId, messages, settlesByReceipt, scenario.ackDeadline(queueId), tolerance)
                    .judge(findings));
        });
    }

    private void judge(Findings findings) {
        judgeNumbering(findings);
        judgeLeases(findings);
        judgeOrder(findings);
    }

    /**
     * A message published after another one of its group was answered 201 was stored after it, so it must carry a
     * higher number. Walking down the sequence, the earliest 201 among the higher numbers tells at once.
     */
    private void judgeNumbering(Findings findings) {
        Message earliestAnsweredAbove = null;
        for (int i = inSequence.size() - 1; i >= 0; i--) {
            Message message = inSequence.get(i);
            Publish publish = message.okPublish();
            if (earliestAnsweredAbove != null
                    && publish != null
                    && earliestAnsweredAbove.okPublish().completedNanos() < publish.invokedNanos()) {
                findings.flag(
                        Violation.GROUP_ORDER_BROKEN,
                        where() + ": token " + message.token() + " has sequence number " + message.sequenceNumber()
                                + " though its publish " + publish.opId() + " began after publish "
                                + earliestAnsweredAbove.okPublish().opId() + " of token "
                                + earliestAnsweredAbove.token() + " (sequence number "
                                + earliestAnsweredAbove.sequenceNumber() + ") was answered 201");
            }
            if (publish != null
                    && (earliestAnsweredAbove == null
                            || publish.completedNanos()
                                    < earliestAnsweredAbove.okPublish().completedNanos())) {
                earliestAnsweredAbove = message;
            }
        }
    }

    /** No receive may be granted a message of the group while another receive surely holds one of its messages. */
    private void judgeLeases(Findings findings) {
        List<Delivery> inGrantOrder = inSequence.stream()
                .flatMap(message -> message.deliveries().stream())
                .sorted(IN_GRANT_ORDER)
                .toList();
        for (int j = 1; j < inGrantOrder.size(); j++) {
            Delivery next = inGrantOrder.get(j);
            Instant granted = next.grantedAt(ackDeadline).plus(tolerance);
            for (int i = 0; i < j; i++) {
                Delivery earlier = inGrantOrder.get(i);
                if (earlier.opId().equals(next.opId())
                        || earlier.messageId().equals(next.messageId())
                        || !granted.isBefore(LeaseEnd.latestPossibleEnd(earlier, settles(earlier)))) {
                    continue;
                }
                Optional<Instant> end = LeaseEnd.surelyLeasedUntil(
                                earlier, settles(earlier), next.completedNanos(), RELEASING)
                        .filter(granted::isBefore);
                if (end.isPresent()) {
                    findings.flag(
                            Violation.GROUP_LEASE_OVERLAP,
                            where() + ": token " + next.token() + " granted at " + next.grantedAt(ackDeadline)
                                    + " in op " + next.opId() + " while token " + earlier.token() + " (op "
                                    + earlier.opId() + ") was leased until " + end.get()
                                    + ", neither acked nor nacked");
                    break;
                }
            }
        }
    }

    /**
     * Each delivery must find every lower-numbered message of its group that was surely stored before it acked, or
     * taken by the same receive (one receive may return several messages of a group, in order).
     */
    private void judgeOrder(Findings findings) {
        for (Message message : inSequence) {
            List<Message> below = inSequence.stream()
                    .filter(other -> other.sequenceNumber() < message.sequenceNumber())
                    .filter(other -> !other.removedOtherwise())
                    .toList();
            for (Delivery delivery :
                    message.deliveries().stream().sorted(IN_COMPLETION_ORDER).toList()) {
                below.stream()
                        .filter(other -> other.storedByNanos() < delivery.invokedNanos())
                        .filter(other -> other.mayBeAckedFromNanos() >= delivery.completedNanos())
                        .filter(other -> !other.receiveOps().contains(delivery.opId()))
                        .findFirst()
                        .ifPresent(skipped -> findings.flag(
                                Violation.GROUP_ORDER_BROKEN,
                                where() + ": token " + message.token() + " (sequence number "
                                        + message.sequenceNumber() + ") delivered in op " + delivery.opId()
                                        + " while token " + skipped.token() + " (sequence number "
                                        + skipped.sequenceNumber() + "), stored before, was not acked"));
            }
        }
    }

    private static Map<String, List<Message>> messagesByGroup(
            String queueId,
            List<Delivery> deliveries,
            Map<String, List<Settle>> settlesByReceipt,
            Map<String, Publish> publishOf,
            Set<String> removedOtherwise,
            Findings findings) {
        Map<String, List<Delivery>> byMessage = new TreeMap<>();
        for (Delivery delivery : deliveries) {
            if (delivery.group() == null) {
                findings.flag(
                        Violation.GROUP_ORDER_BROKEN,
                        "token " + delivery.token() + " delivered from FIFO queue " + queueId + " in op "
                                + delivery.opId() + " without group_id and sequence_number");
            } else {
                byMessage
                        .computeIfAbsent(delivery.messageId(), id -> new ArrayList<>())
                        .add(delivery);
            }
        }
        Map<String, List<Message>> groups = new TreeMap<>();
        Map<Long, String> numbered = new HashMap<>();
        byMessage.forEach((messageId, ofMessage) -> {
            List<Delivery> sorted = ofMessage.stream()
                    .sorted(Comparator.comparingInt(Delivery::deliveryAttempts).thenComparing(IN_COMPLETION_ORDER))
                    .toList();
            Delivery first = sorted.get(0);
            GroupPosition position = first.group();
            sorted.stream()
                    .filter(delivery -> !delivery.group().equals(position))
                    .findFirst()
                    .ifPresent(moved -> findings.flag(
                            Violation.GROUP_ORDER_BROKEN,
                            "message " + messageId + " of " + queueId + " shown as " + position + " in op "
                                    + first.opId() + " but as " + moved.group() + " in op " + moved.opId()));
            String other = numbered.putIfAbsent(position.sequenceNumber(), messageId);
            if (other != null) {
                findings.flag(
                        Violation.GROUP_ORDER_BROKEN,
                        "messages " + other + " and " + messageId + " of " + queueId + " share sequence number "
                                + position.sequenceNumber());
            }
            Publish publish = publishOf.get(first.token());
            Publish okPublish = publish != null
                            && publish.outcome() == Publish.Outcome.OK
                            && publish.queueIds().contains(queueId)
                    ? publish
                    : null;
            long storedBy =
                    sorted.stream().mapToLong(Delivery::completedNanos).min().orElseThrow();
            if (okPublish != null) {
                storedBy = Math.min(storedBy, okPublish.completedNanos());
            }
            long mayBeAckedFrom = sorted.stream()
                    .flatMap(delivery -> settlesByReceipt.getOrDefault(delivery.receipt(), List.of()).stream())
                    .filter(settle -> settle.kind() == Settle.Kind.ACK && settle.result() != Settle.Result.REFUSED)
                    .mapToLong(Settle::invokedNanos)
                    .min()
                    .orElse(Long.MAX_VALUE);
            Set<String> receiveOps = new HashSet<>();
            sorted.forEach(delivery -> receiveOps.add(delivery.opId()));
            groups.computeIfAbsent(position.groupId(), group -> new ArrayList<>())
                    .add(new Message(
                            messageId,
                            first.token(),
                            position.sequenceNumber(),
                            sorted,
                            receiveOps,
                            storedBy,
                            mayBeAckedFrom,
                            okPublish,
                            removedOtherwise.contains(first.token())));
        });
        return groups;
    }

    /**
     * Tokens that may have left the queue without an ack, at a time the history does not tell: removed on purpose by
     * the scenario, or found in one of its dead-letter queues. The order rule does not wait for them.
     */
    private static Set<String> removedOtherwise(History history, String queueId) {
        Set<String> removed = new HashSet<>(history.scenario().excusedTokens());
        List<String> chain = history.scenario().deadLetterChain(queueId);
        Set<String> deadLetterQueues = new HashSet<>(chain.subList(1, chain.size()));
        history.deliveries().stream()
                .filter(delivery -> deadLetterQueues.contains(delivery.queueId()))
                .forEach(delivery -> removed.add(delivery.token()));
        return removed;
    }

    private List<Settle> settles(Delivery delivery) {
        return settlesByReceipt.getOrDefault(delivery.receipt(), List.of());
    }

    private String where() {
        return "group " + groupId + " of " + queueId;
    }
}
