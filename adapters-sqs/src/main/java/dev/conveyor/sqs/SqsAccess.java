package dev.conveyor.sqs;

import dev.conveyor.application.Principal;
import dev.conveyor.domain.ConveyorException;
import java.util.EnumMap;
import java.util.Map;
import java.util.function.BiFunction;

/**
 * The scope each SQS action needs, as the {@code /v1} call that does the same needs it, checked with the same
 * {@link Principal#require}: an SQS queue is a Conveyor queue, so a client's {@code queues:...} scopes mean the
 * same on both endpoints.
 */
final class SqsAccess {
    /** What an action does to which queue: a {@code queues:<action>} scope, on the queue named or on all. */
    private record Needs(String action, BiFunction<SqsRequest, QueueUrls, String> queue) {}

    private static final String QUEUES = "queues";

    /** The queue its QueueUrl (or the URL the request was sent to) names. */
    private static String byUrl(SqsRequest r, QueueUrls urls) {
        return urls.queueId(r.queueUrl());
    }

    /** The queue its QueueName names (to create or to look up). */
    private static String byName(SqsRequest r, QueueUrls urls) {
        return r.required("QueueName");
    }

    /** The dead-letter queue its SourceArn names (move tasks are redrives of it). */
    private static String bySourceArn(SqsRequest r, QueueUrls urls) {
        return urls.queueIdOfArn("SourceArn", r.required("SourceArn"));
    }

    /** Every queue: lists, and what names no queue of its own; only an unrestricted scope allows it. */
    private static String every(SqsRequest r, QueueUrls urls) {
        return null;
    }

    private static final Map<SqsAction, Needs> TABLE = table();

    private static Map<SqsAction, Needs> table() {
        Map<SqsAction, Needs> table = new EnumMap<>(SqsAction.class);
        table.put(SqsAction.CreateQueue, new Needs("create", SqsAccess::byName)); // POST /v1/queues
        table.put(SqsAction.GetQueueUrl, new Needs("read", SqsAccess::byName)); // GET /v1/queues/{id}
        table.put(SqsAction.ListQueues, new Needs("read", SqsAccess::every)); // GET /v1/queues
        table.put(SqsAction.DeleteQueue, new Needs("delete", SqsAccess::byUrl)); // DELETE /v1/queues/{id}
        table.put(SqsAction.GetQueueAttributes, new Needs("read", SqsAccess::byUrl)); // GET /v1/queues/{id}, its stats
        table.put(SqsAction.SetQueueAttributes, new Needs("update", SqsAccess::byUrl)); // PATCH /v1/queues/{id}
        table.put(SqsAction.SendMessage, new Needs("publish", SqsAccess::byUrl)); // POST /v1/queues/{id}/messages
        table.put(SqsAction.SendMessageBatch, new Needs("publish", SqsAccess::byUrl));
        table.put(SqsAction.ReceiveMessage, new Needs("consume", SqsAccess::byUrl)); // POST /v1/queues/{id}/receive
        table.put(SqsAction.DeleteMessage, new Needs("consume", SqsAccess::byUrl)); // .../ack
        table.put(SqsAction.DeleteMessageBatch, new Needs("consume", SqsAccess::byUrl));
        table.put(SqsAction.ChangeMessageVisibility, new Needs("consume", SqsAccess::byUrl)); // .../nack and .../extend
        table.put(SqsAction.ChangeMessageVisibilityBatch, new Needs("consume", SqsAccess::byUrl));
        table.put(SqsAction.PurgeQueue, new Needs("manage", SqsAccess::byUrl)); // .../purge
        table.put(SqsAction.TagQueue, new Needs("update", SqsAccess::byUrl)); // tags are settings of the queue
        table.put(SqsAction.UntagQueue, new Needs("update", SqsAccess::byUrl));
        table.put(SqsAction.ListQueueTags, new Needs("read", SqsAccess::byUrl));
        table.put(
                SqsAction.ListDeadLetterSourceQueues,
                new Needs("read", SqsAccess::every)); // names other queues: a list
        table.put(SqsAction.StartMessageMoveTask, new Needs("manage", SqsAccess::bySourceArn)); // .../redrive
        table.put(SqsAction.ListMessageMoveTasks, new Needs("read", SqsAccess::bySourceArn));
        table.put(SqsAction.CancelMessageMoveTask, new Needs("manage", SqsAccess::every)); // its handle is all it names
        table.put(SqsAction.AddPermission, new Needs("manage", SqsAccess::byUrl)); // refused as unsupported anyway
        table.put(SqsAction.RemovePermission, new Needs("manage", SqsAccess::byUrl));
        if (table.size() != SqsAction.values().length) {
            throw new IllegalStateException("every SQS action needs a row in SqsAccess's table");
        }
        return table;
    }

    private SqsAccess() {}

    /**
     * Refuses with AccessDenied, changing nothing, unless the principal's scopes allow the action on its queue.
     * A null principal is auth off: everything is allowed.
     */
    static void authorize(Principal principal, SqsRequest request, QueueUrls urls) {
        if (principal == null) {
            return;
        }
        Needs needs = TABLE.get(request.action());
        String queue = needs.queue().apply(request, urls);
        try {
            principal.require(QUEUES, needs.action(), queue);
        } catch (ConveyorException forbidden) {
            String scope = QUEUES + ":" + needs.action() + (queue == null ? "" : ":" + queue);
            throw SqsError.ACCESS_DENIED.because("Access to "
                    + (queue == null ? "every queue" : "the resource " + urls.url(queue)) + " is denied: the client "
                    + principal.clientId() + " lacks the scope " + scope + " that "
                    + request.action().name()
                    + " needs.");
        }
    }
}
