package dev.conveyor.application.port;

import dev.conveyor.domain.DeduplicationKey;
import dev.conveyor.domain.PublishedMessage;
import java.time.Instant;
import java.util.Collection;
import java.util.Map;
import java.util.Objects;

/**
 * Outgoing persistence port for the deduplication ids seen within their window: the first publish of a key
 * records its answer, and a duplicate is answered from that record until it expires.
 */
public interface DeduplicationStore {
    /** The first publish of a key: what its duplicates are answered, until {@code expiresAt}. */
    record Entry(DeduplicationKey key, PublishedMessage first, Instant expiresAt) {
        public Entry {
            Objects.requireNonNull(key, "key");
            Objects.requireNonNull(first, "first");
            Objects.requireNonNull(expiresAt, "expiresAt");
        }
    }

    /**
     * Records each entry whose key has no record still valid at {@code now} (none, or one expired at or before
     * {@code now}, which it replaces), and answers the valid records of the other keys, by key: those entries
     * are duplicates. The keys must differ from each other. The records answered stay locked until the
     * transaction ends, so they are still valid when it commits; pass all of a transaction's keys in one call
     * (they are taken in {@link DeduplicationKey}'s order) so that two transactions cannot deadlock. A key whose
     * queue or topic no longer exists is neither recorded nor answered.
     */
    Map<DeduplicationKey, Entry> claim(Instant now, Collection<Entry> entries);

    /** Deletes at most {@code batch} records expired at or before {@code now}; answers how many. */
    int deleteExpired(Instant now, int batch);
}
