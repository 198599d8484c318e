package dev.conveyor.rest.dto;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import dev.conveyor.application.ReceiveRequest;
import dev.conveyor.domain.NewMessage;
import io.swagger.v3.oas.annotations.media.Schema;

/** Body of {@code POST /v1/queues/{id}/receive}; every field optional. */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
@Schema(description = "What to receive; every field is optional, and the body may be left out.")
public record ReceiveRequestBody(
        @Schema(
                description = "At most this many messages are leased.",
                minimum = "1",
                maximum = "" + ReceiveRequest.MAX_MESSAGES,
                defaultValue = "1",
                example = "10")
        Integer maxMessages,

        @Schema(
                description = "When no message is visible, wait up to this long for one (long polling); the "
                        + "answer comes as soon as one arrives. 0 answers at once. Left out: the queue's "
                        + "receive_wait_seconds (0 unless set).",
                minimum = "0",
                maximum = "" + ReceiveRequest.MAX_WAIT_SECONDS,
                example = "20")
        Integer waitSeconds,

        @Schema(
                description = "Only messages published with this label; null for any.",
                minLength = 1,
                maxLength = NewMessage.MAX_LABEL_LENGTH,
                nullable = true,
                example = "priority")
        String label) {
    public ReceiveRequest toRequest() {
        return ReceiveRequest.of(maxMessages, waitSeconds, label);
    }
}
