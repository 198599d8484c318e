package dev.conveyor.sqs;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.conveyor.application.ConsumeService;
import dev.conveyor.application.InspectService;
import dev.conveyor.application.MaintenanceService;
import dev.conveyor.application.MessageMoveService;
import dev.conveyor.application.Principal;
import dev.conveyor.application.PublishService;
import dev.conveyor.application.QueueService;
import dev.conveyor.application.SigningSecrets;
import dev.conveyor.domain.ConveyorException;
import dev.conveyor.domain.PurgeRule;
import java.time.InstantSource;

/** Runs an SQS request's action on the use cases, and turns Conveyor's refusals into SQS's errors. */
public final class SqsEndpoint {
    private final SqsSettings settings;
    private final QueueActions queues;
    private final TagActions tags;
    private final MessageActions messages;
    /** Null while auth is off. */
    private final SigV4Verifier signatures;

    private final MoveTaskActions moveTasks;

    private final ReceiptActions receipts;

    /**
     * @param signers the clients' signing secrets, required when the settings say auth is on; unused otherwise
     * @param clock the time signatures are checked against, and that ends what a ReceiveRequestAttemptId repeats
     */
    public SqsEndpoint(
            SqsSettings settings,
            QueueService queues,
            PublishService publishing,
            ConsumeService consuming,
            ObjectMapper mapper,
            MaintenanceService maintenance,
            InspectService inspect,
            MessageMoveService moves,
            SigningSecrets signers,
            InstantSource clock) {
        this.settings = settings;
        this.queues = new QueueActions(queues, maintenance, inspect, mapper);
        this.tags = new TagActions(queues);
        this.messages = new MessageActions(queues, publishing, consuming, mapper, new ReceiveAttempts(clock));
        this.moveTasks = new MoveTaskActions(moves);
        this.receipts = new ReceiptActions(consuming);
        if (settings.authEnabled() && signers == null) {
            throw new IllegalArgumentException("with auth on, the SQS endpoint needs the clients' signing secrets");
        }
        this.signatures =
                settings.authEnabled() ? new SigV4Verifier(settings.region(), "sqs", signers::signer, clock) : null;
    }

    /**
     * Who signed the request, when auth is on (a refusal otherwise); null when auth is off, where any signature
     * or none is accepted, as ElasticMQ does.
     */
    Principal authenticate(SignedRequest request) {
        return signatures == null ? null : signatures.verify(request);
    }

    /**
     * The action's answer; null for the actions that answer nothing but their metadata.
     *
     * @param principal who signed the request, whose scopes must allow the action; null when auth is off
     */
    SqsAnswer handle(SqsRequest request, String requestBase, Principal principal) {
        QueueUrls urls = new QueueUrls(settings, requestBase);
        SqsAccess.authorize(principal, request, urls);
        try {
            return switch (request.action()) {
                case CreateQueue -> queues.create(request, urls);
                case GetQueueUrl -> queues.url(request, urls);
                case ListQueues -> queues.list(request, urls);
                case DeleteQueue -> {
                    queues.delete(request, urls);
                    yield null;
                }
                case GetQueueAttributes -> queues.attributes(request, urls);
                case SetQueueAttributes -> {
                    queues.setAttributes(request, urls);
                    yield null;
                }
                case ListDeadLetterSourceQueues -> queues.deadLetterSources(request, urls);
                case PurgeQueue -> {
                    queues.purge(request, urls);
                    yield null;
                }
                case TagQueue -> {
                    tags.tag(request, urls);
                    yield null;
                }
                case UntagQueue -> {
                    tags.untag(request, urls);
                    yield null;
                }
                case ListQueueTags -> tags.list(request, urls);
                case SendMessage -> messages.send(request, urls);
                case SendMessageBatch -> messages.sendBatch(request, urls);
                case ReceiveMessage -> messages.receive(request, urls);
                case DeleteMessage -> {
                    receipts.delete(request, urls);
                    yield null;
                }
                case DeleteMessageBatch -> receipts.deleteBatch(request, urls);
                case ChangeMessageVisibility -> {
                    receipts.changeVisibility(request, urls);
                    yield null;
                }
                case ChangeMessageVisibilityBatch -> receipts.changeVisibilityBatch(request, urls);
                case StartMessageMoveTask -> moveTasks.start(request, urls);
                case CancelMessageMoveTask -> moveTasks.cancel(request, urls);
                case ListMessageMoveTasks -> moveTasks.list(request, urls);
                case AddPermission, RemovePermission ->
                    throw SqsError.UNSUPPORTED_OPERATION.because(
                            "The action " + request.action().name()
                                    + " is not supported by Conveyor: it applies no SQS permissions or access policies;"
                                    + " what a client may do is set by its Conveyor scopes.");
            };
        } catch (ConveyorException e) {
            throw translate(e);
        }
    }

    /** Conveyor's refusal as the SQS error that means the same. */
    static SqsException translate(ConveyorException e) {
        return switch (e.kind()) {
            case NOT_FOUND -> SqsError.QUEUE_DOES_NOT_EXIST.because("The specified queue does not exist.");
            case CONFLICT ->
                (PurgeRule.IN_PROGRESS.equals(e.code())
                                ? SqsError.PURGE_QUEUE_IN_PROGRESS
                                : SqsError.INVALID_PARAMETER_VALUE)
                        .because(e.getMessage());
            case INVALID -> SqsError.INVALID_PARAMETER_VALUE.because(e.getMessage());
            case CAPACITY_EXCEEDED -> SqsError.OVER_LIMIT.because(e.getMessage());
            case UNAUTHENTICATED -> SqsError.INVALID_CLIENT_TOKEN_ID.because(e.getMessage());
            case FORBIDDEN -> SqsError.ACCESS_DENIED.because(e.getMessage());
            case UNAVAILABLE -> SqsError.SERVICE_UNAVAILABLE.because(e.getMessage());
        };
    }
}
