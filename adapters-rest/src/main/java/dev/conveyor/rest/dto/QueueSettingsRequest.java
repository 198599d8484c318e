package dev.conveyor.rest.dto;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import dev.conveyor.domain.Change;
import dev.conveyor.domain.ConveyorException;
import dev.conveyor.domain.DeduplicationScope;
import dev.conveyor.domain.FifoThroughputLimit;
import dev.conveyor.domain.QueueSettings;
import dev.conveyor.domain.QueueSettingsPatch;
import dev.conveyor.domain.RedriveAllowPolicy;
import dev.conveyor.rest.ApiSchemas;
import dev.conveyor.rest.MergePatch;
import io.swagger.v3.oas.annotations.media.ArraySchema;
import io.swagger.v3.oas.annotations.media.Schema;
import java.util.List;

/**
 * Body of {@code PUT /v1/queues/{id}}, the settings of a queue replaced whole, and of {@code PATCH}, a merge patch
 * of them.
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
@Schema(
        description = "The settings of a queue. To PUT, every setting: one left out (or null) takes its default. To "
                + "PATCH, a JSON Merge Patch: a setting left out keeps its value, null resets it to its default.")
public record QueueSettingsRequest(
        @Schema(
                description = ACK_DEADLINE,
                minimum = "1",
                maximum = "" + QueueSettings.MAX_ACK_DEADLINE_SECONDS,
                defaultValue = "" + QueueSettings.DEFAULT_ACK_DEADLINE_SECONDS,
                example = "30")
        Integer ackDeadlineSeconds,

        @Schema(
                description = RETENTION,
                minimum = "60",
                maximum = "" + QueueSettings.DEFAULT_RETENTION_SECONDS,
                defaultValue = "" + QueueSettings.DEFAULT_RETENTION_SECONDS,
                example = "86400")
        Integer messageRetentionSeconds,

        @Schema(
                description = DELIVERY_DELAY,
                minimum = "0",
                maximum = "" + QueueSettings.MAX_DELAY_SECONDS,
                defaultValue = "0",
                example = "0")
        Integer deliveryDelaySeconds,

        @Schema(description = MAX_DELIVERIES, minimum = "1", maximum = "1000", nullable = true, example = "5")
        Integer maxDeliveries,

        @Schema(
                description = DEAD_LETTER_QUEUE,
                minLength = 1,
                maxLength = ApiSchemas.NAME_MAX_LENGTH,
                pattern = ApiSchemas.NAME_PATTERN,
                nullable = true,
                example = "orders-dead")
        String deadLetterQueueId,

        @Schema(
                description = BACKOFF_MIN,
                minimum = "0",
                maximum = "" + QueueSettings.MAX_ACK_DEADLINE_SECONDS,
                defaultValue = "0",
                example = "1")
        Integer backoffMinSeconds,

        @Schema(
                description = BACKOFF_MAX,
                minimum = "0",
                maximum = "" + QueueSettings.MAX_ACK_DEADLINE_SECONDS,
                defaultValue = "0",
                example = "300")
        Integer backoffMaxSeconds,

        @Schema(description = MAX_MESSAGES, minimum = "1", nullable = true, example = "100000")
        Long maxMessages,

        @Schema(
                description = RECEIVE_WAIT,
                minimum = "0",
                maximum = "" + QueueSettings.MAX_RECEIVE_WAIT_SECONDS,
                defaultValue = "0",
                example = "20")
        Integer receiveWaitSeconds,

        @Schema(
                description = MAX_MESSAGE_BYTES,
                minimum = "" + QueueSettings.MIN_MESSAGE_BYTES,
                maximum = "" + QueueSettings.MAX_MESSAGE_BYTES,
                defaultValue = "" + QueueSettings.MAX_MESSAGE_BYTES,
                example = "65536")
        Integer maxMessageBytes,

        @ArraySchema(
                arraySchema = @Schema(description = ALLOWED_DEAD_LETTER_SOURCES, nullable = true),
                maxItems = RedriveAllowPolicy.MAX_SOURCES,
                uniqueItems = true,
                schema =
                        @Schema(
                                minLength = 1,
                                maxLength = ApiSchemas.NAME_MAX_LENGTH,
                                pattern = ApiSchemas.NAME_PATTERN,
                                example = "orders"))
        List<String> allowedDeadLetterSources,

        @Schema(description = FIFO, defaultValue = "false", example = "true")
        Boolean fifo,

        @Schema(description = CONTENT_BASED_DEDUPLICATION, defaultValue = "false", example = "false")
        Boolean contentBasedDeduplication,

        @Schema(
                description = DEDUPLICATION_WINDOW,
                minimum = "" + QueueSettings.MIN_DEDUPLICATION_WINDOW_SECONDS,
                maximum = "" + QueueSettings.MAX_DEDUPLICATION_WINDOW_SECONDS,
                defaultValue = "" + QueueSettings.DEFAULT_DEDUPLICATION_WINDOW_SECONDS,
                example = "300")
        Integer deduplicationWindowSeconds,

        @Schema(
                description = DEDUPLICATION_SCOPE,
                allowableValues = {"queue", "message_group"},
                defaultValue = "queue",
                example = "queue")
        String deduplicationScope,

        @Schema(
                description = FIFO_THROUGHPUT_LIMIT,
                allowableValues = {"per_queue", "per_message_group_id"},
                defaultValue = "per_queue",
                example = "per_queue")
        String fifoThroughputLimit) {

    // The settings' documentation, shared with QueueRequest, which takes the same settings beside a name.
    static final String ACK_DEADLINE = "Lease length: a received message is invisible to other consumers this long.";
    static final String RETENTION = "A message older than this is deleted, delivered or not.";
    static final String DELIVERY_DELAY = "New messages become visible this long after they are published.";
    static final String MAX_DELIVERIES = "Deliveries before a message is dead-lettered; null for unlimited.";
    static final String DEAD_LETTER_QUEUE = "Where messages whose deliveries are exhausted go: an existing other "
            + "queue, not forming a loop of dead-letter queues. Null drops them (they are counted). "
            + ApiSchemas.NAME_RULE;
    static final String BACKOFF_MIN = "Nack backoff: the n-th delivery's nack waits min(backoff_max_seconds, "
            + "backoff_min_seconds * 2^(n-1)). 0 makes nacked messages visible at once.";
    static final String BACKOFF_MAX = "The longest nack backoff; at least backoff_min_seconds.";
    static final String RECEIVE_WAIT =
            "The wait of a receive that gives no wait_seconds of its own (long polling):" + " 0 answers at once.";
    static final String MAX_MESSAGE_BYTES = "The largest message body this queue takes, in bytes of its JSON text; a "
            + "publish (to the queue, or to a topic fanning out into it) with a larger one is refused whole with 422.";
    static final String ALLOWED_DEAD_LETTER_SOURCES = "Which queues may name this one as their dead_letter_queue_id:"
            + " null any queue, [] none, or up to " + RedriveAllowPolicy.MAX_SOURCES + " queue names. Checked when a "
            + "queue's dead_letter_queue_id is set to this queue; existing links stay.";
    static final String FIFO = "A FIFO queue: each message carries a group_id, and the messages of one group are "
            + "delivered one receive at a time, in publish order, the next only after the previous are acked or "
            + "released. Fixed when the queue is created; a PUT or PATCH may repeat it, not change it.";
    static final String CONTENT_BASED_DEDUPLICATION = "FIFO queues only: a message published without a "
            + "deduplication_id is deduplicated by the SHA-256 of its body.";
    static final String DEDUPLICATION_WINDOW = "How long a deduplication_id is remembered: a publish with the same "
            + "id within this time stores nothing and answers the first message's id.";
    static final String DEDUPLICATION_SCOPE =
            "What a deduplication_id is unique within: the queue, or (FIFO queues " + "only) the message group.";
    static final String FIFO_THROUGHPUT_LIMIT = "SQS's FifoThroughputLimit, kept and reported; it changes nothing "
            + "(no queue is throttled). per_message_group_id requires deduplication_scope message_group.";
    static final String MAX_MESSAGES =
            "Capacity: a publish that would exceed it is refused whole with 429. " + "Null for unbounded.";

    /** The settings a PUT gives. */
    public QueueSettings settings() {
        return QueueSettings.withDefaults(
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
                RedriveAllowPolicy.ofAllowedSources(allowedDeadLetterSources),
                fifo,
                contentBasedDeduplication,
                deduplicationWindowSeconds,
                scope(deduplicationScope),
                throughputLimit(fifoThroughputLimit));
    }

    /** The settings a PUT gives to a queue that is, or is not, FIFO: a PUT that leaves fifo out keeps it. */
    public QueueSettings settings(boolean currentlyFifo) {
        return fifo != null ? settings() : withFifo(currentlyFifo).settings();
    }

    private QueueSettingsRequest withFifo(boolean value) {
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
                value,
                contentBasedDeduplication,
                deduplicationWindowSeconds,
                deduplicationScope,
                fifoThroughputLimit);
    }

    static DeduplicationScope scope(String code) {
        if (code == null) {
            return null;
        }
        return DeduplicationScope.ofCode(code)
                .orElseThrow(() -> ConveyorException.invalid("deduplication_scope must be queue or message_group"));
    }

    static FifoThroughputLimit throughputLimit(String code) {
        if (code == null) {
            return null;
        }
        return FifoThroughputLimit.ofCode(code)
                .orElseThrow(() ->
                        ConveyorException.invalid("fifo_throughput_limit must be per_queue or per_message_group_id"));
    }

    /** The change a PATCH asks for. */
    public static QueueSettingsPatch patch(MergePatch<QueueSettingsRequest> body) {
        QueueSettingsRequest v = body.values();
        return new QueueSettingsPatch(
                body.change("ack_deadline_seconds", v.ackDeadlineSeconds()),
                body.change("message_retention_seconds", v.messageRetentionSeconds()),
                body.change("delivery_delay_seconds", v.deliveryDelaySeconds()),
                body.change("max_deliveries", v.maxDeliveries()),
                body.change("dead_letter_queue_id", v.deadLetterQueueId()),
                body.change("backoff_min_seconds", v.backoffMinSeconds()),
                body.change("backoff_max_seconds", v.backoffMaxSeconds()),
                body.change("max_messages", v.maxMessages()),
                body.change("receive_wait_seconds", v.receiveWaitSeconds()),
                body.change("max_message_bytes", v.maxMessageBytes()),
                policy(body.change("allowed_dead_letter_sources", v.allowedDeadLetterSources())),
                body.change("fifo", v.fifo()),
                body.change("content_based_deduplication", v.contentBasedDeduplication()),
                body.change("deduplication_window_seconds", v.deduplicationWindowSeconds()),
                parsed(body.change("deduplication_scope", v.deduplicationScope()), QueueSettingsRequest::scope),
                parsed(
                        body.change("fifo_throughput_limit", v.fifoThroughputLimit()),
                        QueueSettingsRequest::throughputLimit));
    }

    private static <T> Change<T> parsed(Change<String> change, java.util.function.Function<String, T> parse) {
        if (change instanceof Change.SetTo<String> set) {
            return Change.to(parse.apply(set.value()));
        }
        return change.resets() ? Change.reset() : Change.keep();
    }

    /** The policy a change of allowed_dead_letter_sources asks for: null resets it to any queue. */
    private static Change<RedriveAllowPolicy> policy(Change<List<String>> sources) {
        if (sources instanceof Change.SetTo<List<String>> set) {
            return Change.to(RedriveAllowPolicy.ofAllowedSources(set.value()));
        }
        return sources.resets() ? Change.reset() : Change.keep();
    }
}
