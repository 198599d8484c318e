package dev.conveyor.sqs;

import dev.conveyor.application.QueueService;
import dev.conveyor.domain.ConveyorException;
import dev.conveyor.domain.Page;
import dev.conveyor.domain.Queue;
import dev.conveyor.domain.QueueSettings;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** CreateQueue, GetQueueUrl, ListQueues and DeleteQueue, on Conveyor's queues. */
final class QueueActions {
    static final String VISIBILITY_TIMEOUT = "VisibilityTimeout";
    static final String RETENTION = "MessageRetentionPeriod";
    static final String DELAY = "DelaySeconds";

    /** SQS's queue attributes that this step does not map yet: refused, so that none is silently dropped. */
    private static final Set<String> NOT_YET = Set.of(
            "ReceiveMessageWaitTimeSeconds",
            "MaximumMessageSize",
            "RedrivePolicy",
            "RedriveAllowPolicy",
            "Policy",
            "KmsMasterKeyId",
            "KmsDataKeyReusePeriodSeconds",
            "SqsManagedSseEnabled",
            "ContentBasedDeduplication",
            "DeduplicationScope",
            "FifoThroughputLimit");

    private final QueueService queues;

    QueueActions(QueueService queues) {
        this.queues = queues;
    }

    /** A new queue, or the existing one of that name when every attribute given matches it (as SQS). */
    SqsAnswer create(SqsRequest request, QueueUrls urls) {
        String name = Limits.queueName(request.required("QueueName"));
        if (request.parameters().present("tags")) {
            throw SqsError.UNSUPPORTED_OPERATION.because("Queue tags are not supported yet.");
        }
        Map<String, Integer> wanted = attributes(request.parameters().map("Attributes"));
        Optional<Queue> existing = find(name);
        if (existing.isEmpty()) {
            QueueSettings settings = QueueSettings.withDefaults(
                    wanted.get(VISIBILITY_TIMEOUT),
                    wanted.getOrDefault(RETENTION, Limits.DEFAULT_RETENTION),
                    wanted.get(DELAY),
                    null,
                    null,
                    null,
                    null,
                    null);
            try {
                queues.create(name, settings);
                return new SqsAnswer().with("QueueUrl", urls.url(name));
            } catch (ConveyorException e) {
                if (e.kind() != ConveyorException.Kind.CONFLICT) {
                    throw e;
                }
                existing = find(name); // made meanwhile by another request: compared as if it had been there
            }
        }
        QueueSettings current = existing.orElseThrow(
                        () -> SqsError.QUEUE_DOES_NOT_EXIST.because("The specified queue does not exist."))
                .settings();
        Map<String, Integer> has = Map.of(
                VISIBILITY_TIMEOUT, current.ackDeadlineSeconds(),
                RETENTION, current.messageRetentionSeconds(),
                DELAY, current.deliveryDelaySeconds());
        wanted.forEach((attribute, value) -> {
            if (!has.get(attribute).equals(value)) {
                throw SqsError.QUEUE_NAME_EXISTS.because(
                        "A queue already exists with the same name and a different value for attribute " + attribute);
            }
        });
        return new SqsAnswer().with("QueueUrl", urls.url(name));
    }

    /** The attributes CreateQueue maps onto queue settings, checked within SQS's bounds and Conveyor's. */
    private static Map<String, Integer> attributes(Map<String, String> given) {
        Map<String, Integer> checked = new java.util.HashMap<>();
        given.forEach((name, value) -> {
            switch (name) {
                case VISIBILITY_TIMEOUT -> checked.put(name, attribute(name, value, 1, Limits.MAX_VISIBILITY_TIMEOUT));
                case RETENTION -> checked.put(name, attribute(name, value, Limits.MIN_RETENTION, Limits.MAX_RETENTION));
                case DELAY -> checked.put(name, attribute(name, value, 0, Limits.MAX_DELAY_SECONDS));
                case "FifoQueue" -> {
                    if (!"false".equalsIgnoreCase(value.trim())) {
                        throw SqsError.UNSUPPORTED_OPERATION.because("FIFO queues are not supported yet.");
                    }
                }
                default -> {
                    if (NOT_YET.contains(name)) {
                        throw SqsError.UNSUPPORTED_OPERATION.because(
                                "The queue attribute " + name + " is not supported yet.");
                    }
                    throw SqsError.INVALID_ATTRIBUTE_NAME.because("Unknown Attribute " + name + ".");
                }
            }
        });
        return checked;
    }

    private static int attribute(String name, String value, int min, int max) {
        try {
            int number = Integer.parseInt(value.trim());
            if (number >= min && number <= max) {
                return number;
            }
        } catch (NumberFormatException ignored) {
            // refused below
        }
        String reason = name.equals(VISIBILITY_TIMEOUT) && "0".equals(value.trim())
                ? " (a visibility timeout of 0 is not supported yet)"
                : "";
        throw SqsError.INVALID_ATTRIBUTE_VALUE.because("Invalid value for the parameter " + name + ": " + value
                + "; it must be an integer from " + min + " to " + max + reason + ".");
    }

    SqsAnswer url(SqsRequest request, QueueUrls urls) {
        String name = request.required("QueueName");
        Optional<Queue> queue = find(name);
        if (queue.isEmpty()) {
            throw SqsError.QUEUE_DOES_NOT_EXIST.because("The specified queue does not exist.");
        }
        return new SqsAnswer().with("QueueUrl", urls.url(queue.get().id()));
    }

    /** Every queue whose name starts with the prefix; with MaxResults, a page of them and the next page's token. */
    SqsAnswer list(SqsRequest request, QueueUrls urls) {
        String prefix = request.parameters().text("QueueNamePrefix").orElse("");
        Optional<String> maxResults = request.parameters().text("MaxResults");
        int limit = maxResults.isPresent()
                ? Limits.integer("MaxResults", maxResults.get(), 1, Limits.MAX_LIST_RESULTS)
                : Limits.MAX_LIST_RESULTS;
        int skip =
                request.parameters().text("NextToken").map(QueueActions::offset).orElse(0);
        List<String> names = new ArrayList<>();
        for (int offset = 0; ; offset += Page.MAX_LIMIT) {
            List<Queue> page = queues.list(new Page(Page.MAX_LIMIT, offset));
            page.stream().map(Queue::id).filter(id -> id.startsWith(prefix)).forEach(names::add);
            if (page.size() < Page.MAX_LIMIT) {
                break;
            }
        }
        List<String> slice = names.subList(Math.min(skip, names.size()), Math.min(skip + limit, names.size()));
        SqsAnswer answer = new SqsAnswer()
                .with(
                        "QueueUrls",
                        new SqsAnswer.Repeated(
                                "QueueUrl", slice.stream().map(urls::url).toList()));
        if (maxResults.isPresent() && skip + limit < names.size()) {
            answer.with("NextToken", token(skip + limit));
        }
        return answer;
    }

    private static String token(int offset) {
        return Base64.getUrlEncoder()
                .withoutPadding()
                .encodeToString(("offset:" + offset).getBytes(StandardCharsets.UTF_8));
    }

    private static int offset(String token) {
        try {
            String text = new String(Base64.getUrlDecoder().decode(token), StandardCharsets.UTF_8);
            if (text.startsWith("offset:")) {
                int offset = Integer.parseInt(text.substring("offset:".length()));
                if (offset >= 0) {
                    return offset;
                }
            }
        } catch (IllegalArgumentException ignored) {
            // refused below (NumberFormatException is one)
        }
        throw SqsError.INVALID_PARAMETER_VALUE.because("Invalid NextToken value.");
    }

    void delete(SqsRequest request, QueueUrls urls) {
        queues.delete(urls.queueId(request.queueUrl()));
    }

    private Optional<Queue> find(String name) {
        try {
            return Optional.of(queues.get(name));
        } catch (ConveyorException e) {
            if (e.kind() == ConveyorException.Kind.NOT_FOUND) {
                return Optional.empty();
            }
            throw e;
        }
    }
}
