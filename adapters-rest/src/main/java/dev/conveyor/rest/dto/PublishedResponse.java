package dev.conveyor.rest.dto;

import static io.swagger.v3.oas.annotations.media.Schema.RequiredMode.REQUIRED;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import dev.conveyor.domain.PublishedMessage;
import io.swagger.v3.oas.annotations.media.ArraySchema;
import io.swagger.v3.oas.annotations.media.Schema;
import java.util.List;

@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
@Schema(description = "A published message: its id, and the queues that stored it.")
public record PublishedResponse(
        @Schema(
                description = "The message's id, a UUIDv7 assigned by the server.",
                format = "uuid",
                example = "01890a5d-ac96-774b-bcce-b302099a8057",
                requiredMode = REQUIRED)
        String id,

        @ArraySchema(
                arraySchema =
                        @Schema(
                                description =
                                        "The queues that stored a copy: the one queue published to, or "
                                                + "every queue subscribed to the topic whose filter matched (none at all is no error).",
                                requiredMode = REQUIRED),
                schema = @Schema(description = "A queue's name.", example = "orders"))
        List<String> queueIds,

        @Schema(
                description = "Its sequence number in the FIFO queue it was published to; left out for a standard "
                        + "queue or a topic.",
                example = "17")
        @JsonInclude(JsonInclude.Include.NON_NULL)
        Long sequenceNumber) {
    public static PublishedResponse from(PublishedMessage published) {
        return new PublishedResponse(published.id().toString(), published.queueIds(), published.sequenceNumber());
    }
}
