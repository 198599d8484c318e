package dev.conveyor.domain;

import java.util.List;

/** The answer to an ack, nack or extend: which receipts took effect, and why the others did not. */
public record ReceiptOutcome(List<String> succeeded, List<Failure> failed) {
    public static final String MALFORMED = "malformed_receipt";
    public static final String NOT_CURRENT = "receipt_not_current";

    public ReceiptOutcome {
        succeeded = List.copyOf(succeeded);
        failed = List.copyOf(failed);
    }

    /** A receipt that changed nothing. */
    public record Failure(String receipt, String reason) {}
}
