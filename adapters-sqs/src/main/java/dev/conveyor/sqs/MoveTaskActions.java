package dev.conveyor.sqs;

import dev.conveyor.application.MessageMoveService;
import dev.conveyor.domain.ConveyorException;
import dev.conveyor.domain.MoveTask;
import dev.conveyor.domain.MoveTaskStatus;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * StartMessageMoveTask, CancelMessageMoveTask and ListMessageMoveTasks, on Conveyor's move tasks. A TaskHandle is
 * the base64 of the task's id and its source queue's ARN ({@code <id>&<arn>}): opaque to clients, and enough to
 * tell a malformed handle from a task or a queue that does not exist, as SQS does.
 */
final class MoveTaskActions {
    /** SQS's most tasks a ListMessageMoveTasks answers; it answers 1 when MaxResults is absent. */
    static final int MAX_LIST_RESULTS = 10;

    private static final String SOURCE_ARN = "SourceArn";
    private static final String DESTINATION_ARN = "DestinationArn";
    private static final String TASK_HANDLE = "TaskHandle";
    private static final String MOVED = "ApproximateNumberOfMessagesMoved";

    private final MessageMoveService moves;

    MoveTaskActions(MessageMoveService moves) {
        this.moves = moves;
    }

    SqsAnswer start(SqsRequest request, QueueUrls urls) {
        String sourceArn = request.required(SOURCE_ARN);
        String source = urls.queueIdOfArn(SOURCE_ARN, sourceArn);
        Optional<String> destinationArn = request.parameters().text(DESTINATION_ARN);
        String destination = destinationArn
                .map(arn -> urls.queueIdOfArn(DESTINATION_ARN, arn))
                .orElse(null);
        Optional<String> rate = request.parameters().text("MaxNumberOfMessagesPerSecond");
        Integer maxPerSecond = rate.isEmpty()
                ? null
                : Limits.integer("MaxNumberOfMessagesPerSecond", rate.get(), 1, MoveTask.MAX_PER_SECOND);
        MoveTask task;
        try {
            task = moves.start(source, destination, maxPerSecond);
        } catch (ConveyorException e) {
            throw refused(e);
        }
        return new SqsAnswer().with(TASK_HANDLE, handle(task, sourceArn));
    }

    SqsAnswer cancel(SqsRequest request, QueueUrls urls) {
        String handle = request.required(TASK_HANDLE);
        String[] parts = parts(handle);
        UUID id = taskId(parts[0]);
        String source;
        try {
            source = urls.queueIdOfArn(SOURCE_ARN, parts[1]);
        } catch (SqsException notAnArn) {
            throw invalidHandle();
        }
        MoveTask task;
        try {
            task = moves.cancel(source, id);
        } catch (ConveyorException e) {
            throw refused(e);
        }
        return new SqsAnswer().with(MOVED, task.moved());
    }

    SqsAnswer list(SqsRequest request, QueueUrls urls) {
        String sourceArn = request.required(SOURCE_ARN);
        String source = urls.queueIdOfArn(SOURCE_ARN, sourceArn);
        int max = request.integer("MaxResults", 1, MAX_LIST_RESULTS, 1);
        List<MoveTask> tasks;
        try {
            tasks = moves.list(source, max);
        } catch (ConveyorException e) {
            throw refused(e);
        }
        List<SqsAnswer> entries =
                tasks.stream().map(task -> entry(task, sourceArn, urls)).toList();
        return new SqsAnswer().with("Results", new SqsAnswer.Repeated("ListMessageMoveTasksResultEntry", entries));
    }

    /** One task as ListMessageMoveTasks shows it: the optional members only when set, the handle only while running. */
    private static SqsAnswer entry(MoveTask task, String sourceArn, QueueUrls urls) {
        SqsAnswer entry = new SqsAnswer();
        if (task.status() == MoveTaskStatus.RUNNING) {
            entry.with(TASK_HANDLE, handle(task, sourceArn));
        }
        entry.with("Status", task.status().name()).with(SOURCE_ARN, sourceArn);
        if (task.destinationQueueId() != null) {
            entry.with(DESTINATION_ARN, urls.arn(task.destinationQueueId()));
        }
        if (task.maxPerSecond() != null) {
            entry.with("MaxNumberOfMessagesPerSecond", task.maxPerSecond().longValue());
        }
        entry.with(MOVED, task.moved())
                .with("ApproximateNumberOfMessagesToMove", task.toMove())
                .with("StartedTimestamp", task.startedAt().toEpochMilli());
        if (task.failureReason() != null) {
            // SQS names the error that stopped the task; both of Conveyor's reasons are a queue that went away.
            entry.with("FailureReason", SqsError.QUEUE_DOES_NOT_EXIST.queryCode());
        }
        return entry;
    }

    private static String handle(MoveTask task, String sourceArn) {
        return Base64.getEncoder().encodeToString((task.id() + "&" + sourceArn).getBytes(StandardCharsets.UTF_8));
    }

    /** The task id and source ARN a handle holds; InvalidParameterValue when it is not one of ours. */
    private static String[] parts(String handle) {
        try {
            String text = new String(Base64.getDecoder().decode(handle.trim()), StandardCharsets.UTF_8);
            String[] parts = text.split("&", 2);
            if (parts.length == 2) {
                return parts;
            }
        } catch (IllegalArgumentException notBase64) {
            // refused below
        }
        throw invalidHandle();
    }

    private static UUID taskId(String text) {
        try {
            UUID id = UUID.fromString(text);
            if (id.toString().equals(text)) {
                return id;
            }
        } catch (IllegalArgumentException notAUuid) {
            // refused below
        }
        throw invalidHandle();
    }

    private static SqsException invalidHandle() {
        return SqsError.INVALID_PARAMETER_VALUE.because("Value for parameter TaskHandle is invalid.");
    }

    /** Conveyor's refusal of a move task action, with SQS's error and words for it. */
    private static SqsException refused(ConveyorException e) {
        return switch (e.code()) {
            case "source_queue_not_found" -> notFound(SOURCE_ARN);
            case "destination_queue_not_found" -> notFound(DESTINATION_ARN);
            case "move_task_not_found" -> SqsError.RESOURCE_NOT_FOUND.because("Task does not exist.");
            // SQS documents that only a RUNNING task can be cancelled, not the error; a task that is not running
            // has no handle in SQS's list either, so it is answered as one that does not exist, saying why.
            case "move_task_not_running" ->
                SqsError.RESOURCE_NOT_FOUND.because("Task does not exist or is not running: " + e.getMessage() + ".");
            case "not_a_dead_letter_queue" ->
                SqsError.INVALID_PARAMETER_VALUE.because("Source queue must be configured as a Dead Letter Queue.");
            case "move_task_active" ->
                SqsError.INVALID_PARAMETER_VALUE.because("There is already a task running. Only one active task is"
                        + " allowed for a source queue arn at a given time.");
            default -> SqsEndpoint.translate(e);
        };
    }

    private static SqsException notFound(String parameter) {
        return SqsError.RESOURCE_NOT_FOUND.because(
                "The resource that you specified for the " + parameter + " parameter doesn't exist.");
    }
}
