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
    private static final BiFunction<SqsRequest, QueueUrls, String> BY_URL = (r, urls) -> urls.queueId(r.queueUrl());
    /** The queue its QueueName names (to create or to look up). */
    private static final BiFunction<SqsRequest, QueueUrls, String> BY_NAME = (r, urls) -> r.required("QueueName");
    /** The dead-letter queue its SourceArn names (move tasks are redrives of it). */
    private static final BiFunction<SqsRequest, QueueUrls, String> BY_SOURCE_ARN =
            (r, urls) -> urls.queueIdOfArn("SourceArn", r.required("SourceArn"));
    /** Every queue: lists, and what names no queue of its own; only an unrestricted scope allows it. */
    private static final BiFunction<SqsRequest, QueueUrls, String> EVERY = (r, urls) -> null;

    private static final Map<SqsAction, Needs> TABLE = table();

    private static Map<SqsAction, Needs> table() {
        Map<SqsAction, Needs> table = new EnumMap<>(SqsAction.class);
        table.put(SqsAction.CreateQueue, new Needs("create", BY_NAME)); // POST /v1/queues
        table.put(SqsAction.GetQueueUrl, new Needs("read", BY_NAME)); // GET /v1/queues/{id}
        table.put(SqsAction.ListQueues, new Needs("read", EVERY)); // GET /v1/queues
        table.put(SqsAction.DeleteQueue, new Needs("delete", BY_URL)); // DELETE /v1/queues/{id}
        table.put(SqsAction.GetQueueAttributes, new Needs("read", BY_URL)); // GET /v1/queues/{id}, its stats
        table.put(SqsAction.SetQueueAttributes, new Needs("update", BY_URL)); // PATCH /v1/queues/{id}
        table.put(SqsAction.SendMessage, new Needs("publish", BY_URL)); // POST /v1/queues/{id}/messages
        table.put(SqsAction.SendMessageBatch, new Needs("publish", BY_URL));
        table.put(SqsAction.ReceiveMessage, new Needs("consume", BY_URL)); // POST /v1/queues/{id}/receive
        table.put(SqsAction.DeleteMessage, new Needs("consume", BY_URL)); // .../ack
        table.put(SqsAction.DeleteMessageBatch, new Needs("consume", BY_URL));
        table.put(SqsAction.ChangeMessageVisibility, new Needs("consume", BY_URL)); // .../nack and .../extend
        table.put(SqsAction.ChangeMessageVisibilityBatch, new Needs("consume", BY_URL));
        table.put(SqsAction.PurgeQueue, new Needs("manage", BY_URL)); // .../purge
        table.put(SqsAction.TagQueue, new Needs("update", BY_URL)); // tags are settings of the queue
        table.put(SqsAction.UntagQueue, new Needs("update", BY_URL));
        table.put(SqsAction.ListQueueTags, new Needs("read", BY_URL));
        table.put(SqsAction.ListDeadLetterSourceQueues, new Needs("read", EVERY)); // names other queues: a list
        table.put(SqsAction.StartMessageMoveTask, new Needs("manage", BY_SOURCE_ARN)); // .../redrive
        table.put(SqsAction.ListMessageMoveTasks, new Needs("read", BY_SOURCE_ARN));
        table.put(SqsAction.CancelMessageMoveTask, new Needs("manage", EVERY)); // its handle is all it names
        table.put(SqsAction.AddPermission, new Needs("manage", BY_URL)); // refused as unsupported anyway
        table.put(SqsAction.RemovePermission, new Needs("manage", BY_URL));
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
