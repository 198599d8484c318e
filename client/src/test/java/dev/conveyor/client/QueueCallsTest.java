package dev.conveyor.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(SharedServer.class)
class QueueCallsTest {
    private static ConveyorClient client;

    @BeforeAll
    static void connect(ConveyorServer server) {
        client = server.client();
    }

    @Test
    void createsAQueueWithItsSettingsAndReadsItBack() {
        String dead = client.createQueue(Names.unique("dead")).id();
        String id = Names.unique("orders");

        Queue created = client.createQueue(
                id,
                QueueSettings.builder()
                        .ackDeadlineSeconds(45)
                        .maxDeliveries(3)
                        .deadLetterQueueId(dead)
                        .backoffMinSeconds(1)
                        .backoffMaxSeconds(8)
                        .maxMessages(1000L)
                        .build());

        assertThat(created.id()).isEqualTo(id);
        assertThat(created.ackDeadlineSeconds()).isEqualTo(45);
        assertThat(created.maxDeliveries()).isEqualTo(3);
        assertThat(created.deadLetterQueueId()).isEqualTo(dead);
        assertThat(created.maxMessages()).isEqualTo(1000L);
        assertThat(created.messageRetentionSeconds()).as("a default").isEqualTo(1_209_600);
        assertThat(created.fifo()).isFalse();
        assertThat(created.deduplicationScope()).isEqualTo("queue");
        assertThat(created.createdAt()).isNotNull();
        assertThat(client.getQueue(id)).isEqualTo(created);
    }

    @Test
    void listsQueuesByNamePageByPage() {
        String prefix = Names.unique("paged");
        client.createQueue(prefix + "-a");
        client.createQueue(prefix + "-b");

        Page<Queue> all = client.listQueues(Paging.first(1000));
        assertThat(all.data()).extracting(Queue::id).contains(prefix + "-a", prefix + "-b");
        int at = all.data().stream().map(Queue::id).toList().indexOf(prefix + "-a");

        Page<Queue> one = client.listQueues(new Paging(1, at));
        assertThat(one.data()).extracting(Queue::id).containsExactly(prefix + "-a");
        assertThat(one.limit()).isEqualTo(1);
        assertThat(one.offset()).isEqualTo(at);
        assertThat(client.listQueues(one.next()).data()).extracting(Queue::id).containsExactly(prefix + "-b");
    }

    @Test
    void replacesSettingsWholeWithPut() {
        String id = Names.unique("put");
        client.createQueue(
                id,
                QueueSettings.builder().ackDeadlineSeconds(45).maxDeliveries(3).build());

        Queue replaced = client.replaceQueue(
                id, QueueSettings.builder().deliveryDelaySeconds(5).build());

        assertThat(replaced.deliveryDelaySeconds()).isEqualTo(5);
        assertThat(replaced.ackDeadlineSeconds()).as("left out: its default").isEqualTo(30);
        assertThat(replaced.maxDeliveries()).as("left out: its default").isNull();
    }

    @Test
    void patchesSomeSettingsAndResetsOthersWithNull() {
        String id = Names.unique("patch");
        client.createQueue(
                id,
                QueueSettings.builder().ackDeadlineSeconds(45).maxDeliveries(3).build());

        Queue patched = client.patchQueue(
                id, QueuePatch.create().deliveryDelaySeconds(7).maxDeliveries(null));

        assertThat(patched.deliveryDelaySeconds()).isEqualTo(7);
        assertThat(patched.ackDeadlineSeconds()).as("not named: kept").isEqualTo(45);
        assertThat(patched.maxDeliveries()).as("null: reset").isNull();
    }

    @Test
    void deletesAQueue() {
        String id = Names.unique("gone");
        client.createQueue(id);

        client.deleteQueue(id);

        assertThatThrownBy(() -> client.getQueue(id)).isInstanceOf(ConveyorException.NotFound.class);
    }

    @Test
    void answersTheTypedErrors() {
        String id = Names.unique("errors");
        client.createQueue(id);

        assertThatThrownBy(() -> client.createQueue(id))
                .isInstanceOfSatisfying(ConveyorException.Conflict.class, conflict -> {
                    assertThat(conflict.status()).isEqualTo(409);
                    assertThat(conflict.getMessage()).contains(id);
                    assertThat(conflict.requestId()).isPresent();
                });
        assertThatThrownBy(() -> client.getQueue(Names.unique("missing")))
                .isInstanceOfSatisfying(
                        ConveyorException.NotFound.class,
                        notFound -> assertThat(notFound.status()).isEqualTo(404));
        assertThatThrownBy(() -> client.patchQueue(
                        Names.unique("missing"), QueuePatch.create().maxMessages(5L)))
                .isInstanceOf(ConveyorException.NotFound.class);
        assertThatThrownBy(() -> client.createQueue(
                        Names.unique("bad"),
                        QueueSettings.builder()
                                .ackDeadlineSeconds(0)
                                .backoffMinSeconds(10)
                                .backoffMaxSeconds(1)
                                .build()))
                .isInstanceOfSatisfying(ConveyorException.Invalid.class, invalid -> {
                    assertThat(invalid.status()).isEqualTo(422);
                    assertThat(invalid.problems()).hasSizeGreaterThanOrEqualTo(2);
                    assertThat(invalid.problems())
                            .anySatisfy(problem -> assertThat(problem).contains("ack_deadline_seconds"));
                    assertThat(invalid.problems())
                            .anySatisfy(problem -> assertThat(problem).contains("backoff"));
                });
    }

    @Test
    void refusesToDeleteADeadLetterQueueInUse() {
        String dead = client.createQueue(Names.unique("dlq")).id();
        client.createQueue(
                Names.unique("source"),
                QueueSettings.builder().deadLetterQueueId(dead).build());

        assertThatThrownBy(() -> client.deleteQueue(dead)).isInstanceOf(ConveyorException.Conflict.class);
        assertThat(client.getQueue(dead).id()).isEqualTo(dead);
    }

    @Test
    void createsAFifoQueue() {
        Queue fifo = client.createQueue(
                Names.unique("fifo"),
                QueueSettings.builder()
                        .fifo(true)
                        .contentBasedDeduplication(true)
                        .deduplicationWindowSeconds(600)
                        .deduplicationScope("message_group")
                        .allowedDeadLetterSources(List.of())
                        .build());

        assertThat(fifo.fifo()).isTrue();
        assertThat(fifo.contentBasedDeduplication()).isTrue();
        assertThat(fifo.deduplicationWindowSeconds()).isEqualTo(600);
        assertThat(fifo.deduplicationScope()).isEqualTo("message_group");
        assertThat(fifo.allowedDeadLetterSources()).isEmpty();
    }
}
