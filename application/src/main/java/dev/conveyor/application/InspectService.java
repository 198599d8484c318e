package dev.conveyor.application;

import dev.conveyor.application.port.MessageBrowser;
import dev.conveyor.application.port.MessageStore;
import dev.conveyor.application.port.QueueRepository;
import dev.conveyor.domain.ConveyorException;
import dev.conveyor.domain.Message;
import dev.conveyor.domain.MessageQuery;
import dev.conveyor.domain.Page;
import dev.conveyor.domain.Queue;
import dev.conveyor.domain.QueueStats;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/** Use cases of looking into a queue without consuming: browse and search its messages, count them by state. */
public final class InspectService {
    private final QueueRepository queues;
    private final MessageStore messages;
    private final MessageBrowser browser;
    private final InstantSource clock;

    public InspectService(QueueRepository queues, MessageStore messages, MessageBrowser browser, InstantSource clock) {
        this.queues = queues;
        this.messages = messages;
        this.browser = browser;
        this.clock = clock;
    }

    public List<Message> browse(String queueId, Page page) {
        return browse(queueId, MessageQuery.ALL, page);
    }

    /** A page of the queue's messages that match {@code query}, oldest first; a plain read, never a receive. */
    public List<Message> browse(String queueId, MessageQuery query, Page page) {
        requireQueue(queueId);
        return browser.find(queueId, query, page);
    }

    /**
     * One stored message of the queue, as browse shows it. An id that is not a UUID names no message: not found,
     * once the queue is known to exist, so that an unknown queue is named first.
     */
    public Message message(String queueId, String messageId) {
        requireQueue(queueId);
        UUID id;
        try {
            id = UUID.fromString(messageId);
        } catch (IllegalArgumentException notAnId) {
            throw ConveyorException.notFound("message", messageId);
        }
        return browser.get(queueId, id).orElseThrow(() -> ConveyorException.notFound("message", messageId));
    }

    public QueueStats stats(String queueId) {
        return stats(queues.require(queueId));
    }

    /**
     * Counts every queue's messages by state, a thousand queues per pass over the store. It reads every stored
     * message, so it is for a periodic sampler, never for each request.
     */
    public List<QueueStats> statsOfAll() {
        Instant now = Now.of(clock);
        List<MessageStore.StatsScope> scopes = new ArrayList<>();
        EveryQueue.forEach(
                queues,
                queue -> scopes.add(new MessageStore.StatsScope(
                        queue.id(),
                        now.minus(queue.settings().retention()),
                        queue.settings().maxDeliveries())));
        List<QueueStats> all = new ArrayList<>(scopes.size());
        for (int from = 0; from < scopes.size(); from += Page.MAX_LIMIT) {
            all.addAll(messages.stats(now, scopes.subList(from, Math.min(scopes.size(), from + Page.MAX_LIMIT))));
        }
        return all;
    }

    private QueueStats stats(Queue queue) {
        Instant now = Now.of(clock);
        return messages.stats(
                queue.id(),
                now,
                now.minus(queue.settings().retention()),
                queue.settings().maxDeliveries());
    }

    private void requireQueue(String queueId) {
        queues.require(queueId);
    }
}
