package dev.conveyor.application;

import dev.conveyor.application.port.QueueRepository;
import dev.conveyor.application.port.UnitOfWork;
import dev.conveyor.domain.ConveyorException;
import dev.conveyor.domain.Page;
import dev.conveyor.domain.Queue;
import dev.conveyor.domain.QueueSettings;
import dev.conveyor.domain.QueueSettingsPatch;
import dev.conveyor.domain.QueueTags;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;

/** Use cases of queues: create, read, list, replace or patch settings, tag, delete. */
public final class QueueService {
    private final QueueRepository queues;
    private final UnitOfWork unitOfWork;
    private final InstantSource clock;

    private final QueueDefinitions definitions;

    public QueueService(QueueRepository queues, UnitOfWork unitOfWork, InstantSource clock) {
        this(queues, unitOfWork, clock, QueueDefinitions.uncached(queues));
    }

    /** @param definitions told of every change once it committed, so this instance's consumers see it at once */
    public QueueService(
            QueueRepository queues, UnitOfWork unitOfWork, InstantSource clock, QueueDefinitions definitions) {
        this.queues = queues;
        this.unitOfWork = unitOfWork;
        this.clock = clock;
        this.definitions = definitions;
    }

    public Queue create(String id, QueueSettings settings) {
        return create(id, settings, QueueTags.NONE);
    }

    /** A new queue with its tags, both stored or neither. */
    public Queue create(String id, QueueSettings settings, QueueTags tags) {
        Instant now = Now.of(clock);
        Queue queue = new Queue(id, settings, now, now);
        return unitOfWork.inTransaction(() -> {
            checkDeadLetterQueue(queue, null);
            queues.create(queue);
            if (!tags.tags().isEmpty()) {
                queues.replaceTags(id, tags);
            }
            return queue;
        });
    }

    public Queue get(String id) {
        return queues.require(id);
    }

    /**
     * The queue as read at most a moment ago (see {@link QueueDefinitions}): enough to check a message against its
     * queue's kind before publishing it, without a read of its own.
     */
    public Queue recent(String id) {
        return definitions.get(id);
    }

    public List<Queue> list(Page page) {
        return queues.list(page);
    }

    /** Replaces every setting of the queue; they apply to its stored messages from now on. */
    public Queue update(String id, QueueSettings settings) {
        Queue stored = unitOfWork.inTransaction(() -> store(get(id), settings));
        definitions.forget(id);
        return stored;
    }

    /**
     * Changes the settings the patch names and keeps the others, refused as {@link #update} would refuse the
     * result. Read, merged and written in one transaction with the queue locked, so that a concurrent change is
     * neither lost nor merged into half-way.
     */
    public Queue patch(String id, QueueSettingsPatch patch) {
        Queue stored = unitOfWork.inTransaction(() -> {
            // The dead-letter links' lock before the queue's row, the order delete takes them in: taking the row
            // first could deadlock with a delete of the same queue.
            queues.lockDeadLetterLinks();
            Queue existing = queues.findForUpdate(id).orElseThrow(() -> ConveyorException.notFound("queue", id));
            return patch.isEmpty() ? existing : store(existing, patch.applyTo(existing.settings()));
        });
        definitions.forget(id);
        return stored;
    }

    /** Writes new settings over those of {@code existing}, checking the dead-letter queue they name. */
    private Queue store(Queue existing, QueueSettings settings) {
        if (settings.fifo() != existing.settings().fifo()) {
            throw ConveyorException.invalid("fifo cannot be changed: queue '" + existing.id() + "' was created "
                    + (existing.settings().fifo() ? "fifo" : "standard") + "; create a new queue instead");
        }
        Queue updated = new Queue(existing.id(), settings, existing.createdAt(), Now.of(clock));
        checkDeadLetterQueue(updated, existing.settings().deadLetterQueueId());
        if (!queues.update(updated)) {
            throw ConveyorException.notFound("queue", existing.id());
        }
        return updated;
    }

    /** Deletes the queue, its messages and its subscriptions, unless another queue dead-letters into it. */
    public void delete(String id) {
        unitOfWork.inTransaction(() -> {
            queues.lockDeadLetterLinks();
            List<String> sources = new ArrayList<>(queues.namingAsDeadLetterQueue(id));
            sources.remove(id);
            if (!sources.isEmpty()) {
                throw ConveyorException.conflict(
                        "queue_in_use",
                        "queue '" + id + "' is the dead-letter queue of " + String.join(", ", sources)
                                + "; change their dead_letter_queue_id first");
            }
            if (!queues.delete(id)) {
                throw ConveyorException.notFound("queue", id);
            }
            return null;
        });
        definitions.forget(id);
    }

    /** The ids of the queues whose dead-letter queue is this one, in id order. */
    public List<String> deadLetterSources(String id) {
        queues.require(id);
        return queues.namingAsDeadLetterQueue(id);
    }

    /** The queue's tags. */
    public QueueTags tags(String id) {
        return queues.tags(id).orElseThrow(() -> ConveyorException.notFound("queue", id));
    }

    /** Adds tags to the queue, a key it has already taking the new value; refused whole past the tags' bounds. */
    public QueueTags tag(String id, Map<String, String> added) {
        return changeTags(id, tags -> tags.with(added));
    }

    /** Removes the tags of those keys; a key the queue does not have is ignored. */
    public QueueTags untag(String id, Collection<String> keys) {
        return changeTags(id, tags -> tags.without(keys));
    }

    /** Reads, changes and writes the tags with the queue locked, so that a concurrent change is not lost. */
    private QueueTags changeTags(String id, UnaryOperator<QueueTags> change) {
        return unitOfWork.inTransaction(() -> {
            if (queues.findForUpdate(id).isEmpty()) {
                throw ConveyorException.notFound("queue", id);
            }
            QueueTags changed = change.apply(tags(id));
            queues.replaceTags(id, changed);
            return changed;
        });
    }

    /**
     * The dead-letter queue must exist, and following dead-letter links from it must not come back; a newly named one
     * must allow this queue as a source (its redrive allow policy). A link made before the policy changed stays.
     */
    private void checkDeadLetterQueue(Queue queue, String previousTarget) {
        String target = queue.settings().deadLetterQueueId();
        if (target == null) {
            return;
        }
        queues.lockDeadLetterLinks();
        List<String> path = new ArrayList<>(List.of(queue.id()));
        String next = target;
        while (next != null) {
            path.add(next);
            if (next.equals(queue.id())) {
                throw ConveyorException.conflict(
                        "dead_letter_loop",
                        "dead_letter_queue_id would form a loop of dead-letter queues: " + String.join(" -> ", path));
            }
            String current = next;
            Queue hop = queues.find(current).orElse(null);
            if (hop == null) {
                throw ConveyorException.invalid("dead_letter_queue_id names no existing queue: '" + current + "'");
            }
            if (current.equals(target)
                    && hop.settings().fifo() != queue.settings().fifo()) {
                // As on SQS: a FIFO queue's dead letters keep their groups and order only in a FIFO queue, and a
                // standard queue's messages have no group to be delivered by.
                throw ConveyorException.invalid("dead_letter_queue_id names queue '" + target + "', a "
                        + (hop.settings().fifo() ? "fifo" : "standard") + " queue; the dead-letter queue of a "
                        + (queue.settings().fifo() ? "fifo" : "standard") + " queue must be "
                        + (queue.settings().fifo() ? "fifo" : "standard") + " too");
            }
            if (current.equals(target)
                    && !target.equals(previousTarget)
                    && !hop.settings().redriveAllowPolicy().allows(queue.id())) {
                throw ConveyorException.invalid("dead_letter_queue_id names queue '" + target
                        + "', whose redrive allow policy does not let queue '" + queue.id() + "' dead-letter into it");
            }
            next = hop.settings().deadLetterQueueId();
            if (path.size() > 1000) {
                break; // a loop that does not pass through this queue predates this check; it is not ours to report
            }
        }
    }
}
