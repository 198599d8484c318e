package dev.conveyor.rest.dto;

import static io.swagger.v3.oas.annotations.media.Schema.RequiredMode.REQUIRED;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import dev.conveyor.domain.Queue;
import dev.conveyor.domain.QueueSettings;
import dev.conveyor.domain.RedriveAllowPolicy;
import dev.conveyor.rest.ApiSchemas;
import io.swagger.v3.oas.annotations.media.ArraySchema;
import io.swagger.v3.oas.annotations.media.Schema;
import java.time.Instant;
import java.util.List;

@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
@JsonInclude(JsonInclude.Include.ALWAYS)
@Schema(description = "A queue, with every setting (the defaults filled in).")
public record QueueResponse(
        @Schema(description = "The queue's name.", example = "orders", requiredMode = REQUIRED)
        String id,

        @Schema(
                description = "Lease length: a received message is invisible to other consumers this long.",
                minimum = "1",
                maximum = "" + QueueSettings.MAX_ACK_DEADLINE_SECONDS,
                example = "30",
                requiredMode = REQUIRED)
        int ackDeadlineSeconds,

        @Schema(
                description = "A message older than this is deleted, delivered or not.",
                minimum = "60",
                maximum = "" + QueueSettings.DEFAULT_RETENTION_SECONDS,
                example = "1209600",
                requiredMode = REQUIRED)
        int messageRetentionSeconds,

        @Schema(
                description = "New messages become visible this long after they are published.",
                minimum = "0",
                maximum = "" + QueueSettings.MAX_DELAY_SECONDS,
                example = "0",
                requiredMode = REQUIRED)
        int deliveryDelaySeconds,

        @Schema(
                description = "Deliveries before a message is dead-lettered; null for unlimited.",
                minimum = "1",
                maximum = "1000",
                nullable = true,
                example = "5",
                requiredMode = REQUIRED)
        Integer maxDeliveries,

        @Schema(
                description = "Where messages whose deliveries are exhausted go; null drops them.",
                nullable = true,
                example = "orders-dead",
                requiredMode = REQUIRED)
        String deadLetterQueueId,

        @Schema(
                description = "Nack backoff: the n-th delivery's nack waits min(backoff_max_seconds, "
                        + "backoff_min_seconds * 2^(n-1)).",
                minimum = "0",
                maximum = "" + QueueSettings.MAX_ACK_DEADLINE_SECONDS,
                example = "1",
                requiredMode = REQUIRED)
        int backoffMinSeconds,

        @Schema(
                description = "The longest nack backoff.",
                minimum = "0",
                maximum = "" + QueueSettings.MAX_ACK_DEADLINE_SECONDS,
                example = "300",
                requiredMode = REQUIRED)
        int backoffMaxSeconds,

        @Schema(
                description = "Capacity; null for unbounded.",
                minimum = "1",
                nullable = true,
                example = "100000",
                requiredMode = REQUIRED)
        Long maxMessages,

        @Schema(
                description = "The wait of a receive that gives no wait_seconds of its own.",
                minimum = "0",
                maximum = "" + QueueSettings.MAX_RECEIVE_WAIT_SECONDS,
                example = "0",
                requiredMode = REQUIRED)
        int receiveWaitSeconds,

        @Schema(
                description = "The largest message body this queue takes, in bytes of its JSON text.",
                minimum = "" + QueueSettings.MIN_MESSAGE_BYTES,
                maximum = "" + QueueSettings.MAX_MESSAGE_BYTES,
                example = "262144",
                requiredMode = REQUIRED)
        int maxMessageBytes,

        @ArraySchema(
                arraySchema =
                        @Schema(
                                description =
                                        "Which queues may name this one as their dead_letter_queue_id: null any queue,"
                                                + " [] none, or the queues listed.",
                                nullable = true,
                                requiredMode = REQUIRED),
                maxItems = RedriveAllowPolicy.MAX_SOURCES,
                schema = @Schema(example = "orders"))
        List<String> allowedDeadLetterSources,

        @Schema(description = "Whether the queue is FIFO (fixed at creation).", requiredMode = REQUIRED)
        boolean fifo,

        @Schema(
                description = "FIFO queues: whether a message without a deduplication_id is deduplicated by the "
                        + "SHA-256 of its body.",
                requiredMode = REQUIRED)
        boolean contentBasedDeduplication,

        @Schema(
                description = "How long a deduplication_id is remembered.",
                minimum = "" + QueueSettings.MIN_DEDUPLICATION_WINDOW_SECONDS,
                maximum = "" + QueueSettings.MAX_DEDUPLICATION_WINDOW_SECONDS,
                example = "300",
                requiredMode = REQUIRED)
        int deduplicationWindowSeconds,

        @Schema(
                description = "What a deduplication_id is unique within.",
                allowableValues = {"queue", "message_group"},
                requiredMode = REQUIRED)
        String deduplicationScope,

        @Schema(
                description = "SQS's FifoThroughputLimit, kept and reported; it changes nothing.",
                allowableValues = {"per_queue", "per_message_group_id"},
                requiredMode = REQUIRED)
        String fifoThroughputLimit,

        @Schema(description = "When the queue was created. " + ApiSchemas.TIMESTAMP, requiredMode = REQUIRED)
        Instant createdAt,

        @Schema(description = "When its settings last changed. " + ApiSchemas.TIMESTAMP, requiredMode = REQUIRED)
        Instant updatedAt) {

    public static QueueResponse from(Queue queue) {
        QueueSettings s = queue.settings();
        return new QueueResponse(
                queue.id(),
                s.ackDeadlineSeconds(),
                s.messageRetentionSeconds(),
                s.deliveryDelaySeconds(),
                s.maxDeliveries(),
                s.deadLetterQueueId(),
                s.backoffMinSeconds(),
                s.backoffMaxSeconds(),
                s.maxMessages(),
                s.receiveWaitSeconds(),
                s.maxMessageBytes(),
                s.redriveAllowPolicy().allowedSources(),
                s.fifo(),
                s.contentBasedDeduplication(),
                s.deduplicationWindowSeconds(),
                s.deduplicationScope().code(),
                s.fifoThroughputLimit().code(),
                queue.createdAt(),
                queue.updatedAt());
    }
}
