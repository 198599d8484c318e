package dev.conveyor.application.fakes;

import dev.conveyor.application.port.SubscriptionRepository;
import dev.conveyor.domain.ConveyorException;
import dev.conveyor.domain.Page;
import dev.conveyor.domain.Subscription;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;

/** Subscriptions in a sorted map: the in-memory stand-in for the subscriptions table. */
public final class InMemorySubscriptionRepository implements SubscriptionRepository, DirectUnitOfWork.Participant {
    private final Guarded guarded;
    private TreeMap<String, Subscription> byId = new TreeMap<>();

    /** Stand-alone, in a unit of work of its own. */
    public InMemorySubscriptionRepository() {
        this(new DirectUnitOfWork());
    }

    /** Rolls back with the transactions of {@code unitOfWork}. */
    public InMemorySubscriptionRepository(DirectUnitOfWork unitOfWork) {
        this.guarded = new Guarded(unitOfWork);
        unitOfWork.join(this);
    }

    @Override
    public void create(Subscription subscription) {
        guarded.run(() -> {
            if (byId.containsKey(subscription.id())) {
                throw ConveyorException.conflict(
                        "subscription_exists", "subscription '" + subscription.id() + "' already exists");
            }
            boolean linked = byId.values().stream()
                    .anyMatch(s -> s.topicId().equals(subscription.topicId())
                            && s.queueId().equals(subscription.queueId()));
            if (linked) {
                throw ConveyorException.conflict(
                        "subscription_exists",
                        "topic '" + subscription.topicId() + "' and queue '" + subscription.queueId()
                                + "' are already linked by another subscription");
            }
            byId.put(subscription.id(), subscription);
        });
    }

    @Override
    public Optional<Subscription> find(String id) {
        return guarded.get(() -> Optional.ofNullable(byId.get(id)));
    }

    @Override
    public List<Subscription> list(String topicId, String queueId, Page page) {
        return guarded.get(() -> byId.values().stream()
                .filter(s -> topicId == null || s.topicId().equals(topicId))
                .filter(s -> queueId == null || s.queueId().equals(queueId))
                .skip(page.offset())
                .limit(page.limit())
                .toList());
    }

    @Override
    public List<Subscription> ofTopic(String topicId) {
        return guarded.get(() ->
                byId.values().stream().filter(s -> s.topicId().equals(topicId)).toList());
    }

    @Override
    public boolean delete(String id) {
        return guarded.get(() -> byId.remove(id) != null);
    }

    /** Every subscription, ordered by id. */
    public List<Subscription> all() {
        return guarded.get(() -> List.copyOf(byId.values()));
    }

    /** The cascade of deleting a topic. */
    void deleteOfTopic(String topicId) {
        guarded.run(() -> byId.values().removeIf(s -> s.topicId().equals(topicId)));
    }

    /** The cascade of deleting a queue. */
    void deleteOfQueue(String queueId) {
        guarded.run(() -> byId.values().removeIf(s -> s.queueId().equals(queueId)));
    }

    @Override
    public Object snapshot() {
        return guarded.get(() -> new TreeMap<>(byId));
    }

    @Override
    @SuppressWarnings("unchecked")
    public void restore(Object snapshot) {
        guarded.run(() -> byId = new TreeMap<>((Map<String, Subscription>) Objects.requireNonNull(snapshot)));
    }
}
