package dev.conveyor.application;

import dev.conveyor.application.port.DeduplicationStore;
import dev.conveyor.domain.DeduplicationKey;
import dev.conveyor.domain.NewMessage;
import dev.conveyor.domain.PublishedMessage;
import dev.conveyor.domain.Queue;
import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Finds the duplicates among the messages a publish transaction is about to store: those whose key an earlier
 * message of the same transaction (of its batch, or of another publish of its commit group) has, and those whose
 * key a committed publish recorded within its window. The first of each key records it, in the same transaction
 * as its message, so a publish retried after its answer was lost (a timeout, a crash after the commit) finds it.
 */
final class Deduplicator {
    /**
     * A message about to be stored.
     *
     * @param key its deduplication key; {@code null} when it is not deduplicated
     * @param answer what its publish is answered if it is the first of its key
     * @param expiresAt the end of its key's window, if it is the first
     */
    record Candidate(DeduplicationKey key, PublishedMessage answer, Instant expiresAt) {
        /** A message published directly to {@code queue}, remembered for the queue's window. */
        static Candidate toQueue(Queue queue, NewMessage message, PublishedMessage answer, Instant now) {
            return new Candidate(
                    DeduplicationKey.ofQueuePublish(queue, message).orElse(null),
                    answer,
                    now.plus(queue.settings().deduplicationWindow()));
        }

        /** A message published to topic {@code topicId}, remembered for {@link DeduplicationKey#TOPIC_WINDOW}. */
        static Candidate toTopic(String topicId, NewMessage message, PublishedMessage answer, Instant now) {
            return new Candidate(
                    DeduplicationKey.ofTopicPublish(topicId, message).orElse(null),
                    answer,
                    now.plus(DeduplicationKey.TOPIC_WINDOW));
        }
    }

    /** Null when publishes are not deduplicated. */
    private final DeduplicationStore store;

    Deduplicator(DeduplicationStore store) {
        this.store = store;
    }

    /**
     * Claims the keys of the candidates, in one call, within the caller's transaction; answers, by the index of
     * each duplicate among {@code candidates}, the answer of the first message of its key. The candidates absent
     * from the answer are to be stored.
     */
    Map<Integer, PublishedMessage> duplicates(Instant now, List<Candidate> candidates) {
        if (store == null) {
            return Map.of();
        }
        Map<DeduplicationKey, Integer> firsts = new LinkedHashMap<>();
        for (int i = 0; i < candidates.size(); i++) {
            if (candidates.get(i).key() != null) {
                firsts.putIfAbsent(candidates.get(i).key(), i);
            }
        }
        if (firsts.isEmpty()) {
            return Map.of();
        }
        Map<DeduplicationKey, DeduplicationStore.Entry> earlier = store.claim(
                now,
                firsts.values().stream()
                        .map(candidates::get)
                        .map(c -> new DeduplicationStore.Entry(c.key(), c.answer(), c.expiresAt()))
                        .toList());
        Map<Integer, PublishedMessage> duplicates = new HashMap<>();
        for (int i = 0; i < candidates.size(); i++) {
            DeduplicationKey key = candidates.get(i).key();
            if (key == null) {
                continue;
            }
            int first = firsts.get(key);
            if (earlier.containsKey(key)) {
                duplicates.put(i, earlier.get(key).first());
            } else if (first != i) {
                duplicates.put(i, candidates.get(first).answer());
            }
        }
        return duplicates;
    }
}
