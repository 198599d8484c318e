package dev.conveyor.sqs;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.conveyor.domain.Change;
import dev.conveyor.domain.DeduplicationScope;
import dev.conveyor.domain.FifoThroughputLimit;
import dev.conveyor.domain.Queue;
import dev.conveyor.domain.QueueSettings;
import dev.conveyor.domain.QueueSettingsPatch;
import dev.conveyor.domain.QueueStats;
import dev.conveyor.domain.RedriveAllowPolicy;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;

/**
 * SQS's queue attributes mapped onto Conveyor's queue settings, both ways: what a CreateQueue or
 * SetQueueAttributes asks to change, every attribute checked before anything changes; and a queue's attributes
 * as GetQueueAttributes answers them.
 */
final class QueueAttributes {
    static final String VISIBILITY_TIMEOUT = "VisibilityTimeout";
    static final String RETENTION = "MessageRetentionPeriod";
    static final String DELAY = "DelaySeconds";
    static final String RECEIVE_WAIT = "ReceiveMessageWaitTimeSeconds";
    static final String MAXIMUM_MESSAGE_SIZE = "MaximumMessageSize";
    static final String REDRIVE_POLICY = "RedrivePolicy";
    static final String REDRIVE_ALLOW_POLICY = "RedriveAllowPolicy";
    static final String POLICY = "Policy";
    static final String SSE = "SqsManagedSseEnabled";
    static final String KMS_KEY = "KmsMasterKeyId";
    static final String KMS_REUSE = "KmsDataKeyReusePeriodSeconds";
    static final String FIFO = "FifoQueue";
    static final String CONTENT_BASED_DEDUPLICATION = "ContentBasedDeduplication";
    static final String DEDUPLICATION_SCOPE = "DeduplicationScope";
    static final String FIFO_THROUGHPUT_LIMIT = "FifoThroughputLimit";
    static final String ALL = "All";

    /** SQS's largest MaximumMessageSize (1 MiB); Conveyor takes up to its contract's 256 KiB. */
    static final int SQS_MAX_MESSAGE_SIZE = 1_048_576;

    private static final String MESSAGES = "ApproximateNumberOfMessages";
    private static final String NOT_VISIBLE = "ApproximateNumberOfMessagesNotVisible";
    private static final String DELAYED = "ApproximateNumberOfMessagesDelayed";
    private static final String CREATED = "CreatedTimestamp";
    private static final String MODIFIED = "LastModifiedTimestamp";
    private static final String ARN = "QueueArn";

    /**
     * What {@code All} answers, in the order SQS lists them; RedrivePolicy and RedriveAllowPolicy only when set, the
     * FIFO attributes only for a FIFO queue.
     */
    private static final List<String> READABLE = List.of(
            ARN,
            MESSAGES,
            NOT_VISIBLE,
            DELAYED,
            CREATED,
            MODIFIED,
            VISIBILITY_TIMEOUT,
            MAXIMUM_MESSAGE_SIZE,
            RETENTION,
            DELAY,
            RECEIVE_WAIT,
            REDRIVE_POLICY,
            REDRIVE_ALLOW_POLICY,
            SSE,
            FIFO,
            CONTENT_BASED_DEDUPLICATION,
            DEDUPLICATION_SCOPE,
            FIFO_THROUGHPUT_LIMIT);

    /** Attributes SQS answers only for what Conveyor does not have (KMS keys, policies): never set. */
    private static final Set<String> NEVER_SET = Set.of(POLICY, KMS_KEY, KMS_REUSE);

    /** DeduplicationScope's and FifoThroughputLimit's values, as SQS spells them. */
    private static final String SCOPE_GROUP = "messageGroup";

    private static final String SCOPE_QUEUE = "queue";
    private static final String LIMIT_QUEUE = "perQueue";
    private static final String LIMIT_GROUP = "perMessageGroupId";

    private static final Set<String> READ_ONLY = Set.of(ARN, MESSAGES, NOT_VISIBLE, DELAYED, CREATED, MODIFIED);

    private final QueueUrls urls;
    private final ObjectMapper mapper;

    QueueAttributes(QueueUrls urls, ObjectMapper mapper) {
        this.urls = urls;
        this.mapper = mapper;
    }

    /**
     * What the attributes are given to: a queue CreateQueue makes, or one SetQueueAttributes changes; FIFO or
     * standard. SQS takes the FIFO attributes for FIFO queues only, and FifoQueue itself only at creation.
     */
    record Target(boolean fifo, boolean creating) {
        /** A queue CreateQueue makes with {@code given}: FIFO when they say FifoQueue=true. */
        static Target creating(Map<String, String> given) {
            String fifo = given.get(FIFO);
            return new Target(fifo != null && bool(FIFO, fifo), true);
        }

        static Target existing(Queue queue) {
            return new Target(queue.settings().fifo(), false);
        }
    }

    /**
     * The change of settings {@code given} asks for of {@code target}; refused with SQS's error, naming the first
     * attribute that is unknown, read-only, out of range or not supported, before anything changes.
     */
    QueueSettingsPatch patch(Map<String, String> given, Target target) {
        Changes changes = new Changes();
        given.forEach((name, value) -> change(changes, name, value, target));
        return changes.patch();
    }

    /**
     * Refuses, with SQS's names, FifoThroughputLimit=perMessageGroupId beside DeduplicationScope=queue once the change
     * is made to {@code base}: Conveyor keeps SQS's high-throughput pair together (see {@link FifoThroughputLimit}).
     */
    static void checkThroughputPair(QueueSettingsPatch change, QueueSettings base) {
        FifoThroughputLimit limit =
                change.fifoThroughputLimit().apply(base.fifoThroughputLimit(), FifoThroughputLimit.PER_QUEUE);
        DeduplicationScope scope =
                change.deduplicationScope().apply(base.deduplicationScope(), DeduplicationScope.QUEUE);
        if (limit == FifoThroughputLimit.PER_MESSAGE_GROUP_ID && scope == DeduplicationScope.QUEUE) {
            throw SqsError.INVALID_ATTRIBUTE_VALUE.because("Invalid value for the parameter " + FIFO_THROUGHPUT_LIMIT
                    + ": " + LIMIT_GROUP + " needs " + DEDUPLICATION_SCOPE + " " + SCOPE_GROUP + " (SQS's high"
                    + " throughput pair); set both, or " + FIFO_THROUGHPUT_LIMIT + " " + LIMIT_QUEUE + ".");
        }
    }

    private void change(Changes changes, String name, String value, Target target) {
        switch (name) {
            case VISIBILITY_TIMEOUT -> changes.ackDeadline = Change.to(visibilityTimeout(value));
            case RETENTION ->
                changes.retention = Change.to(integer(name, value, Limits.MIN_RETENTION, Limits.MAX_RETENTION));
            case DELAY -> changes.delay = Change.to(integer(name, value, 0, Limits.MAX_DELAY_SECONDS));
            case RECEIVE_WAIT -> changes.receiveWait = Change.to(integer(name, value, 0, Limits.MAX_WAIT_SECONDS));
            case MAXIMUM_MESSAGE_SIZE -> changes.maxMessageBytes = Change.to(maximumMessageSize(value));
            case REDRIVE_POLICY -> redrivePolicy(changes, value);
            case REDRIVE_ALLOW_POLICY -> changes.redriveAllow = redriveAllowPolicy(value);
            case POLICY -> {
                if (!value.isBlank()) {
                    throw SqsError.INVALID_ATTRIBUTE_VALUE.because("Conveyor does not apply IAM policies: access to"
                            + " its queues is governed by its clients' scopes. Leave the attribute Policy out, or"
                            + " empty.");
                }
            }
            case SSE -> {
                if (!"false".equalsIgnoreCase(value.trim())) {
                    throw SqsError.INVALID_ATTRIBUTE_VALUE.because("Conveyor does not encrypt queues itself (its"
                            + " messages are in PostgreSQL: encrypt its storage); SqsManagedSseEnabled can only be"
                            + " false.");
                }
            }
            case KMS_KEY, KMS_REUSE ->
                throw SqsError.INVALID_ATTRIBUTE_VALUE.because(
                        "Conveyor does not encrypt queues with KMS keys; the attribute " + name + " is not supported.");
            case FIFO -> changes.fifo = Change.to(fifoQueue(value, target));
            case CONTENT_BASED_DEDUPLICATION -> {
                fifoOnly(target, "Unknown Attribute " + name + ".");
                changes.contentBasedDeduplication = Change.to(bool(name, value));
            }
            case DEDUPLICATION_SCOPE -> {
                fifoOnly(target, "You can specify the " + name + " only when FifoQueue is set to true.");
                changes.deduplicationScope =
                        Change.to(scope(value).orElseThrow(() -> invalidValue(name, value, "messageGroup or queue")));
            }
            case FIFO_THROUGHPUT_LIMIT -> {
                fifoOnly(target, "You can specify the " + name + " only when FifoQueue is set to true.");
                changes.fifoThroughputLimit = Change.to(
                        limit(value).orElseThrow(() -> invalidValue(name, value, "perQueue or perMessageGroupId")));
            }
            default -> {
                if (READ_ONLY.contains(name)) {
                    throw SqsError.INVALID_ATTRIBUTE_NAME.because("The attribute " + name + " is read-only.");
                }
                throw SqsError.INVALID_ATTRIBUTE_NAME.because("Unknown Attribute " + name + ".");
            }
        }
    }

    /**
     * FifoQueue: true or false at creation (the name must agree, see {@link Limits#queueName}); afterwards only
     * what the queue is, as SQS: a standard queue has no such attribute, and a FIFO queue stays FIFO.
     */
    private static boolean fifoQueue(String value, Target target) {
        boolean fifo = bool(FIFO, value);
        if (!target.creating()) {
            if (!target.fifo()) {
                throw SqsError.INVALID_ATTRIBUTE_NAME.because("Unknown Attribute " + FIFO + ".");
            }
            if (!fifo) {
                throw SqsError.INVALID_ATTRIBUTE_VALUE.because(
                        "Invalid value for the parameter FifoQueue. Reason: Modifying queue type is not supported.");
            }
        }
        return fifo;
    }

    /** Refuses a FIFO queue's attribute given to a standard queue, with SQS's message for it. */
    private static void fifoOnly(Target target, String message) {
        if (!target.fifo()) {
            throw SqsError.INVALID_ATTRIBUTE_NAME.because(message);
        }
    }

    private static boolean bool(String name, String value) {
        String text = value.trim();
        if ("true".equalsIgnoreCase(text) || "false".equalsIgnoreCase(text)) {
            return "true".equalsIgnoreCase(text);
        }
        throw invalidValue(name, value, "true or false");
    }

    private static SqsException invalidValue(String name, String value, String allowed) {
        return SqsError.INVALID_ATTRIBUTE_VALUE.because(
                "Invalid value for the parameter " + name + ": " + value + "; it must be " + allowed + ".");
    }

    private static Optional<DeduplicationScope> scope(String value) {
        return switch (value.trim()) {
            case SCOPE_GROUP -> Optional.of(DeduplicationScope.MESSAGE_GROUP);
            case SCOPE_QUEUE -> Optional.of(DeduplicationScope.QUEUE);
            default -> Optional.empty();
        };
    }

    private static Optional<FifoThroughputLimit> limit(String value) {
        return switch (value.trim()) {
            case LIMIT_QUEUE -> Optional.of(FifoThroughputLimit.PER_QUEUE);
            case LIMIT_GROUP -> Optional.of(FifoThroughputLimit.PER_MESSAGE_GROUP_ID);
            default -> Optional.empty();
        };
    }

    /** The attribute's bounds within SQS's and Conveyor's; Conveyor's ack deadline is at least 1 s. */
    private static int visibilityTimeout(String value) {
        if ("0".equals(value.trim())) {
            throw SqsError.INVALID_ATTRIBUTE_VALUE.because("Invalid value for the parameter VisibilityTimeout: 0;"
                    + " a queue's visibility timeout is Conveyor's ack deadline, 1 to " + Limits.MAX_VISIBILITY_TIMEOUT
                    + " seconds. (ChangeMessageVisibility with 0 releases a message at once.)");
        }
        return integer(VISIBILITY_TIMEOUT, value, 1, Limits.MAX_VISIBILITY_TIMEOUT);
    }

    private static int maximumMessageSize(String value) {
        int size = integer(MAXIMUM_MESSAGE_SIZE, value, QueueSettings.MIN_MESSAGE_BYTES, SQS_MAX_MESSAGE_SIZE);
        if (size > QueueSettings.MAX_MESSAGE_BYTES) {
            throw SqsError.INVALID_ATTRIBUTE_VALUE.because("Invalid value for the parameter MaximumMessageSize: "
                    + value + "; Conveyor takes messages of at most " + QueueSettings.MAX_MESSAGE_BYTES
                    + " bytes (256 KiB), so it must be an integer from " + QueueSettings.MIN_MESSAGE_BYTES + " to "
                    + QueueSettings.MAX_MESSAGE_BYTES + ".");
        }
        return size;
    }

    private static int integer(String name, String value, int min, int max) {
        try {
            int number = Integer.parseInt(value.trim());
            if (number >= min && number <= max) {
                return number;
            }
        } catch (NumberFormatException ignored) {
            // refused below
        }
        throw SqsError.INVALID_ATTRIBUTE_VALUE.because("Invalid value for the parameter " + name + ": " + value
                + "; it must be an integer from " + min + " to " + max + ".");
    }

    /**
     * {@code {"deadLetterTargetArn": "<arn>", "maxReceiveCount": <1..1000, number or string>}}: max_deliveries and
     * dead_letter_queue_id; an empty value removes both, as on SQS.
     */
    private void redrivePolicy(Changes changes, String value) {
        if (value.isBlank()) {
            changes.maxDeliveries = Change.reset();
            changes.deadLetterQueue = Change.reset();
            return;
        }
        ObjectNode policy = object(REDRIVE_POLICY, value);
        String arn = null;
        Integer maxReceiveCount = null;
        for (Map.Entry<String, JsonNode> field : policy.properties()) {
            switch (field.getKey()) {
                case "deadLetterTargetArn" -> {
                    if (!field.getValue().isTextual()) {
                        throw invalidPolicy(REDRIVE_POLICY, value, "deadLetterTargetArn must be a string.");
                    }
                    arn = field.getValue().asText();
                }
                case "maxReceiveCount" -> maxReceiveCount = maxReceiveCount(value, field.getValue());
                default ->
                    throw invalidPolicy(
                            REDRIVE_POLICY, value, "Unknown field " + field.getKey() + " in the redrive policy.");
            }
        }
        if (arn == null || maxReceiveCount == null) {
            throw invalidPolicy(
                    REDRIVE_POLICY, value, "The redrive policy must give deadLetterTargetArn and maxReceiveCount.");
        }
        changes.deadLetterQueue = Change.to(queueOfArn(REDRIVE_POLICY, value, arn));
        changes.maxDeliveries = Change.to(maxReceiveCount);
    }

    /** A JSON number or a string of digits, 1 to 1000, as SQS takes it. */
    private static int maxReceiveCount(String policy, JsonNode count) {
        String text =
                count.isIntegralNumber() || count.isTextual() ? count.asText().trim() : "";
        try {
            int number = Integer.parseInt(text);
            if (number >= 1 && number <= 1000) {
                return number;
            }
        } catch (NumberFormatException ignored) {
            // refused below
        }
        throw invalidPolicy(REDRIVE_POLICY, policy, "maxReceiveCount must be an integer from 1 to 1000.");
    }

    /**
     * {@code {"redrivePermission": "allowAll" | "denyAll" | "byQueue", "sourceQueueArns": [<arn>, ...]}}, the
     * source queues given with byQueue only (1 to 10); an empty value allows all again.
     */
    private Change<RedriveAllowPolicy> redriveAllowPolicy(String value) {
        if (value.isBlank()) {
            return Change.reset();
        }
        ObjectNode policy = object(REDRIVE_ALLOW_POLICY, value);
        String permission = null;
        List<String> sources = null;
        for (Map.Entry<String, JsonNode> field : policy.properties()) {
            switch (field.getKey()) {
                case "redrivePermission" -> permission = field.getValue().asText();
                case "sourceQueueArns" -> sources = sourceQueues(value, field.getValue());
                default ->
                    throw invalidPolicy(
                            REDRIVE_ALLOW_POLICY,
                            value,
                            "Unknown field " + field.getKey() + " in the redrive allow policy.");
            }
        }
        if (permission == null) {
            throw invalidPolicy(REDRIVE_ALLOW_POLICY, value, "redrivePermission is required.");
        }
        return Change.to(
                switch (permission) {
                    case "allowAll", "denyAll" -> {
                        if (sources != null) {
                            throw invalidPolicy(
                                    REDRIVE_ALLOW_POLICY,
                                    value,
                                    "sourceQueueArns may only be given with the redrivePermission byQueue.");
                        }
                        yield permission.equals("allowAll")
                                ? RedriveAllowPolicy.ALLOW_ALL
                                : RedriveAllowPolicy.DENY_ALL;
                    }
                    case "byQueue" -> {
                        if (sources == null || sources.isEmpty() || sources.size() > RedriveAllowPolicy.MAX_SOURCES) {
                            throw invalidPolicy(
                                    REDRIVE_ALLOW_POLICY,
                                    value,
                                    "The redrivePermission byQueue needs sourceQueueArns, 1 to "
                                            + RedriveAllowPolicy.MAX_SOURCES + " queue ARNs.");
                        }
                        yield new RedriveAllowPolicy(
                                RedriveAllowPolicy.Permission.BY_QUEUE, List.copyOf(new LinkedHashSet<>(sources)));
                    }
                    default ->
                        throw invalidPolicy(
                                REDRIVE_ALLOW_POLICY, value, "redrivePermission must be allowAll, denyAll or byQueue.");
                });
    }

    private List<String> sourceQueues(String policy, JsonNode arns) {
        if (!arns.isArray()) {
            throw invalidPolicy(REDRIVE_ALLOW_POLICY, policy, "sourceQueueArns must be an array of queue ARNs.");
        }
        List<String> ids = new ArrayList<>();
        for (JsonNode arn : arns) {
            if (!arn.isTextual()) {
                throw invalidPolicy(REDRIVE_ALLOW_POLICY, policy, "sourceQueueArns must be an array of queue ARNs.");
            }
            ids.add(queueOfArn(REDRIVE_ALLOW_POLICY, policy, arn.asText()));
        }
        return ids;
    }

    private ObjectNode object(String attribute, String value) {
        try {
            JsonNode node = mapper.readTree(value);
            if (node instanceof ObjectNode object) {
                return object;
            }
        } catch (JsonProcessingException e) {
            throw invalidPolicy(attribute, value, "Invalid JSON.");
        }
        throw invalidPolicy(attribute, value, "It must be a JSON object.");
    }

    private String queueOfArn(String attribute, String policy, String arn) {
        try {
            return urls.queueIdOfArn(attribute, arn);
        } catch (SqsException e) {
            throw invalidPolicy(
                    attribute,
                    policy,
                    arn + " is not the ARN of a queue of this endpoint, " + urls.arn("<name>") + ".");
        }
    }

    private static SqsException invalidPolicy(String attribute, String value, String reason) {
        return SqsError.INVALID_PARAMETER_VALUE.because(
                "Value " + value + " for parameter " + attribute + " is invalid. Reason: " + reason);
    }

    /**
     * The names GetQueueAttributes asked for, in the order {@code All} lists them; InvalidAttributeName for an
     * unknown one.
     */
    static List<String> requested(Collection<String> names) {
        Set<String> wanted = new LinkedHashSet<>();
        for (String name : names) {
            if (name.equals(ALL)) {
                wanted.addAll(READABLE);
            } else if (READABLE.contains(name) || NEVER_SET.contains(name)) {
                wanted.add(name);
            } else {
                throw SqsError.INVALID_ATTRIBUTE_NAME.because("Unknown Attribute " + name + ".");
            }
        }
        return READABLE.stream().filter(wanted::contains).toList();
    }

    /**
     * The queue's attributes among {@code names} (as {@link #requested} orders them), as SQS renders them: all text,
     * times in epoch seconds; the counts from {@code stats}, read only when one is asked for.
     */
    Map<String, String> of(Queue queue, List<String> names, Supplier<QueueStats> stats) {
        QueueSettings s = queue.settings();
        Map<String, String> values = new LinkedHashMap<>();
        QueueStats counts =
                names.contains(MESSAGES) || names.contains(NOT_VISIBLE) || names.contains(DELAYED) ? stats.get() : null;
        for (String name : names) {
            String value = switch (name) {
                case ARN -> urls.arn(queue.id());
                case MESSAGES -> Long.toString(counts.available());
                case NOT_VISIBLE -> Long.toString(counts.inFlight());
                case DELAYED -> Long.toString(counts.delayed());
                case CREATED -> Long.toString(queue.createdAt().getEpochSecond());
                case MODIFIED -> Long.toString(queue.updatedAt().getEpochSecond());
                case VISIBILITY_TIMEOUT -> Integer.toString(s.ackDeadlineSeconds());
                case MAXIMUM_MESSAGE_SIZE -> Integer.toString(s.maxMessageBytes());
                case RETENTION -> Integer.toString(s.messageRetentionSeconds());
                case DELAY -> Integer.toString(s.deliveryDelaySeconds());
                case RECEIVE_WAIT -> Integer.toString(s.receiveWaitSeconds());
                case REDRIVE_POLICY -> redrivePolicyOf(s);
                case REDRIVE_ALLOW_POLICY -> redriveAllowPolicyOf(s.redriveAllowPolicy());
                case SSE -> "false";
                case FIFO -> s.fifo() ? "true" : null;
                case CONTENT_BASED_DEDUPLICATION -> s.fifo() ? Boolean.toString(s.contentBasedDeduplication()) : null;
                case DEDUPLICATION_SCOPE ->
                    s.fifo() ? (s.deduplicationScope() == DeduplicationScope.QUEUE ? SCOPE_QUEUE : SCOPE_GROUP) : null;
                case FIFO_THROUGHPUT_LIMIT ->
                    s.fifo()
                            ? (s.fifoThroughputLimit() == FifoThroughputLimit.PER_QUEUE ? LIMIT_QUEUE : LIMIT_GROUP)
                            : null;
                default -> null;
            };
            if (value != null) {
                values.put(name, value);
            }
        }
        return values;
    }

    /** The redrive policy of a queue that dead-letters; none for one that does not, or that drops exhausted ones. */
    private String redrivePolicyOf(QueueSettings s) {
        if (s.deadLetterQueueId() == null || s.maxDeliveries() == null) {
            return null;
        }
        ObjectNode policy = mapper.createObjectNode()
                .put("deadLetterTargetArn", urls.arn(s.deadLetterQueueId()))
                .put("maxReceiveCount", s.maxDeliveries());
        return policy.toString();
    }

    /** None for the default, allowAll, as SQS leaves an unset policy out. */
    private String redriveAllowPolicyOf(RedriveAllowPolicy policy) {
        if (policy.permission() == RedriveAllowPolicy.Permission.ALLOW_ALL) {
            return null;
        }
        String permission = policy.permission() == RedriveAllowPolicy.Permission.DENY_ALL ? "denyAll" : "byQueue";
        ObjectNode node = mapper.createObjectNode().put("redrivePermission", permission);
        if (!policy.sourceQueueIds().isEmpty()) {
            ArrayNode arns = node.putArray("sourceQueueArns");
            policy.sourceQueueIds().forEach(id -> arns.add(urls.arn(id)));
        }
        return node.toString();
    }

    /** The changes being gathered, each field kept unless an attribute names it. */
    private static final class Changes {
        Change<Integer> ackDeadline = Change.keep();
        Change<Integer> retention = Change.keep();
        Change<Integer> delay = Change.keep();
        Change<Integer> maxDeliveries = Change.keep();
        Change<String> deadLetterQueue = Change.keep();
        Change<Integer> receiveWait = Change.keep();
        Change<Integer> maxMessageBytes = Change.keep();
        Change<RedriveAllowPolicy> redriveAllow = Change.keep();
        Change<Boolean> fifo = Change.keep();
        Change<Boolean> contentBasedDeduplication = Change.keep();
        Change<DeduplicationScope> deduplicationScope = Change.keep();
        Change<FifoThroughputLimit> fifoThroughputLimit = Change.keep();

        QueueSettingsPatch patch() {
            return new QueueSettingsPatch(
                    ackDeadline,
                    retention,
                    delay,
                    maxDeliveries,
                    deadLetterQueue,
                    Change.keep(),
                    Change.keep(),
                    Change.keep(),
                    receiveWait,
                    maxMessageBytes,
                    redriveAllow,
                    fifo,
                    contentBasedDeduplication,
                    // SQS's deduplication interval is fixed at five minutes: Conveyor's default window, kept.
                    Change.keep(),
                    deduplicationScope,
                    fifoThroughputLimit);
        }
    }
}
