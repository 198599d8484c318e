package dev.conveyor.application.fakes;

import dev.conveyor.application.port.TopicRepository;
import dev.conveyor.domain.ConveyorException;
import dev.conveyor.domain.Page;
import dev.conveyor.domain.Topic;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Consumer;

/** Topics in a sorted map: the in-memory stand-in for the topics table; deleting one deletes its subscriptions. */
public final class InMemoryTopicRepository implements TopicRepository, DirectUnitOfWork.Participant {
    private final Guarded guarded;
    private volatile Consumer<String> onDelete = id -> {};
    private final InMemorySubscriptionRepository subscriptions;
    private TreeMap<String, Topic> byId = new TreeMap<>();

    /** Stand-alone, in a unit of work of its own and with no subscriptions to delete with a topic. */
    public InMemoryTopicRepository() {
        this(new DirectUnitOfWork(), null);
    }

    /**
     * Rolls back with the transactions of {@code unitOfWork}; deleting a topic deletes its subscriptions from
     * {@code subscriptions}, which should share the unit of work.
     */
    public InMemoryTopicRepository(DirectUnitOfWork unitOfWork, InMemorySubscriptionRepository subscriptions) {
        this.guarded = new Guarded(unitOfWork);
        this.subscriptions = subscriptions;
        unitOfWork.join(this);
    }

    @Override
    public void create(Topic topic) {
        guarded.run(() -> {
            if (byId.containsKey(topic.id())) {
                throw ConveyorException.conflict("topic_exists", "topic '" + topic.id() + "' already exists");
            }
            byId.put(topic.id(), topic);
        });
    }

    @Override
    public Optional<Topic> find(String id) {
        return guarded.get(() -> Optional.ofNullable(byId.get(id)));
    }

    @Override
    public List<Topic> list(Page page) {
        return guarded.get(() ->
                byId.values().stream().skip(page.offset()).limit(page.limit()).toList());
    }

    @Override
    public boolean delete(String id) {
        return guarded.get(() -> {
            if (byId.remove(id) == null) {
                return false;
            }
            if (subscriptions != null) {
                subscriptions.deleteOfTopic(id);
            }
            onDelete.accept(id);
            return true;
        });
    }

    /** Makes deleting a topic also call {@code andThen} with its id, in the same transaction. */
    public void alsoOnDelete(Consumer<String> andThen) {
        this.onDelete = Objects.requireNonNull(andThen);
    }

    @Override
    public Object snapshot() {
        return guarded.get(() -> new TreeMap<>(byId));
    }

    @Override
    @SuppressWarnings("unchecked")
    public void restore(Object snapshot) {
        guarded.run(() -> byId = new TreeMap<>((Map<String, Topic>) Objects.requireNonNull(snapshot)));
    }
}
