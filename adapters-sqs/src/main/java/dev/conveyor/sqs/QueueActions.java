package dev.conveyor.sqs;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.conveyor.application.InspectService;
import dev.conveyor.application.MaintenanceService;
import dev.conveyor.application.QueueService;
import dev.conveyor.domain.ConveyorException;
import dev.conveyor.domain.Page;
import dev.conveyor.domain.Queue;
import dev.conveyor.domain.QueueSettings;
import dev.conveyor.domain.QueueSettingsPatch;
import dev.conveyor.domain.QueueTags;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * CreateQueue, GetQueueUrl, ListQueues, DeleteQueue, Get/SetQueueAttributes, ListDeadLetterSourceQueues and
 * PurgeQueue, on Conveyor's queues.
 */
final class QueueActions {
    /** What CreateQueue gives a queue when no attribute says otherwise: Conveyor's defaults but SQS's retention. */
    private static final QueueSettings SQS_DEFAULTS =
            QueueSettings.withDefaults(null, Limits.DEFAULT_RETENTION, null, null, null, null, null, null);

    private final QueueService queues;
    private final MaintenanceService maintenance;
    private final InspectService inspect;
    private final ObjectMapper mapper;

    QueueActions(QueueService queues, MaintenanceService maintenance, InspectService inspect, ObjectMapper mapper) {
        this.queues = queues;
        this.maintenance = maintenance;
        this.inspect = inspect;
        this.mapper = mapper;
    }

    /**
     * A new queue with its attributes and tags, or the existing one of that name when every attribute given
     * matches it (as SQS; its tags are then left as they are).
     */
    SqsAnswer create(SqsRequest request, QueueUrls urls) {
        Map<String, String> given = request.parameters().map("Attributes");
        QueueAttributes.Target target = QueueAttributes.Target.creating(given);
        String name = Limits.queueName(request.required("QueueName"), target.fifo());
        QueueAttributes attributes = new QueueAttributes(urls, mapper);
        QueueSettingsPatch wanted = attributes.patch(given, target);
        QueueTags tags = TagActions.tags(request.parameters().map("tags"));
        Optional<Queue> existing = find(name);
        if (existing.isEmpty()) {
            QueueAttributes.checkThroughputPair(wanted, SQS_DEFAULTS);
            try {
                queues.create(name, wanted.applyTo(SQS_DEFAULTS), tags);
                return new SqsAnswer().with("QueueUrl", urls.url(name));
            } catch (ConveyorException e) {
                if (e.kind() != ConveyorException.Kind.CONFLICT || !"queue_exists".equals(e.code())) {
                    throw e;
                }
                existing = find(name); // made meanwhile by another request: compared as if it had been there
            }
        }
        QueueSettings current = existing.orElseThrow(
                        () -> SqsError.QUEUE_DOES_NOT_EXIST.because("The specified queue does not exist."))
                .settings();
        given.forEach((attribute, value) -> {
            if (!matches(attributes.patch(Map.of(attribute, value), target), current)) {
                throw SqsError.QUEUE_NAME_EXISTS.because(
                        "A queue already exists with the same name and a different value for attribute " + attribute);
            }
        });
        return new SqsAnswer().with("QueueUrl", urls.url(name));
    }

    /** True when the change leaves the settings as they are; false also when they could not take it alone. */
    private static boolean matches(QueueSettingsPatch change, QueueSettings current) {
        try {
            return change.applyTo(current).equals(current);
        } catch (ConveyorException e) {
            return false; // e.g. DeduplicationScope=queue beside the queue's FifoThroughputLimit=perMessageGroupId
        }
    }

    /** The attributes named ({@code All} for every one), as SQS renders them. */
    SqsAnswer attributes(SqsRequest request, QueueUrls urls) {
        String queueId = urls.queueId(request.queueUrl());
        List<String> names = QueueAttributes.requested(request.parameters().list("AttributeNames"));
        Queue queue = queues.get(queueId);
        Map<String, String> values = new QueueAttributes(urls, mapper).of(queue, names, () -> inspect.stats(queueId));
        return new SqsAnswer().with("Attributes", new SqsAnswer.Keyed("Attribute", "Name", values));
    }

    /** Changes the attributes given, all checked first: a refused request changes none of them. */
    void setAttributes(SqsRequest request, QueueUrls urls) {
        String queueId = urls.queueId(request.queueUrl());
        if (!request.parameters().present("Attributes")) {
            throw SqsError.MISSING_PARAMETER.because("The request must contain the parameter Attributes.");
        }
        Queue queue = queues.get(queueId);
        QueueSettingsPatch patch = new QueueAttributes(urls, mapper)
                .patch(request.parameters().map("Attributes"), QueueAttributes.Target.existing(queue));
        QueueAttributes.checkThroughputPair(patch, queue.settings());
        queues.patch(queueId, patch);
    }

    /** The queues whose dead-letter queue this is, paged as ListQueues pages. */
    SqsAnswer deadLetterSources(SqsRequest request, QueueUrls urls) {
        String queueId = urls.queueId(request.queueUrl());
        return paged(request, queues.deadLetterSources(queueId), "queueUrls", urls);
    }

    /** Deletes every message of the queue; at most once a minute, as SQS. */
    void purge(SqsRequest request, QueueUrls urls) {
        maintenance.purgeAtMostOncePerInterval(urls.queueId(request.queueUrl()));
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
        List<String> names = new ArrayList<>();
        for (int offset = 0; ; offset += Page.MAX_LIMIT) {
            List<Queue> page = queues.list(new Page(Page.MAX_LIMIT, offset));
            page.stream().map(Queue::id).filter(id -> id.startsWith(prefix)).forEach(names::add);
            if (page.size() < Page.MAX_LIMIT) {
                break;
            }
        }
        return paged(request, names, "QueueUrls", urls);
    }

    /**
     * The queues' URLs under {@code member}; with MaxResults (1 to 1000), the page NextToken starts and the next
     * page's token.
     */
    private static SqsAnswer paged(SqsRequest request, List<String> names, String member, QueueUrls urls) {
        Optional<String> maxResults = request.parameters().text("MaxResults");
        int limit = maxResults.isPresent()
                ? Limits.integer("MaxResults", maxResults.get(), 1, Limits.MAX_LIST_RESULTS)
                : Limits.MAX_LIST_RESULTS;
        int skip =
                request.parameters().text("NextToken").map(QueueActions::offset).orElse(0);
        List<String> slice = names.subList(Math.min(skip, names.size()), Math.min(skip + limit, names.size()));
        SqsAnswer answer = new SqsAnswer()
                .with(
                        member,
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
