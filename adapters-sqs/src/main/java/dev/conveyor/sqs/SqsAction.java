package dev.conveyor.sqs;

import java.util.Arrays;
import java.util.Optional;

/** The 23 actions of the SQS API, and whether this endpoint implements each one yet. */
public enum SqsAction {
    CreateQueue(true),
    GetQueueUrl(true),
    ListQueues(true),
    DeleteQueue(true),
    GetQueueAttributes(true),
    SetQueueAttributes(true),
    SendMessage(true),
    SendMessageBatch(true),
    ReceiveMessage(true),
    DeleteMessage(true),
    DeleteMessageBatch(true),
    ChangeMessageVisibility(true),
    ChangeMessageVisibilityBatch(true),
    PurgeQueue(true),
    TagQueue(true),
    UntagQueue(true),
    ListQueueTags(true),
    ListDeadLetterSourceQueues(true),
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
