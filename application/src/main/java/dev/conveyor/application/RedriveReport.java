package dev.conveyor.application;

import java.util.Collections;
import java.util.EnumMap;
import java.util.Map;

/**
 * What a redrive back to the source queues did: how many messages it moved, and how many it left where they
 * were, by why. Messages leased right now are neither: a redrive does not look at them.
 */
public record RedriveReport(long moved, Map<Skip, Long> skipped) {
    /** Why a message stayed in the queue being redriven. The codes are answered, so they never change. */
    public enum Skip {
        /** It carries no source: it was never dead-lettered, or has been redriven since. */
        NOT_DEAD_LETTERED("not_dead_lettered"),
        /** The queue it was dead-lettered from has been deleted since. */
        SOURCE_QUEUE_MISSING("source_queue_missing"),
        /** Its source is the very queue it is in: it has nowhere else to go back to. */
        SOURCE_IS_THIS_QUEUE("source_is_this_queue");

        private final String code;

        Skip(String code) {
            this.code = code;
        }

        public String code() {
            return code;
        }
    }

    /** Every reason is present, zero when nothing was skipped for it. */
    public RedriveReport {
        Map<Skip, Long> all = new EnumMap<>(Skip.class);
        for (Skip skip : Skip.values()) {
            all.put(skip, skipped.getOrDefault(skip, 0L));
        }
        skipped = Collections.unmodifiableMap(all);
    }

    /** How many messages stayed, for all reasons together. */
    public long skippedTotal() {
        return skipped.values().stream().mapToLong(Long::longValue).sum();
    }
}
