package dev.conveyor.domain;

import java.util.List;
import java.util.UUID;

/**
 * The id given to a published message and the queues it was stored in.
 *
 * @param sequenceNumber its sequence number in the FIFO queue it was published to directly; {@code null} for a
 *     standard queue or a topic
 */
public record PublishedMessage(UUID id, List<String> queueIds, Long sequenceNumber) {
    public PublishedMessage {
        queueIds = List.copyOf(queueIds);
    }

    public PublishedMessage(UUID id, List<String> queueIds) {
        this(id, queueIds, null);
    }
}
