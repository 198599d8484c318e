package dev.conveyor.client;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * A subscription: every message published to the topic that passes the filter is stored in the queue.
 *
 * @param id its name
 * @param topicId the topic
 * @param queueId the queue
 * @param messageFilters for every key, the values one of which a message's attribute must have; empty passes all
 * @param createdAt when it was created
 */
public record Subscription(
        String id, String topicId, String queueId, Map<String, List<String>> messageFilters, Instant createdAt) {}
