package dev.conveyor.reliability.history;

/** The ways a history can break Conveyor's promises; a history holds when none occurs. */
public enum Violation {
    /**
     * A copy an OK publish was answered 201 for (a token in one of its queues) is never delivered from that queue nor
     * found in its dead-letter queues, and the scenario did not remove it on purpose. Once 201 is sent the messages
     * are durable, so a final drain must find every one.
     */
    LOST,
    /**
     * A stored copy no publish accounts for: a token nobody published, a token of a FAILED publish (a definite error
     * stores nothing), a token found in a queue its publish did not reach (nor a dead-letter queue of one it did),
     * more copies of a token in a queue than its publish made, or a copy delivered before its publish was invoked.
     */
    UNEXPECTED,
    /**
     * An AMBIGUOUS publish of which some copies were delivered and others never were (excused tokens aside). A batch,
     * fan-out included, is stored in one transaction: all of it or none.
     */
    PARTIAL_AMBIGUOUS_BATCH,
    /**
     * A delivery granted while the previous delivery of the same copy was surely still leased, or two deliveries
     * carrying the same attempt count (the server counted one delivery for both). Until a lease ends no other
     * receive, on any instance, may get the message.
     */
    LIVE_LEASE_DUPLICATE,
    /**
     * A delivery of a copy after an ack of an earlier delivery of it succeeded. Either the ack came first, and the
     * row was deleted, or the redelivery did, and the ack's receipt was stale and had to fail.
     */
    REDELIVERED_AFTER_ACK,
    /**
     * An ack, nack or extend that succeeded although its copy had surely been received again before it was invoked:
     * such a receipt is stale and must be reported in {@code failed}, changing nothing.
     */
    STALE_SETTLE_ACCEPTED,
    /**
     * In a FIFO queue, a delivery of a message granted while a delivery of another message of its group, made by
     * another receive, was surely still leased (neither acked nor nacked before it, its lease not yet over). A group
     * is blocked while any of its messages is leased; only one receive may take several of its messages at once.
     */
    GROUP_LEASE_OVERLAP,
    /**
     * In a FIFO queue, a delivery of a message while a message of its group with a lower sequence number, surely
     * stored before that receive, was not yet acked and not delivered by the same receive; or sequence numbers
     * against publish order (a message published after another one of its group answered 201 numbered below it, or
     * two messages of the queue with one number); or a message delivered from a FIFO queue without a group and
     * sequence number, or with other ones than an earlier delivery of it showed.
     */
    GROUP_ORDER_BROKEN
}
