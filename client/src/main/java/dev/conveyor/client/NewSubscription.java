package dev.conveyor.client;

import java.util.List;
import java.util.Map;

/**
 * A subscription to create.
 *
 * @param id its name
 * @param topicId an existing topic
 * @param queueId an existing queue, not linked to the topic by another subscription
 * @param messageFilters for every key, the values one of which a message's attribute must have (AND across keys, OR
 *     within one); null passes every message
 */
public record NewSubscription(String id, String topicId, String queueId, Map<String, List<String>> messageFilters) {
    /** A subscription passing every message. */
    public static NewSubscription of(String id, String topicId, String queueId) {
        return new NewSubscription(id, topicId, queueId, null);
    }
}
