package dev.conveyor.application.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.conveyor.application.port.DeduplicationStore;
import dev.conveyor.application.port.DeduplicationStore.Entry;
import dev.conveyor.domain.DeduplicationKey;
import dev.conveyor.domain.DeduplicationKey.Target;
import dev.conveyor.domain.PublishedMessage;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What every {@link DeduplicationStore} does: the first claim of a key records it, later ones get that record
 * until it expires, and records go with their queue or topic.
 */
public abstract class DeduplicationStoreContract extends PortContract {
    private DeduplicationStore store;

    /** The deduplication store over the store {@link #emptyStore} answered last, sharing its unit of work. */
    protected abstract DeduplicationStore deduplications();

    @BeforeEach
    final void openDeduplications() {
        store = deduplications();
        queue("q");
        queue("q2");
        topic("t");
    }

    private static DeduplicationKey key(Target target, String targetId, String groupId, String id) {
        return new DeduplicationKey(target, targetId, groupId, id);
    }

    private static DeduplicationKey inQueue(String id) {
        return key(Target.QUEUE, "q", "", id);
    }

    private static Entry entry(DeduplicationKey key, Instant expiresAt) {
        return new Entry(key, new PublishedMessage(UUID.randomUUID(), List.of("q", "q2"), 7L), expiresAt);
    }

    private Map<DeduplicationKey, Entry> claim(Instant now, Entry... entries) {
        return ports.unitOfWork().inTransaction(() -> store.claim(now, List.of(entries)));
    }

    @Test
    void recordsTheFirstClaimAndAnswersLaterOnesWithItWithEveryField() {
        Entry first = entry(inQueue("a"), T0.plusSeconds(300));
        Entry topicless = new Entry(
                key(Target.TOPIC, "t", "", "a"),
                new PublishedMessage(UUID.randomUUID(), List.of()),
                T0.plusSeconds(300));

        assertThat(claim(T0, first, topicless)).isEmpty();

        Entry again = entry(inQueue("a"), T0.plusSeconds(310));
        Entry topicAgain = entry(key(Target.TOPIC, "t", "", "a"), T0.plusSeconds(310));
        assertThat(claim(T0.plusSeconds(10), again, topicAgain))
                .containsOnly(Map.entry(first.key(), first), Map.entry(topicless.key(), topicless));
    }

    @Test
    void aKeyIsItsTargetItsGroupAndItsId() {
        claim(T0, entry(inQueue("a"), T0.plusSeconds(300)));

        assertThat(claim(
                        T0,
                        entry(inQueue("b"), T0.plusSeconds(300)),
                        entry(key(Target.QUEUE, "q2", "", "a"), T0.plusSeconds(300)),
                        entry(key(Target.QUEUE, "q", "g", "a"), T0.plusSeconds(300)),
                        entry(key(Target.TOPIC, "t", "", "a"), T0.plusSeconds(300))))
                .isEmpty();
    }

    @Test
    void answersOnlyTheDuplicatesOfAClaimOfMany() {
        Entry first = entry(inQueue("a"), T0.plusSeconds(300));
        claim(T0, first);

        assertThat(claim(T0, entry(inQueue("b"), T0.plusSeconds(300)), entry(inQueue("a"), T0.plusSeconds(300))))
                .containsOnlyKeys(first.key());
        assertThat(claim(T0, entry(inQueue("b"), T0.plusSeconds(300)))).containsOnlyKeys(inQueue("b"));
    }

    @Test
    void anExpiredRecordIsReplacedByTheNextClaim() {
        claim(T0, entry(inQueue("a"), T0.plusSeconds(300)));

        Entry second = entry(inQueue("a"), T0.plusSeconds(600));
        assertThat(claim(T0.plusSeconds(300), second))
                .as("expired at its expires_at")
                .isEmpty();
        assertThat(claim(T0.plusSeconds(301), entry(inQueue("a"), T0.plusSeconds(601))))
                .containsOnly(Map.entry(second.key(), second));
    }

    @Test
    void aRolledBackClaimRecordsNothing() {
        assertThatThrownBy(() -> ports.unitOfWork().inTransaction(() -> {
                    store.claim(T0, List.of(entry(inQueue("a"), T0.plusSeconds(300))));
                    throw new IllegalStateException("the publish failed");
                }))
                .isInstanceOf(IllegalStateException.class);

        assertThat(claim(T0, entry(inQueue("a"), T0.plusSeconds(300)))).isEmpty();
    }

    @Test
    void refusesAKeyTwiceInOneClaim() {
        assertThatThrownBy(
                        () -> claim(T0, entry(inQueue("a"), T0.plusSeconds(1)), entry(inQueue("a"), T0.plusSeconds(1))))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aKeyOfAMissingQueueOrTopicIsNeitherRecordedNorAnswered() {
        Entry gone = entry(key(Target.QUEUE, "gone", "", "a"), T0.plusSeconds(300));
        Entry goneTopic = entry(key(Target.TOPIC, "gone", "", "a"), T0.plusSeconds(300));

        assertThat(claim(T0, gone, goneTopic)).isEmpty();
        assertThat(claim(T0, gone, goneTopic)).isEmpty();
        queue("gone");
        assertThat(claim(T0, entry(gone.key(), T0.plusSeconds(300))))
                .as("never recorded")
                .isEmpty();
    }

    @Test
    void deletingAQueueOrTopicDeletesItsRecords() {
        claim(
                T0,
                entry(inQueue("a"), T0.plusSeconds(300)),
                entry(key(Target.QUEUE, "q2", "", "a"), T0.plusSeconds(300)),
                entry(key(Target.TOPIC, "t", "", "a"), T0.plusSeconds(300)));

        ports.unitOfWork().inTransaction(() -> ports.queues().delete("q"));
        ports.topics().delete("t");
        queue("q");
        topic("t");

        assertThat(claim(
                        T0,
                        entry(inQueue("a"), T0.plusSeconds(300)),
                        entry(key(Target.QUEUE, "q2", "", "a"), T0.plusSeconds(300)),
                        entry(key(Target.TOPIC, "t", "", "a"), T0.plusSeconds(300))))
                .containsOnlyKeys(key(Target.QUEUE, "q2", "", "a"));
    }

    @Test
    void deletesTheRecordsExpiredAtAnInstantInBatches() {
        for (int i = 0; i < 5; i++) {
            claim(T0, entry(inQueue("old" + i), T0.plusSeconds(i)));
        }
        claim(T0, entry(inQueue("valid"), T0.plusSeconds(100)));

        assertThat(store.deleteExpired(T0.plusSeconds(4), 3)).isEqualTo(3);
        assertThat(store.deleteExpired(T0.plusSeconds(4), 3)).isEqualTo(2);
        assertThat(store.deleteExpired(T0.plusSeconds(4), 3)).isZero();
        assertThat(claim(T0.plusSeconds(50), entry(inQueue("valid"), T0.plusSeconds(400))))
                .containsOnlyKeys(inQueue("valid"));
    }

    @Test
    void ofManyTransactionsClaimingOneKeyAtOnceExactlyOneRecordsIt() throws Exception {
        int publishers = 8;
        ExecutorService pool = Executors.newFixedThreadPool(publishers);
        try {
            CountDownLatch go = new CountDownLatch(1);
            List<Entry> tried = new ArrayList<>();
            List<Future<Map<DeduplicationKey, Entry>>> claims = new ArrayList<>();
            for (int i = 0; i < publishers; i++) {
                Entry mine = entry(inQueue("race"), T0.plusSeconds(300));
                tried.add(mine);
                claims.add(pool.submit(() -> {
                    go.await();
                    return claim(T0, entry(inQueue("other-" + mine.first().id()), T0.plusSeconds(300)), mine);
                }));
            }
            go.countDown();
            List<Entry> winners = new ArrayList<>();
            List<Entry> answers = new ArrayList<>();
            for (int i = 0; i < publishers; i++) {
                Map<DeduplicationKey, Entry> earlier = claims.get(i).get(1, TimeUnit.MINUTES);
                if (earlier.isEmpty()) {
                    winners.add(tried.get(i));
                } else {
                    answers.add(earlier.get(inQueue("race")));
                }
            }
            assertThat(winners).hasSize(1);
            assertThat(answers)
                    .hasSize(publishers - 1)
                    .allSatisfy(a -> assertThat(a).isEqualTo(winners.get(0)));
        } finally {
            pool.shutdownNow();
        }
    }
}
