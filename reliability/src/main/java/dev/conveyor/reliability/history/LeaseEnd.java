package dev.conveyor.reliability.history;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/** How long a delivery's lease surely ran, as far as the settles of its receipt tell. */
final class LeaseEnd {
    private LeaseEnd() {}

    /**
     * When {@code delivery}'s lease surely still ran, as seen by a receive that completed at {@code beforeNanos}; empty
     * when it may have ended at any time.
     *
     * <p>Only a settle invoked before that receive completed can have moved the lease before it was granted; a later
     * one was stale and is judged as such. A settle of a kind in {@code ending} that may have happened may have ended
     * the lease at once (its time is the client's, not the database's, so no better bound is known): a nack ends the
     * lease of a copy, an ack or a nack the hold of a message on its group. An extend that may have happened may have
     * set the end to its {@code extendedTo}, which replaces the lease's own expiry (an extend by 0 seconds shortens
     * it); the end is the earliest of the values that may have been set last. An extend is surely not the last when
     * one that succeeded was invoked after it completed.
     */
    static Optional<Instant> surelyLeasedUntil(
            Delivery delivery, List<Settle> settles, long beforeNanos, Set<Settle.Kind> ending) {
        List<Settle> mayHaveActed = settles.stream()
                .filter(settle -> settle.invokedNanos() < beforeNanos && settle.result() != Settle.Result.REFUSED)
                .toList();
        if (mayHaveActed.stream().anyMatch(settle -> ending.contains(settle.kind()))) {
            return Optional.empty();
        }
        List<Settle> extensions = mayHaveActed.stream()
                .filter(settle -> settle.kind() == Settle.Kind.EXTEND)
                .toList();
        List<Instant> possibleEnds = new ArrayList<>();
        if (extensions.stream().noneMatch(LeaseEnd::succeeded)) {
            possibleEnds.add(delivery.leaseExpiresAt());
        }
        for (Settle extension : extensions) {
            boolean surelyReplaced = extensions.stream()
                    .anyMatch(later -> succeeded(later) && later.invokedNanos() > extension.completedNanos());
            if (!surelyReplaced) {
                possibleEnds.add(extension.extendedTo());
            }
        }
        return possibleEnds.stream().min(Comparator.naturalOrder());
    }

    /** The latest the lease can have run to, whatever was settled: its expiry, or the end an extend asked for. */
    static Instant latestPossibleEnd(Delivery delivery, List<Settle> settles) {
        Instant latest = delivery.leaseExpiresAt();
        for (Settle settle : settles) {
            if (settle.extendedTo() != null && settle.extendedTo().isAfter(latest)) {
                latest = settle.extendedTo();
            }
        }
        return latest;
    }

    private static boolean succeeded(Settle settle) {
        return settle.result() == Settle.Result.SUCCEEDED;
    }
}
