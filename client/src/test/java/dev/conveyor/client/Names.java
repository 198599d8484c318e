package dev.conveyor.client;

import java.util.concurrent.atomic.AtomicInteger;

/** Names no other test uses, so that the test classes can share one server. */
final class Names {
    private static final AtomicInteger NEXT = new AtomicInteger();

    private Names() {}

    static String unique(String prefix) {
        return prefix + "-" + NEXT.incrementAndGet() + "-" + Long.toString(System.nanoTime(), 36);
    }
}
