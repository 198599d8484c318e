package dev.conveyor.application.fakes;

import dev.conveyor.domain.DeduplicationKey;

/**
 * Every in-memory persistence fake, wired as the real store is: one unit of work over all of them (so a
 * refused use case rolls back everywhere), and deletes that cascade from topics and queues to subscriptions,
 * messages and deduplication records.
 */
public final class InMemoryStore {
    private final DirectUnitOfWork unitOfWork = new DirectUnitOfWork();
    private final InMemorySubscriptionRepository subscriptions = new InMemorySubscriptionRepository(unitOfWork);
    private final InMemoryMessageStore messages = new InMemoryMessageStore(unitOfWork);
    private final InMemoryTopicRepository topics = new InMemoryTopicRepository(unitOfWork, subscriptions);
    private final InMemoryQueueRepository queues = new InMemoryQueueRepository(unitOfWork, subscriptions, messages);
    private final InMemoryDeduplicationStore deduplications = new InMemoryDeduplicationStore(unitOfWork);

    public InMemoryStore() {
        messages.knowQueues(id -> queues.find(id).isPresent());
        deduplications.knowTargets(key -> key.target() == DeduplicationKey.Target.QUEUE
                ? queues.find(key.targetId()).isPresent()
                : topics.find(key.targetId()).isPresent());
        queues.alsoOnDelete(id -> deduplications.forget(DeduplicationKey.Target.QUEUE, id));
        topics.alsoOnDelete(id -> deduplications.forget(DeduplicationKey.Target.TOPIC, id));
    }

    public DirectUnitOfWork unitOfWork() {
        return unitOfWork;
    }

    public InMemoryTopicRepository topics() {
        return topics;
    }

    public InMemoryQueueRepository queues() {
        return queues;
    }

    public InMemorySubscriptionRepository subscriptions() {
        return subscriptions;
    }

    public InMemoryMessageStore messages() {
        return messages;
    }

    public InMemoryDeduplicationStore deduplications() {
        return deduplications;
    }
}
