package dev.conveyor.reliability;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URI;
import java.util.List;

/** Creates topics, queues and subscriptions through the API, as an operator would, before the load. */
final class Setup {
    private final URI base;

    Setup(URI base) {
        this.base = base;
    }

    void topic(String id) {
        Json.expect(201, base, "/v1/topics", Json.object().put("id", id));
    }

    /** A queue with the given settings on top of its id (ack_deadline_seconds, max_deliveries...). */
    void queue(String id, ObjectNode settings) {
        Json.expect(201, base, "/v1/queues", settings.deepCopy().put("id", id));
    }

    /** A subscription; with {@code kinds} null it takes every message, else those whose attribute kind is listed. */
    void subscription(String id, String topicId, String queueId, List<String> kinds) {
        ObjectNode body = Json.object().put("id", id).put("topic_id", topicId).put("queue_id", queueId);
        if (kinds != null) {
            var values = body.putObject("message_filters").putArray("kind");
            kinds.forEach(values::add);
        }
        Json.expect(201, base, "/v1/subscriptions", body);
    }
}
