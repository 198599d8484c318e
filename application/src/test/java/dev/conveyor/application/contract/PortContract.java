package dev.conveyor.application.contract;

import dev.conveyor.domain.Queue;
import dev.conveyor.domain.QueueSettings;
import dev.conveyor.domain.Topic;
import java.time.Instant;
import org.junit.jupiter.api.BeforeEach;

/**
 * The base of the persistence contract tests, run against every implementation of the ports: the in-memory
 * fakes here, the real adapters in their own module. A subclass answers ports over an empty store.
 */
public abstract class PortContract {
    /** An instant at the store's precision (microseconds), so what is written and what is read agree. */
    protected static final Instant T0 = Instant.parse("2025-03-01T12:00:00.123456Z");

    protected Ports ports;

    /** Ports over a store that holds nothing yet; called before every test. */
    protected abstract Ports emptyStore();

    @BeforeEach
    final void openStore() {
        ports = emptyStore();
    }

    protected Queue queue(String id) {
        return queue(id, QueueSettings.defaults());
    }

    protected Queue queue(String id, QueueSettings settings) {
        Queue queue = new Queue(id, settings, T0, T0);
        ports.queues().create(queue);
        return queue;
    }

    protected Topic topic(String id) {
        Topic topic = new Topic(id, T0);
        ports.topics().create(topic);
        return topic;
    }
}
