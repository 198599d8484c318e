package dev.conveyor.domain;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import org.junit.jupiter.api.Test;

class DeduplicationKeyTest {
    private static final Instant NOW = Instant.parse("2025-01-01T00:00:00Z");

    private static Queue queue(boolean fifo, boolean contentBased, DeduplicationScope scope) {
        QueueSettings settings = QueueSettings.withDefaults(
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                fifo,
                contentBased,
                null,
                scope,
                null);
        return new Queue("q", settings, NOW, NOW);
    }

    private static NewMessage message(String body, String groupId, String deduplicationId) {
        return new NewMessage(body, java.util.Map.of(), null, null).inGroup(groupId, deduplicationId);
    }

    @Test
    void aMessageWithoutAnIdIsNotDeduplicatedOnAStandardQueue() {
        assertThat(DeduplicationKey.ofQueuePublish(queue(false, false, null), message("{}", null, null)))
                .isEmpty();
    }

    @Test
    void anIdIsUniqueWithinTheQueue() {
        assertThat(DeduplicationKey.ofQueuePublish(queue(false, false, null), message("{}", "g", "d1")))
                .contains(new DeduplicationKey(DeduplicationKey.Target.QUEUE, "q", "", "d1"));
    }

    @Test
    void aContentBasedFifoQueueUsesTheBodysSha256WhenNoIdIsGiven() {
        Queue queue = queue(true, true, null);

        assertThat(DeduplicationKey.ofQueuePublish(queue, message("\"hello\"", "g", null)))
                .map(DeduplicationKey::deduplicationId)
                .contains("5aa762ae383fbb727af3c7a36d4940a5b8c40a989452d2304fc958ff3f354e7a");
        assertThat(DeduplicationKey.ofQueuePublish(queue, message("\"hello\"", "g", "mine")))
                .map(DeduplicationKey::deduplicationId)
                .contains("mine");
    }

    @Test
    void aQueueDeduplicatingPerGroupKeysByTheGroup() {
        assertThat(DeduplicationKey.ofQueuePublish(
                        queue(true, false, DeduplicationScope.MESSAGE_GROUP), message("{}", "g1", "d")))
                .contains(new DeduplicationKey(DeduplicationKey.Target.QUEUE, "q", "g1", "d"));
        assertThat(DeduplicationKey.ofQueuePublish(
                        queue(true, false, DeduplicationScope.QUEUE), message("{}", "g1", "d")))
                .contains(new DeduplicationKey(DeduplicationKey.Target.QUEUE, "q", "", "d"));
    }

    @Test
    void aTopicPublishIsKeyedByItsIdOnly() {
        assertThat(DeduplicationKey.ofTopicPublish("t", message("{}", "g", "d")))
                .contains(new DeduplicationKey(DeduplicationKey.Target.TOPIC, "t", "", "d"));
        assertThat(DeduplicationKey.ofTopicPublish("t", message("{}", null, null)))
                .isEmpty();
    }
}
