package dev.conveyor.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.NullNode;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(SharedServer.class)
class MessageCallsTest {
    private static ConveyorClient client;

    /** A body of the caller's own: its field names stay as written, whatever the API's naming. */
    record Order(int orderId, String customerName) {}

    @BeforeAll
    static void connect(ConveyorServer server) {
        client = server.client();
    }

    @Test
    void publishesReceivesAndAcks() {
        String queue = client.createQueue(Names.unique("work")).id();

        List<Published> published = client.publish(
                queue,
                List.of(
                        NewMessage.of(new Order(42, "Ada")).withAttribute("region", "eu"),
                        NewMessage.ofJson("[1, 2, 3]").withLabel("priority"),
                        NewMessage.of(NullNode.getInstance())));

        assertThat(published).hasSize(3);
        assertThat(published).allSatisfy(p -> assertThat(p.queueIds()).containsExactly(queue));
        assertThat(published.get(0).sequenceNumber()).as("a standard queue").isNull();

        List<Message> received = client.receive(queue, ReceiveOptions.of(10, 0));
        assertThat(received)
                .extracting(Message::id)
                .containsExactlyElementsOf(published.stream().map(Published::id).toList());
        Message first = received.get(0);
        assertThat(first.bodyAs(Order.class)).isEqualTo(new Order(42, "Ada"));
        assertThat(first.body().has("orderId")).as("the caller's field names").isTrue();
        assertThat(first.attributes()).containsEntry("region", "eu");
        assertThat(first.deliveryAttempts()).isEqualTo(1);
        assertThat(first.receipt()).isNotBlank();
        assertThat(first.leaseExpiresAt()).isAfter(Instant.now());
        assertThat(first.queueId()).isEqualTo(queue);
        assertThat(received.get(1).body().toString()).isEqualTo("[1,2,3]");
        assertThat(received.get(1).label()).isEqualTo("priority");
        assertThat(received.get(2).body().isNull()).isTrue();

        ReceiptOutcome acked =
                client.ack(queue, received.stream().map(Message::receipt).toList());

        assertThat(acked.allSucceeded()).isTrue();
        assertThat(acked.succeeded()).hasSize(3);
        assertThat(client.queueStats(queue).total()).isZero();
    }

    @Test
    void receivesByLabelForTheLeaseAsked() {
        String queue = client.createQueue(Names.unique("labels")).id();
        client.publish(
                queue, List.of(NewMessage.of("plain"), NewMessage.of("urgent").withLabel("priority")));

        List<Message> received = client.receive(
                queue, ReceiveOptions.of(10, 0).withLabel("priority").withLeaseSeconds(600));

        assertThat(received).singleElement().satisfies(message -> {
            assertThat(message.body().asText()).isEqualTo("urgent");
            assertThat(message.leaseExpiresAt()).isAfter(Instant.now().plusSeconds(500));
        });
    }

    @Test
    void nackAndExtendEndLeasesAndAStaleReceiptFails() {
        String queue = client.createQueue(Names.unique("leases")).id();
        client.publish(queue, NewMessage.of("again"));
        Message first = client.receive(queue, ReceiveOptions.defaults()).get(0);

        assertThat(client.nack(queue, List.of(first.receipt()), 0).succeeded()).containsExactly(first.receipt());
        Message second = client.receive(queue, ReceiveOptions.defaults()).get(0);
        assertThat(second.deliveryAttempts()).isEqualTo(2);

        ReceiptOutcome extended = client.extend(queue, List.of(second.receipt(), first.receipt()), 0);
        assertThat(extended.succeeded()).containsExactly(second.receipt());
        assertThat(extended.failed()).singleElement().satisfies(failure -> {
            assertThat(failure.receipt()).isEqualTo(first.receipt());
            assertThat(failure.reason()).isNotBlank();
        });
        Message third = client.receive(queue, ReceiveOptions.defaults()).get(0);
        assertThat(third.deliveryAttempts()).as("released by the extend of 0 s").isEqualTo(3);
        assertThat(client.ack(queue, List.of(second.receipt())).failed()).hasSize(1);
    }

    @Test
    void aLongPollWaitsForAMessage() {
        String queue = client.createQueue(Names.unique("poll")).id();

        long started = System.nanoTime();
        assertThat(client.receive(queue, ReceiveOptions.of(1, 1))).isEmpty();
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isGreaterThanOrEqualTo(Duration.ofMillis(900));
    }

    @Test
    void aFifoQueueNumbersItsMessagesAndDeduplicates() {
        String queue = client.createQueue(
                        Names.unique("fifo"), QueueSettings.builder().fifo(true).build())
                .id();

        Published first = client.publish(
                queue, NewMessage.of("one").withGroupId("order-1").withDeduplicationId("order-1-created"));
        Published again = client.publish(
                queue, NewMessage.of("one").withGroupId("order-1").withDeduplicationId("order-1-created"));

        assertThat(first.sequenceNumber()).isNotNull();
        assertThat(again.id()).as("a duplicate answers the first message's id").isEqualTo(first.id());
        assertThat(client.queueStats(queue).total()).isEqualTo(1);
        assertThat(client.receive(queue, ReceiveOptions.defaults()))
                .singleElement()
                .satisfies(message -> {
                    assertThat(message.groupId()).isEqualTo("order-1");
                    assertThat(message.sequenceNumber()).isEqualTo(first.sequenceNumber());
                });
        assertThatThrownBy(() -> client.publish(queue, NewMessage.of("no group")))
                .isInstanceOfSatisfying(
                        ConveyorException.Invalid.class,
                        invalid -> assertThat(invalid.problems())
                                .anySatisfy(problem -> assertThat(problem).contains("group_id")));
    }

    @Test
    void answersTheTypedErrorsOfMessages() {
        String queue = client.createQueue(
                        Names.unique("small"),
                        QueueSettings.builder().maxMessages(1L).build())
                .id();
        client.publish(queue, NewMessage.of("fills it"));

        assertThatThrownBy(() -> client.publish(queue, NewMessage.of("one too many")))
                .isInstanceOfSatisfying(
                        ConveyorException.TooManyRequests.class,
                        full -> assertThat(full.status()).isEqualTo(429));
        assertThatThrownBy(() -> client.publish(Names.unique("missing"), NewMessage.of("x")))
                .isInstanceOf(ConveyorException.NotFound.class);
        List<NewMessage> tooMany = IntStream.range(0, 101)
                .mapToObj(i -> NewMessage.of(Map.of("i", i)))
                .toList();
        assertThatThrownBy(() -> client.publish(queue, tooMany)).isInstanceOf(ConveyorException.Invalid.class);
        assertThatThrownBy(() -> client.receive(queue, new ReceiveOptions(0, 0, null, 0)))
                .isInstanceOfSatisfying(
                        ConveyorException.Invalid.class,
                        invalid -> assertThat(invalid.problems())
                                .anySatisfy(problem -> assertThat(problem).contains("max_messages"))
                                .anySatisfy(problem -> assertThat(problem).contains("lease_seconds")));
        assertThatThrownBy(() -> client.receive(Names.unique("missing"), ReceiveOptions.defaults()))
                .isInstanceOf(ConveyorException.NotFound.class);
        assertThatThrownBy(() -> client.ack(queue, List.of())).isInstanceOf(ConveyorException.Invalid.class);
    }
}
