package dev.conveyor.sqs;

import dev.conveyor.application.QueueService;
import dev.conveyor.domain.ConveyorException;
import dev.conveyor.domain.QueueTags;
import java.util.List;
import java.util.Map;

/** TagQueue, UntagQueue and ListQueueTags: a queue's tags, kept with it. */
final class TagActions {
    private final QueueService queues;

    TagActions(QueueService queues) {
        this.queues = queues;
    }

    /** Adds the tags given, a key the queue has already taking its new value. */
    void tag(SqsRequest request, QueueUrls urls) {
        String queueId = urls.queueId(request.queueUrl());
        Map<String, String> added = request.parameters().map("Tags");
        if (added.isEmpty()) {
            throw SqsError.MISSING_PARAMETER.because("The request must contain the parameter Tags.");
        }
        tags(added); // checked alone first, so that its own mistakes are named before the queue's count
        queues.tag(queueId, added);
    }

    /** Removes the tags of the keys given; a key the queue does not have is ignored. */
    void untag(SqsRequest request, QueueUrls urls) {
        String queueId = urls.queueId(request.queueUrl());
        List<String> keys = request.parameters().list("TagKeys");
        if (keys.isEmpty()) {
            throw SqsError.MISSING_PARAMETER.because("The request must contain the parameter TagKeys.");
        }
        queues.untag(queueId, keys);
    }

    SqsAnswer list(SqsRequest request, QueueUrls urls) {
        QueueTags tags = queues.tags(urls.queueId(request.queueUrl()));
        return new SqsAnswer().with("Tags", new SqsAnswer.Keyed("Tag", "Key", tags.tags()));
    }

    /** The tags as given, within SQS's bounds; InvalidParameterValue naming what is wrong. */
    static QueueTags tags(Map<String, String> given) {
        try {
            return new QueueTags(given);
        } catch (ConveyorException e) {
            throw SqsError.INVALID_PARAMETER_VALUE.because("Invalid tags: " + e.getMessage() + ".");
        }
    }
}
