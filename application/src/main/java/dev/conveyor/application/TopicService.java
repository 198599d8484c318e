package dev.conveyor.application;

import dev.conveyor.application.port.TopicRepository;
import dev.conveyor.domain.ConveyorException;
import dev.conveyor.domain.Page;
import dev.conveyor.domain.Topic;
import java.time.InstantSource;
import java.util.List;

/** Use cases of topics: create, read, list, delete. */
public final class TopicService {
    private final TopicRepository topics;
    private final InstantSource clock;

    public TopicService(TopicRepository topics, InstantSource clock) {
        this.topics = topics;
        this.clock = clock;
    }

    public Topic create(String id) {
        Topic topic = new Topic(id, Now.of(clock));
        topics.create(topic);
        return topic;
    }

    public Topic get(String id) {
        return topics.require(id);
    }

    public List<Topic> list(Page page) {
        return topics.list(page);
    }

    /** Deletes the topic and its subscriptions; the queues stay. */
    public void delete(String id) {
        if (!topics.delete(id)) {
            throw ConveyorException.notFound("topic", id);
        }
    }
}
