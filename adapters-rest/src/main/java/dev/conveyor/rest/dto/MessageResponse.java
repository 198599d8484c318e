package dev.conveyor.rest.dto;

import static io.swagger.v3.oas.annotations.media.Schema.RequiredMode.REQUIRED;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonRawValue;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import dev.conveyor.domain.Delivery;
import dev.conveyor.domain.Message;
import dev.conveyor.rest.ApiSchemas;
import io.swagger.v3.oas.annotations.media.Schema;
import java.time.Instant;
import java.util.Map;

/** A message as consumers and browsers see it; {@code receipt} is null when browsing. */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
@JsonInclude(JsonInclude.Include.ALWAYS)
@Schema(description = "A message, as a receive delivers it or a browse shows it.")
public record MessageResponse(
        @Schema(
                description = "The message's id, a UUIDv7 assigned when it was published.",
                format = "uuid",
                example = "01890a5d-ac96-774b-bcce-b302099a8057",
                requiredMode = REQUIRED)
        String id,

        @Schema(
                description = "The queue holding this copy of the message.",
                example = "orders",
                requiredMode = REQUIRED)
        String queueId,
        // Held as JSON text and written raw: on the wire it is the JSON value published, exactly as written.
        @Schema(implementation = JsonNode.class, requiredMode = REQUIRED) @JsonRawValue
        String body,

        @Schema(
                description = "The message's attributes, as published.",
                additionalPropertiesSchema = String.class,
                example = "{\"region\": \"eu\"}",
                requiredMode = REQUIRED)
        Map<String, String> attributes,

        @Schema(
                description = "The message's label; null when it has none.",
                nullable = true,
                example = "priority",
                requiredMode = REQUIRED)
        String label,

        @Schema(
                description = "How many times the message has been delivered, this delivery included.",
                minimum = "0",
                example = "1",
                requiredMode = REQUIRED)
        int deliveryAttempts,

        @Schema(description = "When the message was published. " + ApiSchemas.TIMESTAMP, requiredMode = REQUIRED)
        Instant createdAt,

        @Schema(
                description = "When the latest lease ends (or ended): unless acked by then, the message may be "
                        + "delivered again. Null when never leased, or released by a nack. " + ApiSchemas.TIMESTAMP,
                nullable = true,
                requiredMode = REQUIRED)
        Instant leaseExpiresAt,

        @Schema(
                description = "Names this one delivery, for ack, nack and extend; null when browsing.",
                nullable = true,
                example = "AY-sZBr8dLqSuZCxT5mZMQGPrGQa_HS6krmQsU-ZmTE",
                requiredMode = REQUIRED)
        String receipt,

        // A reference: OpenAPI 3.0 ignores its siblings (nullable, description), so DeadLetter says both.
        @Schema(implementation = DeadLetterResponse.class, requiredMode = REQUIRED)
        DeadLetterResponse deadLetter,

        @Schema(
                description = "The message group it was published in; null when none.",
                nullable = true,
                example = "order-42",
                requiredMode = REQUIRED)
        String groupId,

        @Schema(
                description = "Its place in a FIFO queue: increasing in publish order within the queue (not "
                        + "consecutive). Null in a standard queue.",
                nullable = true,
                example = "17",
                requiredMode = REQUIRED)
        Long sequenceNumber) {

    public static MessageResponse from(Delivery delivery) {
        return of(delivery.message(), delivery.receipt().encode());
    }

    public static MessageResponse from(Message message) {
        return of(message, null);
    }

    private static MessageResponse of(Message m, String receipt) {
        return new MessageResponse(
                m.id().toString(),
                m.queueId(),
                m.body(),
                m.attributes(),
                m.label(),
                m.deliveryAttempts(),
                m.createdAt(),
                m.leaseExpiresAt(),
                receipt,
                DeadLetterResponse.from(m.deadLetter()),
                m.groupId(),
                m.sequenceNumber());
    }
}
