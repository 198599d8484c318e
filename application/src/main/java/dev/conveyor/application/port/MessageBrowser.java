package dev.conveyor.application.port;

import dev.conveyor.domain.Message;
import dev.conveyor.domain.MessageQuery;
import dev.conveyor.domain.Page;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/** Outgoing port for reading a queue's stored messages as they are, never leasing or changing them. */
public interface MessageBrowser {
    /**
     * One page of the queue's stored messages that match {@code query}, oldest first. A search that reads for too
     * long without filling its page is refused as too broad (invalid), naming what narrows it.
     */
    List<Message> find(String queueId, MessageQuery query, Page page);

    /** The queue's stored message of that id, if it is still there. */
    Optional<Message> get(String queueId, UUID messageId);
}
