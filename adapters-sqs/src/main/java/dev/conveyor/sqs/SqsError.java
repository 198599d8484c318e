package dev.conveyor.sqs;

/**
 * Every SQS error this endpoint answers, as SQS's own API reference defines it: the JSON protocol's {@code __type}
 * name, the Query protocol's code (also sent in JSON's {@code x-amzn-query-error} header), and the HTTP status.
 */
public enum SqsError {
    QUEUE_DOES_NOT_EXIST("QueueDoesNotExist", "AWS.SimpleQueueService.NonExistentQueue", 400),
    QUEUE_NAME_EXISTS("QueueNameExists", "QueueAlreadyExists", 400),
    RECEIPT_HANDLE_IS_INVALID("ReceiptHandleIsInvalid", "ReceiptHandleIsInvalid", 404),
    MESSAGE_NOT_INFLIGHT("MessageNotInflight", "AWS.SimpleQueueService.MessageNotInflight", 400),
    UNSUPPORTED_OPERATION("UnsupportedOperation", "AWS.SimpleQueueService.UnsupportedOperation", 400),
    INVALID_ACTION("InvalidAction", "InvalidAction", 400),
    MISSING_PARAMETER("MissingParameter", "MissingParameter", 400),
    INVALID_PARAMETER_VALUE("InvalidParameterValue", "InvalidParameterValue", 400),
    INVALID_ATTRIBUTE_NAME("InvalidAttributeName", "InvalidAttributeName", 400),
    INVALID_ATTRIBUTE_VALUE("InvalidAttributeValue", "InvalidAttributeValue", 400),
    INVALID_MESSAGE_CONTENTS("InvalidMessageContents", "InvalidMessageContents", 400),
    TOO_MANY_ENTRIES_IN_BATCH_REQUEST(
            "TooManyEntriesInBatchRequest", "AWS.SimpleQueueService.TooManyEntriesInBatchRequest", 400),
    BATCH_ENTRY_IDS_NOT_DISTINCT("BatchEntryIdsNotDistinct", "AWS.SimpleQueueService.BatchEntryIdsNotDistinct", 400),
    EMPTY_BATCH_REQUEST("EmptyBatchRequest", "AWS.SimpleQueueService.EmptyBatchRequest", 400),
    INVALID_BATCH_ENTRY_ID("InvalidBatchEntryId", "AWS.SimpleQueueService.InvalidBatchEntryId", 400),
    BATCH_REQUEST_TOO_LONG("BatchRequestTooLong", "AWS.SimpleQueueService.BatchRequestTooLong", 400),
    PURGE_QUEUE_IN_PROGRESS("PurgeQueueInProgress", "AWS.SimpleQueueService.PurgeQueueInProgress", 403),
    SERIALIZATION_EXCEPTION("SerializationException", "SerializationException", 400),
    OVER_LIMIT("OverLimit", "OverLimit", 403),
    /** Not in SQS's model: SQS's own front end answers 413 in plain text, which no client can parse. */
    REQUEST_ENTITY_TOO_LARGE("RequestEntityTooLarge", "RequestEntityTooLarge", 413),
    RESOURCE_NOT_FOUND("ResourceNotFoundException", "ResourceNotFoundException", 404),
    INVALID_CLIENT_TOKEN_ID("InvalidClientTokenId", "InvalidClientTokenId", 403),
    SIGNATURE_DOES_NOT_MATCH("SignatureDoesNotMatch", "SignatureDoesNotMatch", 403),
    INCOMPLETE_SIGNATURE("IncompleteSignature", "IncompleteSignature", 400),
    ACCESS_DENIED("AccessDenied", "AccessDenied", 403),
    INTERNAL_FAILURE("InternalFailure", "InternalFailure", 500),
    SERVICE_UNAVAILABLE("ServiceUnavailable", "ServiceUnavailable", 503);

    private final String type;
    private final String queryCode;
    private final int status;

    SqsError(String type, String queryCode, int status) {
        this.type = type;
        this.queryCode = queryCode;
        this.status = status;
    }

    /** The JSON protocol's {@code __type}, with SQS's namespace. */
    public String jsonType() {
        return "com.amazonaws.sqs#" + type;
    }

    public String queryCode() {
        return queryCode;
    }

    public int status() {
        return status;
    }

    /** Who is at fault, as both protocols say it: the caller for 4xx, the server for 5xx. */
    public String fault() {
        return status >= 500 ? "Receiver" : "Sender";
    }

    public SqsException because(String message) {
        return new SqsException(this, message);
    }
}
