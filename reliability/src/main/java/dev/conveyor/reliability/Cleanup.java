package dev.conveyor.reliability;

import java.util.ArrayDeque;
import java.util.Deque;

/**
 * What a run must undo, newest first: servers stopped before their database is dropped. Closed at the end of each
 * scenario and, through a shutdown hook, on Ctrl-C too, so that no server or database is left behind.
 */
final class Cleanup implements AutoCloseable {
    private final Deque<AutoCloseable> resources = new ArrayDeque<>();

    synchronized <T extends AutoCloseable> T register(T resource) {
        resources.push(resource);
        return resource;
    }

    @Override
    public synchronized void close() {
        while (!resources.isEmpty()) {
            AutoCloseable resource = resources.pop();
            try {
                resource.close();
            } catch (Exception e) {
                System.err.println("cleanup of " + resource + " failed: " + e);
            }
        }
    }
}
