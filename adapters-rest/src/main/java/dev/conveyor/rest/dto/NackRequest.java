package dev.conveyor.rest.dto;

import static io.swagger.v3.oas.annotations.media.Schema.RequiredMode.REQUIRED;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import dev.conveyor.application.ConsumeService;
import dev.conveyor.domain.QueueSettings;
import io.swagger.v3.oas.annotations.media.ArraySchema;
import io.swagger.v3.oas.annotations.media.Schema;
import java.util.List;

/** Body of {@code POST /v1/queues/{id}/nack}; without delay_seconds the queue's backoff applies. */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
@Schema(description = "The deliveries to give up, and when their messages may be received again.")
public record NackRequest(
        @ArraySchema(
                arraySchema = @Schema(description = "Receipts, as receive answered them.", requiredMode = REQUIRED),
                minItems = 1,
                maxItems = ConsumeService.MAX_RECEIPTS,
                schema = @Schema(description = "A receipt.", example = "AY-sZBr8dLqSuZCxT5mZMQGPrGQa_HS6krmQsU-ZmTE"))
        List<String> receipts,

        @Schema(
                description = "Seconds until the messages are visible again. Null (or left out) applies the queue's "
                        + "backoff: min(backoff_max_seconds, backoff_min_seconds * 2^(delivery_attempts - 1)). A message whose "
                        + "deliveries are exhausted is dead-lettered at once either way.",
                minimum = "0",
                maximum = "" + QueueSettings.MAX_ACK_DEADLINE_SECONDS,
                nullable = true,
                example = "10")
        Integer delaySeconds) {}
