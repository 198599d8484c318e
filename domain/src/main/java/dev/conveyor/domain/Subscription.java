package dev.conveyor.domain;

import java.time.Instant;
import java.util.Objects;

/** Links a topic to a queue: messages published to the topic that match the filter are copied to the queue. */
public record Subscription(String id, String topicId, String queueId, MessageFilter filter, Instant createdAt) {
    public Subscription {
        new Violations()
                .name("id", id)
                .name("topic_id", topicId)
                .name("queue_id", queueId)
                .throwIfAny();
        filter = filter == null ? MessageFilter.everything() : filter;
        Objects.requireNonNull(createdAt, "createdAt");
    }
}
