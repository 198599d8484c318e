package dev.conveyor.reliability.history;

import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * What the checker found in one history: the counts of each {@link Violation}, a few examples of each, and figures
 * for information. Copies are counted per stored message in one queue; publish figures per token.
 *
 * @param publishedOk tokens in publishes answered 201
 * @param ambiguous tokens in publishes without an answer
 * @param failed tokens in publishes refused for certain
 * @param copiesExpected copies the OK publishes promised: each token times each queue its publish reached
 * @param deliveries deliveries recorded
 * @param groupLeaseOverlaps see {@link Violation#GROUP_LEASE_OVERLAP}; 0 without FIFO queues
 * @param groupOrderBroken see {@link Violation#GROUP_ORDER_BROKEN}; 0 without FIFO queues
 * @param staleSettlesRefused settles refused because their copy had surely been received again: the contract at work
 * @param duplicatesAfterLeaseEnd deliveries of a copy beyond its first that break no rule: after its lease expired
 *     or a nack ended it. At-least-once delivery allows them; the count shows how often they happen
 * @param deadLettered copies found in a dead-letter queue of the queue they were published to
 * @param excused OK copies never delivered whose tokens the scenario removed on purpose
 * @param latencyP50Millis median time from invoking a publish to the completion of the receive that first delivered
 *     the copy, over delivered OK copies (both ends in the client's clock); NaN when there are none
 * @param latencyP99Millis the same, 99th percentile (nearest rank)
 * @param examples up to {@link #MAX_EXAMPLES} short descriptions of each violation found
 */
public record Report(
        int publishedOk,
        int ambiguous,
        int failed,
        int copiesExpected,
        int deliveries,
        int lost,
        int unexpected,
        int partialAmbiguousBatches,
        int liveLeaseDuplicates,
        int redeliveredAfterAck,
        int staleSettlesAccepted,
        int groupLeaseOverlaps,
        int groupOrderBroken,
        int staleSettlesRefused,
        int duplicatesAfterLeaseEnd,
        int deadLettered,
        int excused,
        double latencyP50Millis,
        double latencyP99Millis,
        Map<Violation, List<String>> examples) {

    public static final int MAX_EXAMPLES = 10;

    public Report {
        for (int count : new int[] {
            publishedOk,
            ambiguous,
            failed,
            copiesExpected,
            deliveries,
            lost,
            unexpected,
            partialAmbiguousBatches,
            liveLeaseDuplicates,
            redeliveredAfterAck,
            staleSettlesAccepted,
            groupLeaseOverlaps,
            groupOrderBroken,
            staleSettlesRefused,
            duplicatesAfterLeaseEnd,
            deadLettered,
            excused
        }) {
            if (count < 0) {
                throw new IllegalArgumentException("a count cannot be negative: " + count);
            }
        }
        Map<Violation, List<String>> copied = new EnumMap<>(Violation.class);
        examples.forEach((violation, some) -> {
            if (some.size() > MAX_EXAMPLES) {
                throw new IllegalArgumentException(
                        some.size() + " examples of " + violation + ", at most " + MAX_EXAMPLES);
            }
            copied.put(violation, List.copyOf(some));
        });
        examples = Map.copyOf(copied);
    }

    /** Whether the history keeps every promise: no violation of any kind. */
    public boolean holds() {
        for (Violation violation : Violation.values()) {
            if (count(violation) > 0) {
                return false;
            }
        }
        return true;
    }

    public int count(Violation violation) {
        return switch (violation) {
            case LOST -> lost;
            case UNEXPECTED -> unexpected;
            case PARTIAL_AMBIGUOUS_BATCH -> partialAmbiguousBatches;
            case LIVE_LEASE_DUPLICATE -> liveLeaseDuplicates;
            case REDELIVERED_AFTER_ACK -> redeliveredAfterAck;
            case STALE_SETTLE_ACCEPTED -> staleSettlesAccepted;
            case GROUP_LEASE_OVERLAP -> groupLeaseOverlaps;
            case GROUP_ORDER_BROKEN -> groupOrderBroken;
        };
    }

    public List<String> examples(Violation violation) {
        return examples.getOrDefault(violation, List.of());
    }

    /** Every figure on one line, as {@code name=value} pairs a log search or a script can pick out. */
    public String summaryLine() {
        return String.format(
                Locale.ROOT,
                "holds=%s published_ok=%d ambiguous=%d failed=%d copies_expected=%d deliveries=%d lost=%d unexpected=%d"
                        + " partial_ambiguous_batches=%d live_lease_duplicates=%d redelivered_after_ack=%d"
                        + " stale_settles_accepted=%d group_lease_overlaps=%d group_order_broken=%d"
                        + " stale_settles_refused=%d duplicates_after_lease_end=%d dead_lettered=%d"
                        + " excused=%d latency_p50_ms=%s latency_p99_ms=%s",
                holds(),
                publishedOk,
                ambiguous,
                failed,
                copiesExpected,
                deliveries,
                lost,
                unexpected,
                partialAmbiguousBatches,
                liveLeaseDuplicates,
                redeliveredAfterAck,
                staleSettlesAccepted,
                groupLeaseOverlaps,
                groupOrderBroken,
                staleSettlesRefused,
                duplicatesAfterLeaseEnd,
                deadLettered,
                excused,
                millis(latencyP50Millis),
                millis(latencyP99Millis));
    }

    /** The summary line, then the examples of each violation found, one a line: for a failed run's log. */
    public String details() {
        StringBuilder text = new StringBuilder(summaryLine());
        for (Violation violation : Violation.values()) {
            if (count(violation) > 0) {
                text.append('\n').append(violation).append(": ").append(count(violation));
                examples(violation).forEach(example -> text.append("\n  ").append(example));
            }
        }
        return text.toString();
    }

    private static String millis(double value) {
        return Double.isNaN(value) ? "n/a" : String.format(Locale.ROOT, "%.3f", value);
    }
}
