package dev.conveyor.rest.dto;

import static io.swagger.v3.oas.annotations.media.Schema.RequiredMode.REQUIRED;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import dev.conveyor.domain.Topic;
import dev.conveyor.rest.ApiSchemas;
import io.swagger.v3.oas.annotations.media.Schema;
import java.time.Instant;

@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
@Schema(
        description =
                "A topic: a name to publish to, whose messages go to every subscribed queue whose filter " + "matches.")
public record TopicResponse(
        @Schema(description = "The topic's name.", example = "orders", requiredMode = REQUIRED)
        String id,

        @Schema(description = "When the topic was created. " + ApiSchemas.TIMESTAMP, requiredMode = REQUIRED)
        Instant createdAt) {
    public static TopicResponse from(Topic topic) {
        return new TopicResponse(topic.id(), topic.createdAt());
    }
}
