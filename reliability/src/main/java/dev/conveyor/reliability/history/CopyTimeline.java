package dev.conveyor.reliability.history;

import static java.util.stream.Collectors.groupingBy;
import static java.util.stream.Collectors.toList;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The deliveries of one stored copy (one message id in one queue) in the order of their attempt counts, with the
 * settles of their receipts: the rules {@link Violation#LIVE_LEASE_DUPLICATE}, {@link Violation#REDELIVERED_AFTER_ACK}
 * and {@link Violation#STALE_SETTLE_ACCEPTED}.
 *
 * <p>Lease times are the server's (database clock), call times the client's; the two are never compared with each
 * other, only each with its own kind. Each judgement leans towards passing when the history cannot settle it: a
 * flag is raised only when the recorded times prove the rule was broken.
 */
final class CopyTimeline {
    // The attempt count orders one copy's deliveries whatever the clocks say; the rest only makes the order total.
    private static final Comparator<Delivery> IN_ATTEMPT_ORDER = Comparator.comparingInt(Delivery::deliveryAttempts)
            .thenComparing(Delivery::leaseExpiresAt)
            .thenComparingLong(Delivery::completedNanos)
            .thenComparing(Delivery::receipt);
    private static final Comparator<Settle> IN_CALL_ORDER = Comparator.comparingLong(Settle::invokedNanos)
            .thenComparingLong(Settle::completedNanos)
            .thenComparing(Settle::opId)
            .thenComparing(Settle::kind);

    private final List<Delivery> deliveries;
    private final Map<String, List<Settle>> settlesByReceipt;
    private final Duration ackDeadline;
    private final Duration tolerance;

    private CopyTimeline(
            List<Delivery> deliveries,
            Map<String, List<Settle>> settlesByReceipt,
            Duration ackDeadline,
            Duration tolerance) {
        this.deliveries = deliveries.stream().sorted(IN_ATTEMPT_ORDER).toList();
        this.settlesByReceipt = settlesByReceipt;
        this.ackDeadline = ackDeadline;
        this.tolerance = tolerance;
    }

    static void judgeAll(History history, Duration tolerance, Findings findings) {
        Map<String, List<Settle>> settlesByReceipt = new TreeMap<>();
        history.settles().stream()
                .sorted(IN_CALL_ORDER)
                .forEach(settle -> settlesByReceipt
                        .computeIfAbsent(settle.receipt(), receipt -> new ArrayList<>())
                        .add(settle));
        // Sorted by queue, then message id, so that the examples come out the same whatever the input order.
        Map<String, Map<String, List<Delivery>>> copies = history.deliveries().stream()
                .collect(groupingBy(
                        Delivery::queueId, TreeMap::new, groupingBy(Delivery::messageId, TreeMap::new, toList())));
        copies.forEach((queueId, byMessage) -> byMessage
                .values()
                .forEach(deliveries -> new CopyTimeline(
                                deliveries, settlesByReceipt, history.scenario().ackDeadline(queueId), tolerance)
                        .judge(findings)));
    }

    private void judge(Findings findings) {
        Delivery acked = null;
        for (int i = 0; i < deliveries.size(); i++) {
            Delivery delivery = deliveries.get(i);
            if (i > 0) {
                judgeRedelivery(deliveries.get(i - 1), delivery, acked, findings);
            }
            if (acked == null && settles(delivery).stream().anyMatch(CopyTimeline::ackSucceeded)) {
                acked = delivery;
            }
            judgeSettles(delivery, deliveries.subList(i + 1, deliveries.size()), findings);
        }
    }

    private void judgeRedelivery(Delivery previous, Delivery next, Delivery acked, Findings findings) {
        boolean broken = false;
        if (acked != null && acked.deliveryAttempts() < next.deliveryAttempts()) {
            findings.flag(
                    Violation.REDELIVERED_AFTER_ACK,
                    copy(next) + ": attempt " + next.deliveryAttempts()
                            + " delivered in op " + next.opId() + " though an ack of attempt "
                            + acked.deliveryAttempts() + " (receipt "
                            + acked.receipt() + ") succeeded");
            broken = true;
        }
        Optional<String> conflict = leaseConflict(previous, next);
        conflict.ifPresent(example -> findings.flag(Violation.LIVE_LEASE_DUPLICATE, example));
        broken |= conflict.isPresent();
        if (!broken) {
            findings.duplicatesAfterLeaseEnd++;
        }
    }

    private Optional<String> leaseConflict(Delivery previous, Delivery next) {
        if (previous.deliveryAttempts() == next.deliveryAttempts()) {
            return Optional.of(copy(next) + ": attempt " + next.deliveryAttempts() + " delivered twice, in ops "
                    + previous.opId() + " and " + next.opId());
        }
        Instant granted = next.grantedAt(ackDeadline);
        return LeaseEnd.surelyLeasedUntil(
                        previous, settles(previous), next.completedNanos(), EnumSet.of(Settle.Kind.NACK))
                .filter(end -> granted.plus(tolerance).isBefore(end))
                .map(end -> copy(next) + ": attempt " + next.deliveryAttempts() + " granted at " + granted + " in op "
                        + next.opId() + " while attempt " + previous.deliveryAttempts() + " was leased until " + end);
    }

    // Only clear-cut order counts: the later receive had completed before the settle was sent.
    private void judgeSettles(Delivery delivery, List<Delivery> later, Findings findings) {
        for (Settle settle : settles(delivery)) {
            if (settle.result() == Settle.Result.AMBIGUOUS) {
                continue;
            }
            Optional<Delivery> receivedAgain = later.stream()
                    .filter(again -> again.deliveryAttempts() > delivery.deliveryAttempts())
                    .filter(again -> again.completedNanos() < settle.invokedNanos())
                    .findFirst();
            if (receivedAgain.isEmpty()) {
                continue;
            }
            if (succeeded(settle)) {
                findings.flag(
                        Violation.STALE_SETTLE_ACCEPTED,
                        copy(delivery) + ": " + settle.kind() + " " + settle.opId()
                                + " of attempt " + delivery.deliveryAttempts() + " succeeded after attempt "
                                + receivedAgain.get().deliveryAttempts() + " was delivered in op "
                                + receivedAgain.get().opId());
            } else {
                findings.staleSettlesRefused++;
            }
        }
    }

    private List<Settle> settles(Delivery delivery) {
        return settlesByReceipt.getOrDefault(delivery.receipt(), List.of());
    }

    private static boolean succeeded(Settle settle) {
        return settle.result() == Settle.Result.SUCCEEDED;
    }

    private static boolean ackSucceeded(Settle settle) {
        return settle.kind() == Settle.Kind.ACK && succeeded(settle);
    }

    private static String copy(Delivery delivery) {
        return "token " + delivery.token() + " in " + delivery.queueId() + " (message " + delivery.messageId() + ")";
    }
}
