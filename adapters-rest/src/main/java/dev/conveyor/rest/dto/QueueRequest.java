package dev.conveyor.rest.dto;

import static io.swagger.v3.oas.annotations.media.Schema.RequiredMode.REQUIRED;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import dev.conveyor.domain.QueueSettings;
import dev.conveyor.domain.RedriveAllowPolicy;
import dev.conveyor.rest.ApiSchemas;
import io.swagger.v3.oas.annotations.media.ArraySchema;
import io.swagger.v3.oas.annotations.media.Schema;
import java.util.List;

/** Body of {@code POST /v1/queues}; every setting optional, a missing one taking its default. */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
@Schema(description = "A queue to create: its name, and settings; a setting left out (or null) takes its default.")
public record QueueRequest(
        @Schema(
                description = "The queue's name. " + ApiSchemas.NAME_RULE,
                requiredMode = REQUIRED,
                minLength = 1,
                maxLength = ApiSchemas.NAME_MAX_LENGTH,
                pattern = ApiSchemas.NAME_PATTERN,
                example = "orders")
        String id,

        @Schema(
                description = QueueSettingsRequest.ACK_DEADLINE,
                minimum = "1",
                maximum = "" + QueueSettings.MAX_ACK_DEADLINE_SECONDS,
                defaultValue = "" + QueueSettings.DEFAULT_ACK_DEADLINE_SECONDS,
                example = "30")
        Integer ackDeadlineSeconds,

        @Schema(
                description = QueueSettingsRequest.RETENTION,
                minimum = "60",
                maximum = "" + QueueSettings.DEFAULT_RETENTION_SECONDS,
                defaultValue = "" + QueueSettings.DEFAULT_RETENTION_SECONDS,
                example = "86400")
        Integer messageRetentionSeconds,

        @Schema(
                description = QueueSettingsRequest.DELIVERY_DELAY,
                minimum = "0",
                maximum = "" + QueueSettings.MAX_DELAY_SECONDS,
                defaultValue = "0",
                example = "0")
        Integer deliveryDelaySeconds,

        @Schema(
                description = QueueSettingsRequest.MAX_DELIVERIES,
                minimum = "1",
                maximum = "1000",
                nullable = true,
                example = "5")
        Integer maxDeliveries,

        @Schema(
                description = QueueSettingsRequest.DEAD_LETTER_QUEUE,
                minLength = 1,
                maxLength = ApiSchemas.NAME_MAX_LENGTH,
                pattern = ApiSchemas.NAME_PATTERN,
                nullable = true,
                example = "orders-dead")
        String deadLetterQueueId,

        @Schema(
                description = QueueSettingsRequest.BACKOFF_MIN,
                minimum = "0",
                maximum = "" + QueueSettings.MAX_ACK_DEADLINE_SECONDS,
                defaultValue = "0",
                example = "1")
        Integer backoffMinSeconds,

        @Schema(
                description = QueueSettingsRequest.BACKOFF_MAX,
                minimum = "0",
                maximum = "" + QueueSettings.MAX_ACK_DEADLINE_SECONDS,
                defaultValue = "0",
                example = "300")
        Integer backoffMaxSeconds,

        @Schema(description = QueueSettingsRequest.MAX_MESSAGES, minimum = "1", nullable = true, example = "100000")
        Long maxMessages,

        @Schema(
                description = QueueSettingsRequest.RECEIVE_WAIT,
                minimum = "0",
                maximum = "" + QueueSettings.MAX_RECEIVE_WAIT_SECONDS,
                defaultValue = "0",
                example = "20")
        Integer receiveWaitSeconds,

        @Schema(
                description = QueueSettingsRequest.MAX_MESSAGE_BYTES,
                minimum = "" + QueueSettings.MIN_MESSAGE_BYTES,
                maximum = "" + QueueSettings.MAX_MESSAGE_BYTES,
                defaultValue = "" + QueueSettings.MAX_MESSAGE_BYTES,
                example = "65536")
        Integer maxMessageBytes,

        @ArraySchema(
                arraySchema = @Schema(description = QueueSettingsRequest.ALLOWED_DEAD_LETTER_SOURCES, nullable = true),
                maxItems = RedriveAllowPolicy.MAX_SOURCES,
                uniqueItems = true,
                schema =
                        @Schema(
                                minLength = 1,
                                maxLength = ApiSchemas.NAME_MAX_LENGTH,
                                pattern = ApiSchemas.NAME_PATTERN,
                                example = "orders"))
        List<String> allowedDeadLetterSources,

        @Schema(description = QueueSettingsRequest.FIFO, defaultValue = "false", example = "true")
        Boolean fifo,

        @Schema(
                description = QueueSettingsRequest.CONTENT_BASED_DEDUPLICATION,
                defaultValue = "false",
                example = "false")
        Boolean contentBasedDeduplication,

        @Schema(
                description = QueueSettingsRequest.DEDUPLICATION_WINDOW,
                minimum = "" + QueueSettings.MIN_DEDUPLICATION_WINDOW_SECONDS,
                maximum = "" + QueueSettings.MAX_DEDUPLICATION_WINDOW_SECONDS,
                defaultValue = "" + QueueSettings.DEFAULT_DEDUPLICATION_WINDOW_SECONDS,
                example = "300")
        Integer deduplicationWindowSeconds,

        @Schema(
                description = QueueSettingsRequest.DEDUPLICATION_SCOPE,
                allowableValues = {"queue", "message_group"},
                defaultValue = "queue",
                example = "queue")
        String deduplicationScope,

        @Schema(
                description = QueueSettingsRequest.FIFO_THROUGHPUT_LIMIT,
                allowableValues = {"per_queue", "per_message_group_id"},
                defaultValue = "per_queue",
                example = "per_queue")
        String fifoThroughputLimit) {

    public QueueSettings settings() {
        return new QueueSettingsRequest(
                        ackDeadlineSeconds,
                        messageRetentionSeconds,
                        deliveryDelaySeconds,
                        maxDeliveries,
                        deadLetterQueueId,
                        backoffMinSeconds,
                        backoffMaxSeconds,
                        maxMessages,
                        receiveWaitSeconds,
                        maxMessageBytes,
                        allowedDeadLetterSources,
                        fifo,
                        contentBasedDeduplication,
                        deduplicationWindowSeconds,
                        deduplicationScope,
                        fifoThroughputLimit)
                .settings();
    }
}
