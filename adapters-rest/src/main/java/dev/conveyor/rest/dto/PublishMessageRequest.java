package dev.conveyor.rest.dto;

import static io.swagger.v3.oas.annotations.media.Schema.RequiredMode.REQUIRED;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import dev.conveyor.domain.Attributes;
import dev.conveyor.domain.MessageGroups;
import dev.conveyor.domain.NewMessage;
import dev.conveyor.domain.QueueSettings;
import io.swagger.v3.oas.annotations.media.Schema;
import java.util.Map;

/** One message of a publish; {@code body} is any JSON value, kept as written. */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
@Schema(
        description = "A message to publish. Its body is any JSON value of at most " + NewMessage.MAX_BODY_BYTES
                + " bytes (256 KiB) as JSON, returned to consumers exactly as written.")
public record PublishMessageRequest(
        @Schema(requiredMode = REQUIRED) JsonNode body,

        @Schema(
                description = "String attributes that subscriptions filter on: at most " + Attributes.MAX_KEYS
                        + " keys of 1 to " + Attributes.MAX_KEY_LENGTH + " characters, values of at most "
                        + Attributes.MAX_VALUE_LENGTH + " characters.",
                maxProperties = Attributes.MAX_KEYS,
                additionalPropertiesSchema = String.class,
                example = "{\"region\": \"eu\"}")
        Map<String, String> attributes,

        @Schema(
                description = "A label consumers can receive by.",
                minLength = 1,
                maxLength = NewMessage.MAX_LABEL_LENGTH,
                nullable = true,
                example = "priority")
        String label,

        @Schema(
                description = "Seconds before the message becomes visible, overriding the queue's "
                        + "delivery_delay_seconds.",
                minimum = "0",
                maximum = "" + QueueSettings.MAX_DELAY_SECONDS,
                nullable = true,
                example = "0")
        Integer delaySeconds,

        @Schema(
                description = "The message group. Required on a FIFO queue (and on a topic publish that a FIFO queue "
                        + "takes), whose groups each deliver one receive at a time, in publish order; on a standard "
                        + "queue, receives spread across groups. " + ID_RULE,
                minLength = 1,
                maxLength = MessageGroups.MAX_LENGTH,
                nullable = true,
                example = "order-42")
        String groupId,

        @Schema(
                description = "Makes the publish idempotent: another publish of the same id to the same queue or "
                        + "topic within its deduplication window stores nothing and answers this message's id. "
                        + ID_RULE,
                minLength = 1,
                maxLength = MessageGroups.MAX_LENGTH,
                nullable = true,
                example = "order-42-created")
        String deduplicationId) {
    private static final String ID_RULE =
            "1 to 128 printable ASCII characters (letters, digits, punctuation), no space.";

    public NewMessage toNewMessage() {
        return new NewMessage(
                body == null ? null : body.toString(),
                attributes,
                label,
                delaySeconds,
                Map.of(),
                null,
                groupId,
                deduplicationId);
    }
}
