package dev.conveyor.client;

/**
 * What a receive asks for; a null member takes the server's default. Immutable.
 *
 * @param maxMessages lease at most this many (1 to 100; default 1)
 * @param waitSeconds long polling: wait up to this long for a message when none is visible (0 to 20; default the
 *     queue's receive_wait_seconds)
 * @param label only messages with this label
 * @param leaseSeconds how long they stay leased (1 to 43200; default the queue's ack deadline)
 */
public record ReceiveOptions(Integer maxMessages, Integer waitSeconds, String label, Integer leaseSeconds) {
    /** Every default: one message, the queue's wait and lease. */
    public static ReceiveOptions defaults() {
        return new ReceiveOptions(null, null, null, null);
    }

    /** Up to {@code maxMessages}, waiting up to {@code waitSeconds} for the first. */
    public static ReceiveOptions of(int maxMessages, int waitSeconds) {
        return new ReceiveOptions(maxMessages, waitSeconds, null, null);
    }

    /** These options with this label. */
    public ReceiveOptions withLabel(String value) {
        return new ReceiveOptions(maxMessages, waitSeconds, value, leaseSeconds);
    }

    /** These options with this lease. */
    public ReceiveOptions withLeaseSeconds(Integer value) {
        return new ReceiveOptions(maxMessages, waitSeconds, label, value);
    }
}
