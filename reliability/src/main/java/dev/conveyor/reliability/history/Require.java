package dev.conveyor.reliability.history;

import java.util.Objects;

/** The checks every recorded call shares, so that a recorder's bug fails where it is made, not in the checker. */
final class Require {
    private Require() {}

    static String text(String value, String name) {
        Objects.requireNonNull(value, name);
        if (value.isBlank()) {
            throw new IllegalArgumentException(name + " must not be blank");
        }
        return value;
    }

    static void call(String opId, String client, long invokedNanos, long completedNanos) {
        text(opId, "opId");
        text(client, "client");
        // Both come from one System.nanoTime(): an answer cannot come before its request was sent.
        if (completedNanos < invokedNanos) {
            throw new IllegalArgumentException(
                    "op " + opId + " completed (" + completedNanos + ") before it was invoked (" + invokedNanos + ")");
        }
    }
}
