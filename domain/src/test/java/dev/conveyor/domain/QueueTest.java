package dev.conveyor.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import org.junit.jupiter.api.Test;

class QueueTest {
    private static final Instant NOW = Instant.parse("2025-01-01T00:00:00Z");

    private static QueueSettings deadLetteringTo(String queueId) {
        return QueueSettings.withDefaults(null, null, null, 3, queueId, null, null, null);
    }

    @Test
    void cannotBeItsOwnDeadLetterQueue() {
        assertThatThrownBy(() -> new Queue("orders", deadLetteringTo("orders"), NOW, NOW))
                .isInstanceOfSatisfying(ConveyorException.class, e -> {
                    assertThat(e.kind()).isEqualTo(ConveyorException.Kind.INVALID);
                    assertThat(e.errors())
                            .containsExactly("dead_letter_queue_id must name another queue, not the queue itself");
                });
    }

    @Test
    void mayDeadLetterIntoAnotherQueue() {
        Queue queue = new Queue("orders", deadLetteringTo("orders-dlq"), NOW, NOW);

        assertThat(queue.settings().deadLetterQueueId()).isEqualTo("orders-dlq");
    }

    @Test
    void comparesDeadLetterQueueNamesCaseSensitively() {
        Queue queue = new Queue("orders", deadLetteringTo("Orders"), NOW, NOW);

        assertThat(queue.settings().deadLetterQueueId()).isEqualTo("Orders");
    }

    @Test
    void refusesAnInvalidId() {
        assertThatThrownBy(() -> new Queue("_orders", QueueSettings.defaults(), NOW, NOW))
                .isInstanceOfSatisfying(
                        ConveyorException.class, e -> assertThat(e.errors()).containsExactly("id " + Names.RULE));
    }

    @Test
    void topicsAndSubscriptionsFollowTheSameNamingRule() {
        assertThatThrownBy(() -> new Topic("a b", NOW))
                .isInstanceOfSatisfying(
                        ConveyorException.class, e -> assertThat(e.errors()).containsExactly("id " + Names.RULE));
        assertThatThrownBy(() -> new Subscription("s", "-t", null, null, NOW))
                .isInstanceOfSatisfying(
                        ConveyorException.class,
                        e -> assertThat(e.errors()).containsExactly("topic_id " + Names.RULE, "queue_id is required"));
        assertThat(new Subscription("s", "t", "q", null, NOW).filter()).isEqualTo(MessageFilter.everything());
    }
}
