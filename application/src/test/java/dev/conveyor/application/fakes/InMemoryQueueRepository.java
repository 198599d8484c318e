package dev.conveyor.application.fakes;

import dev.conveyor.application.port.QueueRepository;
import dev.conveyor.domain.ConveyorException;
import dev.conveyor.domain.Page;
import dev.conveyor.domain.Queue;
import dev.conveyor.domain.QueueTags;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/**
 * Queues in a sorted map: the in-memory stand-in for the queues table. Deleting a queue deletes its
 * subscriptions and messages. Like the other fakes it does not enforce the store's foreign keys.
 */
public final class InMemoryQueueRepository implements QueueRepository, DirectUnitOfWork.Participant {
    private final Guarded guarded;
    private volatile Consumer<String> onDelete = id -> {};
    private final InMemorySubscriptionRepository subscriptions;
    private final InMemoryMessageStore messages;
    private final AtomicInteger deadLetterLinkLocks = new AtomicInteger();
    private TreeMap<String, Queue> byId = new TreeMap<>();
    private TreeMap<String, QueueTags> tagsById = new TreeMap<>();
    private TreeMap<String, Instant> purgedAt = new TreeMap<>();

    /** What a transaction's rollback restores. */
    private record Snapshot(Map<String, Queue> byId, Map<String, QueueTags> tagsById, Map<String, Instant> purgedAt) {}

    /** Stand-alone, in a unit of work of its own and with nothing to delete with a queue. */
    public InMemoryQueueRepository() {
        this(new DirectUnitOfWork(), null, null);
    }

    /**
     * Rolls back with the transactions of {@code unitOfWork}; deleting a queue deletes its subscriptions and
     * messages from the given fakes (either may be null), which should share the unit of work.
     */
    public InMemoryQueueRepository(
            DirectUnitOfWork unitOfWork, InMemorySubscriptionRepository subscriptions, InMemoryMessageStore messages) {
        this.guarded = new Guarded(unitOfWork);
        this.subscriptions = subscriptions;
        this.messages = messages;
        unitOfWork.join(this);
    }

    @Override
    public void create(Queue queue) {
        guarded.run(() -> {
            if (byId.containsKey(queue.id())) {
                throw ConveyorException.conflict("queue_exists", "queue '" + queue.id() + "' already exists");
            }
            byId.put(queue.id(), queue);
        });
    }

    @Override
    public boolean update(Queue queue) {
        return guarded.get(() -> {
            Queue existing = byId.get(queue.id());
            if (existing == null) {
                return false;
            }
            // Only the settings and updated_at change; the creation time is the stored one, as in the table.
            byId.put(queue.id(), new Queue(queue.id(), queue.settings(), existing.createdAt(), queue.updatedAt()));
            return true;
        });
    }

    @Override
    public Optional<Queue> find(String id) {
        return guarded.get(() -> Optional.ofNullable(byId.get(id)));
    }

    /** As {@link #find}: the unit of work's lock already serialises whole transactions. */
    @Override
    public Optional<Queue> findForUpdate(String id) {
        return find(id);
    }

    @Override
    public List<Queue> findAll(Collection<String> ids) {
        return guarded.get(
                () -> byId.values().stream().filter(q -> ids.contains(q.id())).toList());
    }

    @Override
    public List<Queue> list(Page page) {
        return guarded.get(() ->
                byId.values().stream().skip(page.offset()).limit(page.limit()).toList());
    }

    @Override
    public List<String> namingAsDeadLetterQueue(String id) {
        return guarded.get(() -> byId.values().stream()
                .filter(q -> id.equals(q.settings().deadLetterQueueId()))
                .map(Queue::id)
                .toList());
    }

    /** A no-op beyond counting: the unit of work's lock already serialises whole transactions. */
    @Override
    public void lockDeadLetterLinks() {
        deadLetterLinkLocks.incrementAndGet();
    }

    @Override
    public boolean delete(String id) {
        return guarded.get(() -> {
            if (byId.remove(id) == null) {
                return false;
            }
            tagsById.remove(id);
            purgedAt.remove(id);
            if (subscriptions != null) {
                subscriptions.deleteOfQueue(id);
            }
            if (messages != null) {
                messages.deleteOfQueue(id);
            }
            onDelete.accept(id);
            return true;
        });
    }

    @Override
    public Optional<QueueTags> tags(String id) {
        return guarded.get(() -> byId.containsKey(id)
                ? Optional.of(tagsById.getOrDefault(id, QueueTags.NONE))
                : Optional.<QueueTags>empty());
    }

    @Override
    public boolean replaceTags(String id, QueueTags tags) {
        return guarded.get(() -> {
            if (!byId.containsKey(id)) {
                return false;
            }
            tagsById.put(id, tags);
            return true;
        });
    }

    @Override
    public boolean recordPurge(String id, Instant at, Instant lastAllowedBefore) {
        return guarded.get(() -> {
            Instant last = purgedAt.get(id);
            if (!byId.containsKey(id) || (last != null && last.isAfter(lastAllowedBefore))) {
                return false;
            }
            purgedAt.put(id, at);
            return true;
        });
    }

    /** How often {@link #lockDeadLetterLinks} was called. */
    public int deadLetterLinkLocks() {
        return deadLetterLinkLocks.get();
    }

    /** Makes deleting a queue also call {@code andThen} with its id, in the same transaction. */
    public void alsoOnDelete(Consumer<String> andThen) {
        this.onDelete = Objects.requireNonNull(andThen);
    }

    @Override
    public Object snapshot() {
        return guarded.get(() -> new Snapshot(new TreeMap<>(byId), new TreeMap<>(tagsById), new TreeMap<>(purgedAt)));
    }

    @Override
    public void restore(Object snapshot) {
        Snapshot saved = (Snapshot) Objects.requireNonNull(snapshot);
        guarded.run(() -> {
            byId = new TreeMap<>(saved.byId());
            tagsById = new TreeMap<>(saved.tagsById());
            purgedAt = new TreeMap<>(saved.purgedAt());
        });
    }
}
