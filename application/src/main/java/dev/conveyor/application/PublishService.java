package dev.conveyor.application;

import dev.conveyor.application.port.IdGenerator;
import dev.conveyor.application.port.MessageStore;
import dev.conveyor.application.port.MessageStore.Envelope;
import dev.conveyor.application.port.QueueMetrics;
import dev.conveyor.application.port.QueueRepository;
import dev.conveyor.application.port.SubscriptionRepository;
import dev.conveyor.application.port.TopicRepository;
import dev.conveyor.application.port.UnitOfWork;
import dev.conveyor.domain.ConveyorException;
import dev.conveyor.domain.NewMessage;
import dev.conveyor.domain.PublishedMessage;
import dev.conveyor.domain.Queue;
import dev.conveyor.domain.Subscription;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.UUID;

/**
 * Use cases of publishing: to one queue, or to a topic that fans out to its matching subscriptions.
 *
 * <p>Concurrent publishes share transactions (see {@link GroupCommit}): each is still all or nothing, and is
 * answered only after its group has committed. Within a group, a publish that cannot be made (its queue or
 * topic is missing, a queue is full) fails alone; if the group's transaction fails, every publish in it fails.
 */
public final class PublishService {
    public static final int MAX_BATCH = 100;

    /** One publish request: a batch of messages to a queue, or to a topic. */
    record Publish(boolean toTopic, String targetId, List<NewMessage> batch) {}

    private final TopicRepository topics;
    private final QueueRepository queues;
    private final QueueDefinitions definitions;
    private final SubscriptionRepository subscriptions;
    private final MessageStore messages;
    private final UnitOfWork unitOfWork;
    private final IdGenerator ids;
    private final ArrivalBoard arrivals;
    private final InstantSource clock;
    private final QueueMetrics metrics;
    private final GroupCommit<Publish, List<PublishedMessage>> groups;

    public PublishService(
            TopicRepository topics,
            QueueRepository queues,
            SubscriptionRepository subscriptions,
            MessageStore messages,
            UnitOfWork unitOfWork,
            IdGenerator ids,
            ArrivalBoard arrivals,
            InstantSource clock,
            QueueMetrics metrics) {
        this(
                topics,
                queues,
                QueueDefinitions.uncached(queues),
                subscriptions,
                messages,
                unitOfWork,
                ids,
                arrivals,
                clock,
                metrics,
                CommitGroups.DEFAULT);
    }

    /**
     * @param definitions the queues published to directly, as read at most a moment ago (see {@link
     *     QueueDefinitions}); a copy for a queue deleted meanwhile is not stored, as if it had been published
     *     just before the delete
     */
    public PublishService(
            TopicRepository topics,
            QueueRepository queues,
            QueueDefinitions definitions,
            SubscriptionRepository subscriptions,
            MessageStore messages,
            UnitOfWork unitOfWork,
            IdGenerator ids,
            ArrivalBoard arrivals,
            InstantSource clock,
            QueueMetrics metrics,
            CommitGroups grouping) {
        this.topics = topics;
        this.queues = queues;
        this.definitions = definitions;
        this.subscriptions = subscriptions;
        this.messages = messages;
        this.unitOfWork = unitOfWork;
        this.ids = ids;
        this.arrivals = arrivals;
        this.clock = clock;
        this.metrics = metrics;
        this.groups = new GroupCommit<>(grouping, publish -> publish.batch().size(), this::publishTogether);
    }

    /** Stores the whole batch in the queue, or none of it. */
    public List<PublishedMessage> toQueue(String queueId, List<NewMessage> batch) {
        checkBatchSize(batch);
        return groups.submit(new Publish(false, queueId, batch));
    }

    /** Stores one copy of each message in every queue whose subscription to the topic matches it; all or none. */
    public List<PublishedMessage> toTopic(String topicId, List<NewMessage> batch) {
        checkBatchSize(batch);
        return groups.submit(new Publish(true, topicId, batch));
    }

    private static void checkBatchSize(List<NewMessage> batch) {
        if (batch.isEmpty() || batch.size() > MAX_BATCH) {
            throw ConveyorException.invalid("a publish must carry 1 to " + MAX_BATCH + " messages");
        }
    }

    /** Makes a group of publishes in one transaction; answers each one's outcome, in order. */
    List<GroupCommit.Outcome<List<PublishedMessage>>> publishTogether(List<Publish> group) {
        Instant now = Now.of(clock);
        List<Plan> plans = unitOfWork.inTransaction(() -> {
            Targets targets = new Targets();
            List<Plan> planned = new ArrayList<>(group.size());
            for (Publish publish : group) {
                planned.add(plan(publish, targets, now));
            }
            admitWithinCapacity(planned);
            List<Envelope> envelopes = new ArrayList<>();
            planned.stream().filter(Plan::admitted).forEach(plan -> envelopes.addAll(plan.envelopes));
            if (!envelopes.isEmpty()) {
                messages.append(now, envelopes);
            }
            return planned;
        });
        announce(plans, now);
        return plans.stream()
                .map(plan -> plan.admitted()
                        ? GroupCommit.Outcome.of(plan.published)
                        : GroupCommit.Outcome.<List<PublishedMessage>>failed(plan.refusal))
                .toList();
    }

    /** The copies one publish would store, and its answer; or why it cannot be made. */
    private static final class Plan {
        final List<Envelope> envelopes = new ArrayList<>();
        final List<PublishedMessage> published = new ArrayList<>();
        final Map<Queue, Integer> copies = new HashMap<>();
        ConveyorException refusal;

        static Plan refused(ConveyorException refusal) {
            Plan plan = new Plan();
            plan.refusal = refusal;
            return plan;
        }

        boolean admitted() {
            return refusal == null;
        }

        void add(Queue queue, UUID id, NewMessage message, Instant now) {
            envelopes.add(
                    new Envelope(queue.id(), id, message, now.plusSeconds(message.delaySecondsIn(queue.settings()))));
            copies.merge(queue, 1, Integer::sum);
        }
    }

    private Plan plan(Publish publish, Targets targets, Instant now) {
        if (!publish.toTopic()) {
            Optional<Queue> found = targets.queue(publish.targetId());
            if (found.isEmpty()) {
                return Plan.refused(ConveyorException.notFound("queue", publish.targetId()));
            }
            Plan plan = new Plan();
            for (NewMessage message : publish.batch()) {
                Optional<ConveyorException> tooLarge =
                        found.get().settings().sizeRefusal(found.get().id(), message);
                if (tooLarge.isPresent()) {
                    return Plan.refused(tooLarge.get());
                }
                UUID id = ids.next();
                plan.add(found.get(), id, message, now);
                plan.published.add(new PublishedMessage(id, List.of(found.get().id())));
            }
            return plan;
        }
        Optional<List<Route>> routes = targets.routes(publish.targetId());
        if (routes.isEmpty()) {
            return Plan.refused(ConveyorException.notFound("topic", publish.targetId()));
        }
        Plan plan = new Plan();
        for (NewMessage message : publish.batch()) {
            UUID id = ids.next();
            List<String> queueIds = new ArrayList<>();
            for (Route route : routes.get()) {
                if (route.subscription().filter().matches(message.attributes())) {
                    Optional<ConveyorException> tooLarge =
                            route.queue().settings().sizeRefusal(route.queue().id(), message);
                    if (tooLarge.isPresent()) {
                        return Plan.refused(tooLarge.get()); // all or none: one queue's refusal refuses the publish
                    }
                    queueIds.add(route.queue().id());
                    plan.add(route.queue(), id, message, now);
                }
            }
            plan.published.add(new PublishedMessage(id, queueIds));
        }
        return plan;
    }

    /** A topic's subscription, and the queue it delivers to. */
    private record Route(Subscription subscription, Queue queue) {}

    /** The queues and topics a group publishes to, each looked up once per group. */
    private final class Targets {
        private final Map<String, Optional<Queue>> queuesById = new HashMap<>();
        private final Map<String, Optional<List<Route>>> routesByTopic = new HashMap<>();

        Optional<Queue> queue(String id) {
            return queuesById.computeIfAbsent(id, definitions::find);
        }

        /** The topic's routes, sorted by queue id so every message lists its queues in one stable order. */
        Optional<List<Route>> routes(String topicId) {
            return routesByTopic.computeIfAbsent(
                    topicId,
                    id -> topics.find(id).map(topic -> {
                        Map<String, Subscription> byQueue = new TreeMap<>();
                        subscriptions.ofTopic(id).forEach(s -> byQueue.put(s.queueId(), s));
                        Map<String, Queue> found = new HashMap<>();
                        queues.findAll(byQueue.keySet()).forEach(q -> found.put(q.id(), q));
                        List<Route> routes = new ArrayList<>();
                        byQueue.forEach((queueId, subscription) -> {
                            if (found.containsKey(queueId)) {
                                routes.add(new Route(subscription, found.get(queueId)));
                            }
                        });
                        return routes;
                    }));
        }
    }

    /**
     * Refuses, each alone and in the group's order, the publishes that would take a bounded queue past its
     * max_messages. The bounded queues are locked first, so a concurrent group cannot race past the count.
     */
    private void admitWithinCapacity(List<Plan> plans) {
        Set<String> bounded = new TreeSet<>();
        plans.stream()
                .filter(Plan::admitted)
                .forEach(plan -> plan.copies.keySet().forEach(queue -> {
                    if (queue.settings().maxMessages() != null) {
                        bounded.add(queue.id());
                    }
                }));
        if (bounded.isEmpty()) {
            return;
        }
        Map<String, Long> held = new HashMap<>(messages.lockAndCount(bounded));
        for (Plan plan : plans) {
            if (plan.admitted()) {
                plan.refusal = overCapacity(plan, held);
                if (plan.admitted()) {
                    plan.copies.forEach((queue, count) -> held.merge(queue.id(), (long) count, Long::sum));
                }
            }
        }
    }

    private static ConveyorException overCapacity(Plan plan, Map<String, Long> held) {
        return plan.copies.entrySet().stream()
                .filter(entry -> entry.getKey().settings().maxMessages() != null)
                .sorted(Map.Entry.comparingByKey(Comparator.comparing(Queue::id)))
                .filter(entry -> held.getOrDefault(entry.getKey().id(), 0L) + entry.getValue()
                        > entry.getKey().settings().maxMessages())
                .findFirst()
                .map(entry -> ConveyorException.capacityExceeded("queue '"
                        + entry.getKey().id() + "' holds "
                        + held.getOrDefault(entry.getKey().id(), 0L) + " of its max_messages "
                        + entry.getKey().settings().maxMessages() + " and cannot take " + entry.getValue() + " more"))
                .orElse(null);
    }

    /**
     * After the commit: counts the copies per queue, and wakes long polls for the queues that got a message
     * visible right away; delayed ones are found by re-checks.
     */
    private void announce(List<Plan> plans, Instant now) {
        Set<String> ready = new HashSet<>();
        Map<String, Long> stored = new HashMap<>();
        for (Plan plan : plans) {
            if (!plan.admitted()) {
                continue;
            }
            for (Envelope envelope : plan.envelopes) {
                stored.merge(envelope.queueId(), 1L, Long::sum);
                if (!envelope.visibleAt().isAfter(now)) {
                    ready.add(envelope.queueId());
                }
            }
        }
        stored.forEach(metrics::published);
        arrivals.announce(ready);
    }
}
