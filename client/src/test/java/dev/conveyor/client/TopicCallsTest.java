package dev.conveyor.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(SharedServer.class)
class TopicCallsTest {
    private static ConveyorClient client;

    @BeforeAll
    static void connect(ConveyorServer server) {
        client = server.client();
    }

    @Test
    void createsListsReadsAndDeletesTopics() {
        String id = Names.unique("orders");

        Topic created = client.createTopic(id);

        assertThat(created.id()).isEqualTo(id);
        assertThat(created.createdAt()).isNotNull();
        assertThat(client.getTopic(id)).isEqualTo(created);
        assertThat(client.listTopics(Paging.first(1000)).data()).contains(created);
        client.deleteTopic(id);
        assertThatThrownBy(() -> client.getTopic(id)).isInstanceOf(ConveyorException.NotFound.class);
        assertThatThrownBy(() -> client.deleteTopic(id)).isInstanceOf(ConveyorException.NotFound.class);
    }

    @Test
    void answersTheTypedErrorsOfTopics() {
        String id = client.createTopic(Names.unique("taken")).id();

        assertThatThrownBy(() -> client.createTopic(id)).isInstanceOf(ConveyorException.Conflict.class);
        assertThatThrownBy(() -> client.createTopic("not a name!"))
                .isInstanceOfSatisfying(ConveyorException.Invalid.class, invalid -> {
                    assertThat(invalid.status()).isEqualTo(422);
                    assertThat(invalid.problems())
                            .anySatisfy(problem -> assertThat(problem).contains("id"));
                });
        assertThatThrownBy(() -> client.publishToTopic(Names.unique("missing"), NewMessage.of(1)))
                .isInstanceOf(ConveyorException.NotFound.class);
    }

    @Test
    void subscriptionsFanOutWhatTheirFiltersPass() {
        String topic = client.createTopic(Names.unique("events")).id();
        String europe = client.createQueue(Names.unique("europe")).id();
        String everything = client.createQueue(Names.unique("everything")).id();
        Subscription filtered = client.createSubscription(
                new NewSubscription(Names.unique("eu-only"), topic, europe, Map.of("region", List.of("eu"))));
        Subscription all = client.createSubscription(NewSubscription.of(Names.unique("all"), topic, everything));

        assertThat(filtered.messageFilters()).containsEntry("region", List.of("eu"));
        assertThat(all.messageFilters()).isEmpty();
        assertThat(client.getSubscription(filtered.id())).isEqualTo(filtered);
        assertThat(client.listSubscriptions(topic, null, Paging.DEFAULT).data())
                .extracting(Subscription::id)
                .containsExactlyInAnyOrder(filtered.id(), all.id());
        assertThat(client.listSubscriptions(null, europe, Paging.DEFAULT).data())
                .containsExactly(filtered);
        assertThat(client.listSubscriptions().data()).isNotEmpty();

        List<Published> published = client.publishToTopic(
                topic,
                List.of(
                        NewMessage.of("for eu").withAttribute("region", "eu"),
                        NewMessage.of("for us").withAttribute("region", "us")));
        assertThat(published.get(0).queueIds()).containsExactlyInAnyOrder(europe, everything);
        assertThat(published.get(1).queueIds()).containsExactly(everything);

        client.deleteSubscription(all.id());
        assertThat(client.publishToTopic(topic, NewMessage.of("us again").withAttribute("region", "us"))
                        .queueIds())
                .isEmpty();
        assertThatThrownBy(() -> client.getSubscription(all.id())).isInstanceOf(ConveyorException.NotFound.class);
    }

    @Test
    void answersTheTypedErrorsOfSubscriptions() {
        String topic = client.createTopic(Names.unique("linked")).id();
        String queue = client.createQueue(Names.unique("linked")).id();
        client.createSubscription(NewSubscription.of(Names.unique("first"), topic, queue));

        assertThatThrownBy(() -> client.createSubscription(NewSubscription.of(Names.unique("second"), topic, queue)))
                .as("one subscription per topic and queue")
                .isInstanceOf(ConveyorException.Conflict.class);
        assertThatThrownBy(() -> client.createSubscription(
                        NewSubscription.of(Names.unique("orphan"), Names.unique("missing"), queue)))
                .isInstanceOf(ConveyorException.NotFound.class);
        assertThatThrownBy(() -> client.deleteSubscription(Names.unique("missing")))
                .isInstanceOf(ConveyorException.NotFound.class);
    }

    @Test
    void aDeduplicatedTopicPublishAnswersTheFirstId() {
        String topic = client.createTopic(Names.unique("dedup")).id();
        String queue = client.createQueue(Names.unique("dedup")).id();
        client.createSubscription(NewSubscription.of(Names.unique("dedup"), topic, queue));

        Published first = client.publishToTopic(topic, NewMessage.of("once").withDeduplicationId("event-1"));
        Published again = client.publishToTopic(topic, NewMessage.of("once").withDeduplicationId("event-1"));

        assertThat(again.id()).isEqualTo(first.id());
        assertThat(client.queueStats(queue).total()).isEqualTo(1);
    }
}
