package dev.conveyor.domain;

import java.util.List;
import java.util.UUID;

/** The id given to a published message and the queues it was stored in. */
public record PublishedMessage(UUID id, List<String> queueIds) {
    public PublishedMessage {
        queueIds = List.copyOf(queueIds);
    }
}
