package dev.conveyor.application;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.conveyor.domain.ConveyorException;
import dev.conveyor.domain.ConveyorException.Kind;
import dev.conveyor.domain.Message;
import dev.conveyor.domain.NewMessage;
import dev.conveyor.domain.Page;
import dev.conveyor.domain.QueueStats;
import java.util.List;
import org.junit.jupiter.api.Test;

class InspectServiceTest {
    private final Services app = new Services();

    @Test
    void browsesWithoutLeasing() {
        app.queue("orders");
        app.publishOne("orders", "1");
        app.publishOne("orders", "2");

        List<Message> browsed = app.inspect.browse("orders", Page.of(null, null));

        assertThat(browsed).extracting(Message::body).containsExactly("1", "2");
        assertThat(browsed).allSatisfy(m -> assertThat(m.deliveryAttempts()).isZero());
        assertThat(app.receive("orders", 10)).hasSize(2);
    }

    @Test
    void countsMessagesByState() {
        app.queue("orders");
        app.publish.toQueue(
                "orders", List.of(Services.message("1"), Services.message("2"), new NewMessage("3", null, null, 60)));
        app.advance(10);
        app.receiveOne("orders");

        QueueStats stats = app.inspect.stats("orders");

        assertThat(stats).isEqualTo(new QueueStats("orders", 1, 1, 1, 10L));
        assertThat(stats.total()).isEqualTo(3);
    }

    @Test
    void anEmptyQueueHasNoOldestAge() {
        app.queue("orders");

        assertThat(app.inspect.stats("orders")).isEqualTo(new QueueStats("orders", 0, 0, 0, null));
    }

    @Test
    void refusesAnUnknownQueue() {
        assertThatThrownBy(() -> app.inspect.stats("nowhere"))
                .isInstanceOfSatisfying(
                        ConveyorException.class, e -> assertThat(e.kind()).isEqualTo(Kind.NOT_FOUND));
        assertThatThrownBy(() -> app.inspect.browse("nowhere", Page.of(null, null)))
                .isInstanceOfSatisfying(
                        ConveyorException.class, e -> assertThat(e.kind()).isEqualTo(Kind.NOT_FOUND));
    }
}
