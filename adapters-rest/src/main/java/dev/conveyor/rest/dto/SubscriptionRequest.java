package dev.conveyor.rest.dto;

import static io.swagger.v3.oas.annotations.media.Schema.RequiredMode.REQUIRED;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import dev.conveyor.domain.Attributes;
import dev.conveyor.domain.MessageFilter;
import dev.conveyor.rest.ApiSchemas;
import io.swagger.v3.oas.annotations.media.Schema;
import java.util.List;
import java.util.Map;

/** Body of {@code POST /v1/subscriptions}. */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
@Schema(description = "A subscription to create: a link from a topic to a queue, with a filter.")
public record SubscriptionRequest(
        @Schema(
                description = "The subscription's name. " + ApiSchemas.NAME_RULE,
                requiredMode = REQUIRED,
                minLength = 1,
                maxLength = ApiSchemas.NAME_MAX_LENGTH,
                pattern = ApiSchemas.NAME_PATTERN,
                example = "orders-to-billing")
        String id,

        @Schema(
                description = "The topic whose messages the subscription passes on; it must exist.",
                requiredMode = REQUIRED,
                minLength = 1,
                maxLength = ApiSchemas.NAME_MAX_LENGTH,
                pattern = ApiSchemas.NAME_PATTERN,
                example = "orders")
        String topicId,

        @Schema(
                description = "The queue that stores them; it must exist, and no other subscription may link the "
                        + "same topic and queue.",
                requiredMode = REQUIRED,
                minLength = 1,
                maxLength = ApiSchemas.NAME_MAX_LENGTH,
                pattern = ApiSchemas.NAME_PATTERN,
                example = "billing")
        String queueId,

        @Schema(
                description = "Which messages pass: for every key, the message's attribute must be one of the "
                        + "listed values (AND across keys, OR within a key). Null or {} passes every message. At most "
                        + MessageFilter.MAX_KEYS + " keys of 1 to " + Attributes.MAX_KEY_LENGTH
                        + " characters, each listing 1 "
                        + "to 100 values of at most " + Attributes.MAX_VALUE_LENGTH + " characters.",
                maxProperties = MessageFilter.MAX_KEYS,
                additionalPropertiesSchema = String[].class,
                nullable = true,
                example = "{\"status\": [\"processed\", \"paid\"], \"region\": [\"eu\"]}")
        Map<String, List<String>> messageFilters) {}
