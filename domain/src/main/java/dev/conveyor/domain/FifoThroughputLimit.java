package dev.conveyor.domain;

import java.util.Arrays;
import java.util.Optional;

/**
 * SQS's FifoThroughputLimit, kept and reported so that SQS tools see what they set. It changes nothing in
 * Conveyor: no FIFO queue is throttled, per queue or per group; a queue's publishes take sequence numbers one
 * transaction at a time either way.
 */
public enum FifoThroughputLimit {
    PER_QUEUE("per_queue"),
    PER_MESSAGE_GROUP_ID("per_message_group_id");

    private final String code;

    FifoThroughputLimit(String code) {
        this.code = code;
    }

    /** The name the API and the store use. */
    public String code() {
        return code;
    }

    public static Optional<FifoThroughputLimit> ofCode(String code) {
        return Arrays.stream(values()).filter(s -> s.code.equals(code)).findFirst();
    }
}
