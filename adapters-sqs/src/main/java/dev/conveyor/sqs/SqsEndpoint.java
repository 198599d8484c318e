package dev.conveyor.sqs;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.conveyor.application.ConsumeService;
import dev.conveyor.application.MessageMoveService;
import dev.conveyor.application.PublishService;
import dev.conveyor.application.QueueService;
import dev.conveyor.domain.ConveyorException;

/** Runs an SQS request's action on the use cases, and turns Conveyor's refusals into SQS's errors. */
public final class SqsEndpoint {
    private final SqsSettings settings;
    private final QueueActions queues;
    private final MessageActions messages;
    private final MoveTaskActions moveTasks;

    public SqsEndpoint(
            SqsSettings settings,
            QueueService queues,
            PublishService publishing,
            ConsumeService consuming,
            ObjectMapper mapper,
            MessageMoveService moves) {
        this.settings = settings;
        this.queues = new QueueActions(queues);
        this.messages = new MessageActions(publishing, consuming, mapper);
        this.moveTasks = new MoveTaskActions(moves);
    }

    /** Refuses every request while Conveyor's auth is on: never a way around it, until SigV4 is checked. */
    void checkAccess() {
        if (settings.authEnabled()) {
            throw SqsError.INVALID_CLIENT_TOKEN_ID.because("Conveyor's auth is enabled, and its SQS endpoint does"
                    + " not support AWS Signature Version 4 yet: SQS requests are refused. Use /v1 with a token.");
        }
    }

    /** The action's answer; null for the actions that answer nothing but their metadata. */
    SqsAnswer handle(SqsRequest request, String requestBase) {
        if (!request.action().implemented()) {
            throw SqsError.UNSUPPORTED_OPERATION.because(
                    "The action " + request.action().name() + " is not supported by Conveyor yet.");
        }
        QueueUrls urls = new QueueUrls(settings, requestBase);
        try {
            return switch (request.action()) {
                case CreateQueue -> queues.create(request, urls);
                case GetQueueUrl -> queues.url(request, urls);
                case ListQueues -> queues.list(request, urls);
                case DeleteQueue -> {
                    queues.delete(request, urls);
                    yield null;
                }
                case SendMessage -> messages.send(request, urls);
                case ReceiveMessage -> messages.receive(request, urls);
                case DeleteMessage -> {
                    messages.delete(request, urls);
                    yield null;
                }
                case StartMessageMoveTask -> moveTasks.start(request, urls);
                case CancelMessageMoveTask -> moveTasks.cancel(request, urls);
                case ListMessageMoveTasks -> moveTasks.list(request, urls);
                default ->
                    throw SqsError.UNSUPPORTED_OPERATION.because(
                            "The action " + request.action().name() + " is not supported by Conveyor yet.");
            };
        } catch (ConveyorException e) {
            throw translate(e);
        }
    }

    /** Conveyor's refusal as the SQS error that means the same. */
    static SqsException translate(ConveyorException e) {
        return switch (e.kind()) {
            case NOT_FOUND -> SqsError.QUEUE_DOES_NOT_EXIST.because("The specified queue does not exist.");
            case INVALID, CONFLICT -> SqsError.INVALID_PARAMETER_VALUE.because(e.getMessage());
            case CAPACITY_EXCEEDED -> SqsError.OVER_LIMIT.because(e.getMessage());
            case UNAUTHENTICATED, FORBIDDEN -> SqsError.INVALID_CLIENT_TOKEN_ID.because(e.getMessage());
            case UNAVAILABLE -> SqsError.SERVICE_UNAVAILABLE.because(e.getMessage());
        };
    }
}
