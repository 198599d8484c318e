package dev.conveyor.rest.dto;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import dev.conveyor.rest.ApiSchemas;
import io.swagger.v3.oas.annotations.media.ArraySchema;
import io.swagger.v3.oas.annotations.media.Schema;
import java.util.List;

/**
 * Body of {@code POST /v1/queues/{id}/redrive}: all messages, the listed ids, or at most max_messages; to a
 * destination queue, or back to their sources when it is null.
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
@Schema(description = "Which of the queue's messages to move, and where.")
public record RedriveRequest(
        @Schema(
                description = "The queue to move the messages to: another, existing queue. Left out or null: each "
                        + "message goes back to the queue it was dead-lettered from (see a message's dead_letter), and "
                        + "one that has none to go back to stays. " + ApiSchemas.NAME_RULE,
                minLength = 1,
                maxLength = ApiSchemas.NAME_MAX_LENGTH,
                pattern = ApiSchemas.NAME_PATTERN,
                nullable = true,
                example = "orders")
        String destinationQueueId,

        @ArraySchema(
                arraySchema = @Schema(description = "Only these messages; null for all.", nullable = true),
                minItems = 1,
                maxItems = 1000,
                schema =
                        @Schema(
                                description = "A message id.",
                                format = "uuid",
                                example = "01890a5d-ac96-774b-bcce-b302099a8057"))
        List<String> ids,

        @Schema(
                description = "At most this many messages, oldest first; null for no limit.",
                minimum = "1",
                nullable = true,
                example = "100")
        Long maxMessages) {}
