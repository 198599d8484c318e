package dev.conveyor.sqs;

/** A request refused with one of the {@link SqsError}s; rendered in the protocol of the request. */
public final class SqsException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final SqsError error;

    SqsException(SqsError error, String message) {
        super(message);
        this.error = error;
    }

    public SqsError error() {
        return error;
    }
}
