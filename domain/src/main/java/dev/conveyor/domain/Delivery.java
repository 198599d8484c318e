package dev.conveyor.domain;

import java.util.Objects;

/** One delivery of a message to a consumer, under a lease named by its receipt. */
public record Delivery(Message message, Receipt receipt) {
    public Delivery {
        Objects.requireNonNull(message, "message");
        Objects.requireNonNull(receipt, "receipt");
        Objects.requireNonNull(message.leaseExpiresAt(), "a delivered message is leased");
    }
}
