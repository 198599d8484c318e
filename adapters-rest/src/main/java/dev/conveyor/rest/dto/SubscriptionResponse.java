package dev.conveyor.rest.dto;

import static io.swagger.v3.oas.annotations.media.Schema.RequiredMode.REQUIRED;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import dev.conveyor.domain.Subscription;
import dev.conveyor.rest.ApiSchemas;
import io.swagger.v3.oas.annotations.media.Schema;
import java.time.Instant;
import java.util.List;
import java.util.Map;

@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
@Schema(
        description = "A subscription: every message published to the topic that passes the filter is stored in "
                + "the queue.")
public record SubscriptionResponse(
        @Schema(description = "The subscription's name.", example = "orders-to-billing", requiredMode = REQUIRED)
        String id,

        @Schema(description = "The topic.", example = "orders", requiredMode = REQUIRED)
        String topicId,

        @Schema(description = "The queue.", example = "billing", requiredMode = REQUIRED)
        String queueId,

        @Schema(
                description = "For every key, the values one of which the message's attribute must have; {} passes "
                        + "every message.",
                additionalPropertiesSchema = String[].class,
                example = "{\"status\": [\"processed\", \"paid\"], \"region\": [\"eu\"]}",
                requiredMode = REQUIRED)
        Map<String, List<String>> messageFilters,

        @Schema(description = "When the subscription was created. " + ApiSchemas.TIMESTAMP, requiredMode = REQUIRED)
        Instant createdAt) {
    public static SubscriptionResponse from(Subscription s) {
        return new SubscriptionResponse(
                s.id(), s.topicId(), s.queueId(), s.filter().criteria(), s.createdAt());
    }
}
