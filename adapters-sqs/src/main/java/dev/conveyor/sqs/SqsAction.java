package dev.conveyor.sqs;

import java.util.Arrays;
import java.util.Optional;

/** The 23 actions of the SQS API, and whether this endpoint implements each one yet. */
public enum SqsAction {
    CreateQueue(true),
    GetQueueUrl(true),
    ListQueues(true),
    DeleteQueue(true),
    GetQueueAttributes(false),
    SetQueueAttributes(false),
    SendMessage(true),
    SendMessageBatch(false),
    ReceiveMessage(true),
    DeleteMessage(true),
    DeleteMessageBatch(false),
    ChangeMessageVisibility(false),
    ChangeMessageVisibilityBatch(false),
    PurgeQueue(false),
    TagQueue(false),
    UntagQueue(false),
    ListQueueTags(false),
    ListDeadLetterSourceQueues(false),
    StartMessageMoveTask(true),
    CancelMessageMoveTask(true),
    ListMessageMoveTasks(true),
    AddPermission(false),
    RemovePermission(false);

    private final boolean implemented;

    SqsAction(boolean implemented) {
        this.implemented = implemented;
    }

    public boolean implemented() {
        return implemented;
    }

    /** The action of that exact name, or empty when SQS has none. */
    public static Optional<SqsAction> named(String name) {
        return Arrays.stream(values()).filter(a -> a.name().equals(name)).findFirst();
    }
}
