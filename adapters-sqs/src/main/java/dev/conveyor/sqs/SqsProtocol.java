package dev.conveyor.sqs;

import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

/**
 * One of SQS's wire protocols, decided once per request: it reads the request into an {@link SqsRequest} and
 * renders answers and errors in its own shape. It knows no action's meaning.
 */
interface SqsProtocol {
    /** The request the protocol's input carries; SqsException when it names no action of SQS's. */
    SqsRequest read();

    /** The answer of {@code action}; {@code result} is null for actions that answer only their metadata. */
    Response render(SqsAction action, SqsAnswer result, String requestId);

    Response renderError(SqsException error, String requestId);

    /** The error of a body that cannot be read: the protocol's word for a malformed request. */
    SqsError malformedBody();

    /** JSON when the target or the content type says so (as ElasticMQ decides); Query otherwise. */
    static boolean isJson(String target, MediaType type) {
        return (target != null && target.startsWith(JsonProtocol.TARGET_PREFIX))
                || (type != null && type.getSubtype().startsWith("x-amz-json"));
    }

    /** The action named by its wire name, refused as SQS refuses an unknown one. */
    static SqsAction action(String name) {
        return SqsAction.named(name)
                .orElseThrow(() -> SqsError.INVALID_ACTION.because(
                        "The action " + name + " is not valid for this" + " endpoint."));
    }
}
