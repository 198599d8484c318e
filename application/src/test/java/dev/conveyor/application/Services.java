package dev.conveyor.application;

import dev.conveyor.application.fakes.CountingQueueMetrics;
import dev.conveyor.application.fakes.InMemoryMessageBrowser;
import dev.conveyor.application.fakes.InMemoryStore;
import dev.conveyor.application.fakes.MutableClock;
import dev.conveyor.application.port.MessageStore;
import dev.conveyor.domain.Delivery;
import dev.conveyor.domain.NewMessage;
import dev.conveyor.domain.PublishedMessage;
import dev.conveyor.domain.Queue;
import dev.conveyor.domain.QueueSettings;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;

/** The use cases wired over the in-memory fakes and a clock that moves only when a test moves it. */
final class Services {
    /** Long enough that within any test only a signal can wake a long poll, never the periodic re-check. */
    static final Duration RECHECK = Duration.ofSeconds(10);

    final MutableClock clock = new MutableClock();
    final InMemoryStore store = new InMemoryStore();
    final List<Set<String>> broadcasts = new CopyOnWriteArrayList<>();
    final ArrivalBoard arrivals = new ArrivalBoard(queueIds -> broadcasts.add(Set.copyOf(queueIds)));
    final UuidV7Generator ids = new UuidV7Generator(clock);
    final CountingQueueMetrics metrics = new CountingQueueMetrics();
    final TopicService topics = new TopicService(store.topics(), clock);
    final QueueService queues = new QueueService(store.queues(), store.unitOfWork(), clock);
    final SubscriptionService subscriptions =
            new SubscriptionService(store.subscriptions(), store.topics(), store.queues(), store.unitOfWork(), clock);
    final PublishService publish = new PublishService(
            store.topics(),
            store.queues(),
            store.subscriptions(),
            store.messages(),
            store.unitOfWork(),
            ids,
            arrivals,
            clock,
            metrics);
    final ConsumeService consume =
            new ConsumeService(store.queues(), store.messages(), store.unitOfWork(), arrivals, clock, RECHECK, metrics);
    final InspectService inspect =
            new InspectService(store.queues(), store.messages(), new InMemoryMessageBrowser(store.messages()), clock);

    /** A consume service over these fakes that reads queues through {@code definitions} and stores in {@code messages}. */
    ConsumeService consumeWith(QueueDefinitions definitions, MessageStore messages) {
        return new ConsumeService(
                store.queues(),
                definitions,
                messages,
                store.unitOfWork(),
                arrivals,
                clock,
                RECHECK,
                metrics,
                CommitGroups.DEFAULT);
    }

    Queue queue(String id) {
        return queues.create(id, QueueSettings.defaults());
    }

    static NewMessage message(String body) {
        return new NewMessage(body, null, null, null);
    }

    static NewMessage message(String body, Map<String, String> attributes) {
        return new NewMessage(body, attributes, null, null);
    }

    PublishedMessage publishOne(String queueId, String body) {
        return publish.toQueue(queueId, List.of(message(body))).get(0);
    }

    List<Delivery> receive(String queueId, int max) {
        try {
            return consume.receive(queueId, new ReceiveRequest(max, 0, null));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    Delivery receiveOne(String queueId) {
        List<Delivery> deliveries = receive(queueId, 1);
        if (deliveries.size() != 1) {
            throw new AssertionError("expected one delivery from " + queueId + " but got " + deliveries);
        }
        return deliveries.get(0);
    }

    Duration advance(long seconds) {
        clock.advance(Duration.ofSeconds(seconds));
        return Duration.ofSeconds(seconds);
    }
}
