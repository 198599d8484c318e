package dev.conveyor.application.fakes;

import dev.conveyor.application.port.DeduplicationStore;
import dev.conveyor.domain.DeduplicationKey;
import java.time.Instant;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Predicate;

/**
 * Deduplication records in a sorted map: the in-memory stand-in for the deduplications table. The unit of work's
 * lock serialises whole transactions, so a claim never waits for another's.
 */
public final class InMemoryDeduplicationStore implements DeduplicationStore, DirectUnitOfWork.Participant {
    private final Guarded guarded;
    private TreeMap<DeduplicationKey, Entry> records = new TreeMap<>();
    private volatile Predicate<DeduplicationKey> targetExists = key -> true;

    /** Stand-alone, in a unit of work of its own, with every queue and topic existing. */
    public InMemoryDeduplicationStore() {
        this(new DirectUnitOfWork());
    }

    public InMemoryDeduplicationStore(DirectUnitOfWork unitOfWork) {
        this.guarded = new Guarded(unitOfWork);
        unitOfWork.join(this);
    }

    /** Tells the store which keys' queues and topics exist: the others are neither recorded nor answered. */
    public void knowTargets(Predicate<DeduplicationKey> exists) {
        this.targetExists = Objects.requireNonNull(exists);
    }

    @Override
    public Map<DeduplicationKey, Entry> claim(Instant now, Collection<Entry> entries) {
        return guarded.get(() -> {
            Set<DeduplicationKey> distinct = new HashSet<>();
            Map<DeduplicationKey, Entry> earlier = new HashMap<>();
            for (Entry entry : entries) {
                if (!distinct.add(entry.key())) {
                    throw new IllegalArgumentException("a key claimed twice in one call: " + entry.key());
                }
                if (!targetExists.test(entry.key())) {
                    continue;
                }
                Entry held = records.get(entry.key());
                if (held != null && held.expiresAt().isAfter(now)) {
                    earlier.put(entry.key(), held);
                } else {
                    records.put(entry.key(), entry);
                }
            }
            return earlier;
        });
    }

    @Override
    public int deleteExpired(Instant now, int batch) {
        return guarded.get(() -> {
            List<DeduplicationKey> doomed = records.values().stream()
                    .filter(e -> !e.expiresAt().isAfter(now))
                    .sorted((a, b) -> a.expiresAt().compareTo(b.expiresAt()))
                    .limit(batch)
                    .map(Entry::key)
                    .toList();
            doomed.forEach(records::remove);
            return doomed.size();
        });
    }

    /** Deletes the records of a queue or topic, as deleting it does. */
    public void forget(DeduplicationKey.Target target, String targetId) {
        guarded.run(() -> records.keySet()
                .removeIf(key -> key.target() == target && key.targetId().equals(targetId)));
    }

    /** How many records it holds, expired ones included. */
    public int size() {
        return guarded.get(records::size);
    }

    @Override
    public Object snapshot() {
        return guarded.get(() -> new TreeMap<>(records));
    }

    @Override
    @SuppressWarnings("unchecked")
    public void restore(Object snapshot) {
        guarded.run(() -> records = new TreeMap<>((Map<DeduplicationKey, Entry>) Objects.requireNonNull(snapshot)));
    }
}
