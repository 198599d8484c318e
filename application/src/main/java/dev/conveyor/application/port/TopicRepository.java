package dev.conveyor.application.port;

import dev.conveyor.domain.ConveyorException;
import dev.conveyor.domain.Page;
import dev.conveyor.domain.Topic;
import java.util.List;
import java.util.Optional;

/** Outgoing persistence port for topics. */
public interface TopicRepository {
    /** Stores a new topic; a conflict when one of that id exists. */
    void create(Topic topic);

    Optional<Topic> find(String id);

    /** The topic of that id; a not-found error when there is none. */
    default Topic require(String id) {
        return find(id).orElseThrow(() -> ConveyorException.notFound("topic", id));
    }

    List<Topic> list(Page page);

    /** Deletes the topic and its subscriptions; false when there was none. */
    boolean delete(String id);
}
