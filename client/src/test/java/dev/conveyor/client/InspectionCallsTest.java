package dev.conveyor.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(SharedServer.class)
class InspectionCallsTest {
    private static ConveyorClient client;

    @BeforeAll
    static void connect(ConveyorServer server) {
        client = server.client();
    }

    @Test
    void browsesAndSearchesWithoutLeasing() {
        String queue = client.createQueue(Names.unique("browse")).id();
        List<Published> published = client.publish(
                queue,
                List.of(
                        NewMessage.of(Map.of("total", 150, "note", "Rush order"))
                                .withAttribute("region", "eu"),
                        NewMessage.of(Map.of("total", 20, "note", "plain")).withAttribute("region", "us"),
                        NewMessage.of(Map.of("total", 500, "note", "big")).withLabel("vip")));
        List<String> ids = published.stream().map(Published::id).toList();

        assertThat(client.browse(queue).data()).extracting(Message::id).containsExactlyElementsOf(ids);
        assertThat(search(queue, MessageSearch.all().withAttribute("region", "eu", "us")))
                .containsExactly(ids.get(0), ids.get(1));
        assertThat(search(queue, MessageSearch.all().withText("RUSH"))).containsExactly(ids.get(0));
        assertThat(search(queue, MessageSearch.all().withJsonPath("$.total > 100")))
                .containsExactly(ids.get(0), ids.get(2));
        assertThat(search(queue, MessageSearch.all().withLabel("vip"))).containsExactly(ids.get(2));
        assertThat(search(
                        queue, MessageSearch.all().withJsonPath("$.total > 100").withAttribute("region", "eu")))
                .containsExactly(ids.get(0));
        assertThat(client.browse(queue, MessageSearch.all(), new Paging(1, 1)).data())
                .extracting(Message::id)
                .containsExactly(ids.get(1));

        Message one = client.getMessage(queue, ids.get(2));
        assertThat(one.label()).isEqualTo("vip");
        assertThat(one.receipt()).as("browsing").isNull();
        assertThat(one.deliveryAttempts()).isZero();
        assertThat(client.queueStats(queue).available()).as("nothing leased").isEqualTo(3);
    }

    @Test
    void answersTheTypedErrorsOfInspection() {
        String queue = client.createQueue(Names.unique("inspect-errors")).id();

        assertThatThrownBy(() -> client.getMessage(queue, "01890a5d-ac96-774b-bcce-b302099a8057"))
                .isInstanceOf(ConveyorException.NotFound.class);
        assertThatThrownBy(() -> client.browse(Names.unique("missing"))).isInstanceOf(ConveyorException.NotFound.class);
        assertThatThrownBy(() -> client.browse(queue, MessageSearch.all().withJsonPath("$$$ nonsense"), Paging.DEFAULT))
                .isInstanceOf(ConveyorException.Invalid.class);
        assertThatThrownBy(() -> client.queueHistory(queue, HistoryWindow.of(10, 1)))
                .isInstanceOfSatisfying(
                        ConveyorException.Invalid.class,
                        invalid -> assertThat(invalid.problems())
                                .anySatisfy(problem -> assertThat(problem).contains("window_seconds")));
        assertThatThrownBy(() -> client.queueStats(Names.unique("missing")))
                .isInstanceOf(ConveyorException.NotFound.class);
        assertThatThrownBy(() -> client.redrive(queue, RedriveRequest.allTo(Names.unique("missing"))))
                .isInstanceOf(ConveyorException.NotFound.class);
        assertThatThrownBy(() -> client.purge(Names.unique("missing"))).isInstanceOf(ConveyorException.NotFound.class);
    }

    @Test
    void countsAndHistories() {
        String queue = client.createQueue(Names.unique("counted")).id();
        client.publish(queue, List.of(NewMessage.of(1), NewMessage.of(2).withDelaySeconds(600)));
        client.receive(queue, ReceiveOptions.defaults());

        QueueStats stats = client.queueStats(queue);
        assertThat(stats.queueId()).isEqualTo(queue);
        assertThat(stats.inFlight()).isEqualTo(1);
        assertThat(stats.delayed()).isEqualTo(1);
        assertThat(stats.available()).isZero();
        assertThat(stats.total()).isEqualTo(2);
        assertThat(stats.oldestAvailableAgeSeconds()).isNull();

        QueueHistory history = client.queueHistory(queue, HistoryWindow.of(600, 60));
        assertThat(history.queueId()).isEqualTo(queue);
        assertThat(history.stepSeconds()).isEqualTo(60);
        assertThat(history.data())
                .isNotEmpty()
                .allSatisfy(point -> assertThat(point.rates()).isNotNull());
        assertThat(history.to()).isAfter(history.from());

        StatsOverview overview = client.stats(Paging.first(1000));
        assertThat(overview.intervalSeconds()).isPositive();
        assertThat(overview.rateWindowSeconds()).isPositive();
        assertThat(overview.data()).anySatisfy(q -> {
            assertThat(q.queueId()).isEqualTo(queue);
            assertThat(q.rates().published()).isGreaterThanOrEqualTo(0);
        });

        StatsHistories histories = client.statsHistory(HistoryWindow.defaults(), Paging.first(1000));
        assertThat(histories.limit()).isEqualTo(1000);
        assertThat(histories.data()).anySatisfy(series -> {
            assertThat(series.queueId()).isEqualTo(queue);
            assertThat(series.points()).isNotEmpty();
        });
    }

    @Test
    void deadLettersCarryTheirOriginAndRedriveBack() {
        String dead = client.createQueue(Names.unique("dead")).id();
        String source = client.createQueue(
                        Names.unique("source"),
                        QueueSettings.builder()
                                .maxDeliveries(1)
                                .deadLetterQueueId(dead)
                                .build())
                .id();
        client.publish(source, NewMessage.of("poison"));
        Message delivered = client.receive(source, ReceiveOptions.defaults()).get(0);
        client.nack(source, List.of(delivered.receipt()), null);

        Message deadLetter = client.browse(dead).data().get(0);
        assertThat(deadLetter.id()).isEqualTo(delivered.id());
        assertThat(deadLetter.deadLetter()).isNotNull();
        assertThat(deadLetter.deadLetter().sourceQueueId()).isEqualTo(source);
        assertThat(deadLetter.deadLetter().reason()).isEqualTo("max_deliveries");
        assertThat(deadLetter.deadLetter().lastDelivery()).isEqualTo("nacked");
        assertThat(deadLetter.deadLetter().at()).isNotNull();

        RedriveResult back = client.redrive(dead, RedriveRequest.allToSources());
        assertThat(back.moved()).isEqualTo(1);
        assertThat(back.skipped()).isZero();
        assertThat(back.skippedByReason()).isEqualTo(new RedriveResult.Skipped(0, 0, 0));
        assertThat(client.browse(source).data()).singleElement().satisfies(message -> {
            assertThat(message.deliveryAttempts()).isZero();
            assertThat(message.deadLetter()).isNull();
        });

        String elsewhere = client.createQueue(Names.unique("elsewhere")).id();
        RedriveResult moved = client.redrive(source, new RedriveRequest(elsewhere, List.of(delivered.id()), null));
        assertThat(moved.moved()).isEqualTo(1);
        assertThat(moved.skipped()).as("only when redriving to the sources").isNull();
    }

    @Test
    void purgesAndCleansUp() {
        String queue = client.createQueue(Names.unique("purged")).id();
        client.publish(queue, List.of(NewMessage.of(1), NewMessage.of(2)));

        assertThat(client.purge(queue)).isEqualTo(2);
        assertThat(client.queueStats(queue).total()).isZero();
        CleanupResult cleanup = client.cleanup(queue);
        assertThat(cleanup).isEqualTo(new CleanupResult(queue, 0, 0, 0));
    }

    private static List<String> search(String queue, MessageSearch search) {
        return client.browse(queue, search, Paging.DEFAULT).data().stream()
                .map(Message::id)
                .toList();
    }
}
