package dev.conveyor.application;

import dev.conveyor.application.port.QueueRepository;
import dev.conveyor.domain.Page;
import dev.conveyor.domain.Queue;
import java.util.List;
import java.util.function.Consumer;

/** Walks all queues a page at a time, so that no run holds every queue in memory at once. */
final class EveryQueue {
    private EveryQueue() {}

    static void forEach(QueueRepository queues, Consumer<Queue> action) {
        int offset = 0;
        List<Queue> page;
        do {
            page = queues.list(new Page(Page.MAX_LIMIT, offset));
            page.forEach(action);
            offset += page.size();
        } while (page.size() == Page.MAX_LIMIT);
    }
}
