package dev.conveyor.application;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.conveyor.domain.ConveyorException;
import dev.conveyor.domain.Delivery;
import dev.conveyor.domain.NewMessage;
import dev.conveyor.domain.PublishedMessage;
import dev.conveyor.domain.QueueSettings;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Publishing to and receiving from FIFO queues, through the use cases on in-memory ports. */
class FifoUseCasesTest {
    private final Services app = new Services();

    private void fifoQueue(String id) {
        app.queues.create(
                id,
                QueueSettings.withDefaults(
                        null, null, null, null, null, null, null, null, null, null, null, true, null, null, null,
                        null));
    }

    private static NewMessage inGroup(String body, String group) {
        return Services.message(body).inGroup(group, null);
    }

    @Test
    void messagesAreNumberedInPublishOrderAcrossPublishes() {
        fifoQueue("f");

        List<PublishedMessage> first = app.publish.toQueue("f", List.of(inGroup("1", "a"), inGroup("2", "b")));
        List<PublishedMessage> second = app.publish.toQueue("f", List.of(inGroup("3", "a")));

        assertThat(first).extracting(PublishedMessage::sequenceNumber).containsExactly(1L, 2L);
        assertThat(second).extracting(PublishedMessage::sequenceNumber).containsExactly(3L);
    }

    @Test
    void aStandardQueueGivesNoSequenceNumbers() {
        app.queue("s");

        assertThat(app.publish.toQueue("s", List.of(inGroup("1", "a"))))
                .extracting(PublishedMessage::sequenceNumber)
                .containsOnlyNulls();
    }

    @Test
    void aReceiveTakesAGroupsMessagesInOrderAndNothingMoreOfItUntilTheyAreAcked() {
        fifoQueue("f");
        app.publish.toQueue("f", List.of(inGroup("1", "a"), inGroup("2", "a"), inGroup("3", "b")));

        List<Delivery> first = app.receive("f", 2);
        assertThat(first).extracting(d -> d.message().body()).containsExactly("1", "2");
        List<Delivery> second = app.receive("f", 10);
        assertThat(second).extracting(d -> d.message().body()).containsExactly("3");
        assertThat(app.receive("f", 10)).isEmpty();
    }

    @Test
    void aMessageWithoutAGroupIsRefusedAndNothingIsStored() {
        fifoQueue("f");

        assertThatThrownBy(() -> app.publish.toQueue("f", List.of(inGroup("1", "a"), Services.message("2"))))
                .isInstanceOf(ConveyorException.class)
                .hasMessageContaining("group_id is required");
        assertThat(app.receive("f", 10)).isEmpty();
    }

    @Test
    void aReceiveByLabelIsRefused() {
        fifoQueue("f");

        assertThatThrownBy(() -> app.consume.receive("f", new ReceiveRequest(1, 0, "urgent")))
                .isInstanceOf(ConveyorException.class)
                .hasMessageContaining("label cannot be used");
    }
}
