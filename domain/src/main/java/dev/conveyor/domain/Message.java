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
 * @param attributeTypes the data types of typed attributes, by key; see {@link AttributeTypes}
 * @param traceHeader the tracing header it was published with, or {@code null}
 * @param firstDeliveredAt when it was first delivered from this queue; {@code null} until then
 * @param groupId its message group, or {@code null}
 * @param sequenceNumber its place in a FIFO queue, increasing in publish order; {@code null} in a standard queue
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
        DeadLetterOrigin deadLetter,
        Map<String, String> attributeTypes,
        String traceHeader,
        Instant firstDeliveredAt,
        String groupId,
        Long sequenceNumber) {
    public Message {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(queueId, "queueId");
        Objects.requireNonNull(body, "body");
        attributes = attributes == null ? Map.of() : Map.copyOf(attributes);
        Objects.requireNonNull(createdAt, "createdAt");
        Objects.requireNonNull(visibleAt, "visibleAt");
        attributeTypes = attributeTypes == null ? Map.of() : Map.copyOf(attributeTypes);
    }

    /** A message in no group and with no sequence number. */
    public Message(
            UUID id,
            String queueId,
            String body,
            Map<String, String> attributes,
            String label,
            int deliveryAttempts,
            Instant createdAt,
            Instant visibleAt,
            Instant leaseExpiresAt,
            DeadLetterOrigin deadLetter,
            Map<String, String> attributeTypes,
            String traceHeader,
            Instant firstDeliveredAt) {
        this(
                id,
                queueId,
                body,
                attributes,
                label,
                deliveryAttempts,
                createdAt,
                visibleAt,
                leaseExpiresAt,
                deadLetter,
                attributeTypes,
                traceHeader,
                firstDeliveredAt,
                null,
                null);
    }

    /** A message with plain string attributes and no trace header, never delivered from this queue. */
    public Message(
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
        this(
                id,
                queueId,
                body,
                attributes,
                label,
                deliveryAttempts,
                createdAt,
                visibleAt,
                leaseExpiresAt,
                deadLetter,
                Map.of(),
                null,
                null);
    }
}
