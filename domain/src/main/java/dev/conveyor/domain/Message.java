package dev.conveyor.domain;

import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;

/**
 * A message stored in a queue.
 *
 * @param body the JSON text of the body
 * @param leaseExpiresAt when the latest lease ends or ended; {@code null} when never leased, or released by a nack
 * @param deadLetter where the message was dead-lettered from; {@code null} when it never was (or was redriven since)
 */
public record Message(
        UUID id,
        String queueId,
        String body,
        Map<String, String> attributes,
        String label,
        int deliveryAttempts,
        Instant createdAt,
        Instant visibleAt,
        Instant leaseExpiresAt,
        DeadLetterOrigin deadLetter) {
    public Message {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(queueId, "queueId");
        Objects.requireNonNull(body, "body");
        attributes = attributes == null ? Map.of() : Map.copyOf(attributes);
        Objects.requireNonNull(createdAt, "createdAt");
        Objects.requireNonNull(visibleAt, "visibleAt");
    }
}
