package dev.conveyor.reliability;

import java.util.concurrent.atomic.AtomicLong;

/**
 * Hands out the tokens that name each published message: unique within a run (the checker refuses a history that
 * publishes one twice), and short enough to read in an example line.
 */
final class Tokens {
    private final String prefix;
    private final AtomicLong next = new AtomicLong();

    /** @param prefix names the run or scenario, so that tokens of two runs never meet in one history */
    Tokens(String prefix) {
        if (prefix.isBlank()) {
            throw new IllegalArgumentException("a token prefix is needed");
        }
        this.prefix = prefix;
    }

    /** A fresh token for a message of {@code kind} (normal, poison...), which the token carries for the reader. */
    String next(String kind) {
        return prefix + "-" + kind + "-" + next.incrementAndGet();
    }

    long issued() {
        return next.get();
    }
}
