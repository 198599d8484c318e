package dev.conveyor.application.port;

import dev.conveyor.domain.ConveyorException;
import dev.conveyor.domain.Page;
import dev.conveyor.domain.Queue;
import dev.conveyor.domain.QueueTags;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Optional;

/** Outgoing persistence port for queues and their settings. */
public interface QueueRepository {
    /** Stores a new queue; a conflict when one of that id exists. */
    void create(Queue queue);

    /** Replaces the settings of an existing queue; false when there is none. */
    boolean update(Queue queue);

    Optional<Queue> find(String id);

    /**
     * As {@link #find}, and no other transaction can change or delete the queue until the current one ends: for a
     * read-change-write of its settings that must not lose a concurrent change.
     */
    Optional<Queue> findForUpdate(String id);

    /** The queue of that id; a not-found error when there is none. */
    default Queue require(String id) {
        return find(id).orElseThrow(() -> ConveyorException.notFound("queue", id));
    }

    /** The queues among {@code ids} that exist, in one look-up. */
    List<Queue> findAll(Collection<String> ids);

    List<Queue> list(Page page);

    /** The ids of the queues that name {@code id} as their dead-letter queue. */
    List<String> namingAsDeadLetterQueue(String id);

    /**
     * Serialises changes of dead-letter links until the current transaction ends, so that two concurrent
     * updates cannot together form a loop that neither sees alone.
     */
    void lockDeadLetterLinks();

    /** The queue's tags; empty when there is no queue. */
    Optional<QueueTags> tags(String id);

    /** Replaces the queue's tags; false when there is no queue. */
    boolean replaceTags(String id, QueueTags tags);

    /**
     * Records a purge of the queue at {@code at}, unless it was last purged after {@code lastAllowedBefore}: false
     * then, and when there is no queue. One step, so that of two instances purging at once only one goes ahead.
     */
    boolean recordPurge(String id, Instant at, Instant lastAllowedBefore);

    /** Deletes the queue with its messages and subscriptions; false when there was none. */
    boolean delete(String id);
}
