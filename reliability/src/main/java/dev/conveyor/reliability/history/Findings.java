package dev.conveyor.reliability.history;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/** What the checker has found so far: counts of each violation with a few examples, and the figures for information. */
final class Findings {
    private final Map<Violation, Integer> counts = new EnumMap<>(Violation.class);
    private final Map<Violation, List<String>> examples = new EnumMap<>(Violation.class);
    int publishedOk;
    int ambiguous;
    int failed;
    int copiesExpected;
    int deliveries;
    int staleSettlesRefused;
    int duplicatesAfterLeaseEnd;
    int deadLettered;
    int excused;
    final List<Long> firstDeliveryLatenciesNanos = new ArrayList<>();

    void flag(Violation violation, String example) {
        counts.merge(violation, 1, Integer::sum);
        List<String> some = examples.computeIfAbsent(violation, any -> new ArrayList<>());
        // A broken run can flag thousands; a handful shows the pattern, and the count tells the size.
        if (some.size() < Report.MAX_EXAMPLES) {
            some.add(example);
        }
    }

    Report report() {
        List<Long> latencies = firstDeliveryLatenciesNanos.stream().sorted().toList();
        return new Report(
                publishedOk,
                ambiguous,
                failed,
                copiesExpected,
                deliveries,
                count(Violation.LOST),
                count(Violation.UNEXPECTED),
                count(Violation.PARTIAL_AMBIGUOUS_BATCH),
                count(Violation.LIVE_LEASE_DUPLICATE),
                count(Violation.REDELIVERED_AFTER_ACK),
                count(Violation.STALE_SETTLE_ACCEPTED),
                count(Violation.GROUP_LEASE_OVERLAP),
                count(Violation.GROUP_ORDER_BROKEN),
                staleSettlesRefused,
                duplicatesAfterLeaseEnd,
                deadLettered,
                excused,
                percentileMillis(latencies, 50),
                percentileMillis(latencies, 99),
                examples);
    }

    private int count(Violation violation) {
        return counts.getOrDefault(violation, 0);
    }

    // Nearest rank: the smallest value with at least percent % of the values at or below it; always an observed one.
    private static double percentileMillis(List<Long> sortedNanos, int percent) {
        if (sortedNanos.isEmpty()) {
            return Double.NaN;
        }
        int rank = (percent * sortedNanos.size() + 99) / 100;
        return sortedNanos.get(Math.max(rank, 1) - 1) / 1_000_000.0;
    }
}
