package dev.conveyor.domain;

import java.util.Arrays;
import java.util.Optional;

/**
 * What a deduplication id is unique within: the whole queue, or (FIFO queues only) one message group, so that two
 * groups may reuse an id (SQS's DeduplicationScope).
 */
public enum DeduplicationScope {
    QUEUE("queue"),
    MESSAGE_GROUP("message_group");

    private final String code;

    DeduplicationScope(String code) {
        this.code = code;
    }

    /** The name the API and the store use. */
    public String code() {
        return code;
    }

    public static Optional<DeduplicationScope> ofCode(String code) {
        return Arrays.stream(values()).filter(s -> s.code.equals(code)).findFirst();
    }
}
