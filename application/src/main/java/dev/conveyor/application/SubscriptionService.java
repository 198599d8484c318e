package dev.conveyor.application;

import dev.conveyor.application.port.QueueRepository;
import dev.conveyor.application.port.SubscriptionRepository;
import dev.conveyor.application.port.TopicRepository;
import dev.conveyor.application.port.UnitOfWork;
import dev.conveyor.domain.ConveyorException;
import dev.conveyor.domain.MessageFilter;
import dev.conveyor.domain.Page;
import dev.conveyor.domain.Subscription;
import java.time.InstantSource;
import java.util.List;

/** Use cases of subscriptions: link a topic to a queue through a filter, read, list, delete. */
public final class SubscriptionService {
    private final SubscriptionRepository subscriptions;
    private final TopicRepository topics;
    private final QueueRepository queues;
    private final UnitOfWork unitOfWork;
    private final InstantSource clock;

    public SubscriptionService(
            SubscriptionRepository subscriptions,
            TopicRepository topics,
            QueueRepository queues,
            UnitOfWork unitOfWork,
            InstantSource clock) {
        this.subscriptions = subscriptions;
        this.topics = topics;
        this.queues = queues;
        this.unitOfWork = unitOfWork;
        this.clock = clock;
    }

    public Subscription create(String id, String topicId, String queueId, MessageFilter filter) {
        Subscription subscription = new Subscription(id, topicId, queueId, filter, Now.of(clock));
        return unitOfWork.inTransaction(() -> {
            topics.require(topicId);
            queues.require(queueId);
            subscriptions.create(subscription);
            return subscription;
        });
    }

    public Subscription get(String id) {
        return subscriptions.find(id).orElseThrow(() -> ConveyorException.notFound("subscription", id));
    }

    public List<Subscription> list(String topicId, String queueId, Page page) {
        return subscriptions.list(topicId, queueId, page);
    }

    public void delete(String id) {
        if (!subscriptions.delete(id)) {
            throw ConveyorException.notFound("subscription", id);
        }
    }
}
