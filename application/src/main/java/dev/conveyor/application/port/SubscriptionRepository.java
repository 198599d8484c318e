package dev.conveyor.application.port;

import dev.conveyor.domain.Page;
import dev.conveyor.domain.Subscription;
import java.util.List;
import java.util.Optional;

/** Outgoing persistence port for subscriptions. */
public interface SubscriptionRepository {
    /** Stores a new subscription; a conflict when its id, or its topic and queue pair, is taken. */
    void create(Subscription subscription);

    Optional<Subscription> find(String id);

    /** Subscriptions ordered by id, optionally only those of one topic and/or one queue. */
    List<Subscription> list(String topicId, String queueId, Page page);

    /** Every subscription of a topic, for fan-out. */
    List<Subscription> ofTopic(String topicId);

    boolean delete(String id);
}
