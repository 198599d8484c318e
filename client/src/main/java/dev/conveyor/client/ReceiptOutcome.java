package dev.conveyor.client;

import java.util.List;

/**
 * What an ack, nack or extend did: each receipt sent is in one of the two lists.
 *
 * @param succeeded the receipts that took effect
 * @param failed the receipts that changed nothing, and why
 */
public record ReceiptOutcome(List<String> succeeded, List<Failure> failed) {
    /** Copies the lists. */
    public ReceiptOutcome {
        succeeded = List.copyOf(succeeded);
        failed = List.copyOf(failed);
    }

    /** Whether every receipt took effect. */
    public boolean allSucceeded() {
        return failed.isEmpty();
    }

    /**
     * A receipt that changed nothing.
     *
     * @param receipt the receipt, as sent
     * @param reason why: {@code receipt_not_current} (its message was acked, or received again since, or is of
     *     another queue) or {@code malformed_receipt}
     */
    public record Failure(String receipt, String reason) {}
}
