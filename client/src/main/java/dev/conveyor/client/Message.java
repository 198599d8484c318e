package dev.conveyor.client;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.Map;

/**
 * A stored message, as a receive delivers it (with a receipt) or a browse shows it (without).
 *
 * @param id its id
 * @param queueId the queue holding this copy
 * @param body the JSON value published
 * @param attributes its attributes
 * @param label its label, or null
 * @param deliveryAttempts how many times it has been delivered, this delivery included
 * @param createdAt when it was published
 * @param leaseExpiresAt when the latest lease ends (or ended); null when never leased or released
 * @param receipt names this delivery, for ack, nack and extend; null when browsing
 * @param deadLetter where it came from when it was dead-lettered; null otherwise
 * @param groupId its message group, or null
 * @param sequenceNumber its place in a FIFO queue; null in a standard queue
 */
public record Message(
        String id,
        String queueId,
        JsonNode body,
        Map<String, String> attributes,
        String label,
        int deliveryAttempts,
        Instant createdAt,
        Instant leaseExpiresAt,
        String receipt,
        DeadLetter deadLetter,
        String groupId,
        Long sequenceNumber) {
    /** The body read as a {@code type}, with a plain Jackson ObjectMapper (field names as the class spells them). */
    public <T> T bodyAs(Class<T> type) {
        return Bodies.convert(body, type);
    }
}
