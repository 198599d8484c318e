package dev.conveyor.application;

import dev.conveyor.application.port.DeduplicationStore;
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
 *
 * <p>A message whose deduplication id was published to the same queue or topic within its window (earlier, or
 * earlier in the group) is not stored; its publish is answered with the first message (see {@link Deduplicator}).
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
    private final Deduplicator deduplicator;

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
                CommitGroups.DEFAULT,
                null);
    }

    /**
     * @param definitions the queues published to directly, as read at most a moment ago (see {@link
     *     QueueDefinitions}); a copy for a queue deleted meanwhile is not stored, as if it had been published
     *     just before the delete
     * @param deduplications the records publishes are deduplicated with (see {@link Deduplicator}); null
     *     deduplicates nothing
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
            CommitGroups grouping,
            DeduplicationStore deduplications) {
        this.deduplicator = new Deduplicator(deduplications);
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
            Map<String, MessageStore.LockedQueue> locked = lockQueues(planned);
            admitWithinCapacity(planned, locked);
            number(planned, locked);
            dropDuplicates(group, planned, targets, now);
            List<Envelope> envelopes = new ArrayList<>();
            planned.stream().filter(Plan::admitted).forEach(plan -> envelopes.addAll(plan.envelopes()));
            if (!envelopes.isEmpty()) {
                messages.append(now, envelopes);
            }
            return planned;
        });
        announce(plans, now);
        return plans.stream()
                .map(plan -> plan.admitted()
                        ? GroupCommit.Outcome.of(plan.published())
                        : GroupCommit.Outcome.<List<PublishedMessage>>failed(plan.refusal))
                .toList();
    }

    /** The copies one publish would store, message by message, and its answer; or why it cannot be made. */
    private static final class Plan {
        final List<Entry> entries = new ArrayList<>();
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

        Entry add(UUID id, NewMessage message, String publishedTo) {
            Entry entry = new Entry(id, message, publishedTo);
            entries.add(entry);
            return entry;
        }

        void copy(Entry entry, Queue queue, Instant now) {
            entry.envelopes.add(new Envelope(
                    queue.id(),
                    entry.id,
                    entry.message,
                    now.plusSeconds(entry.message.delaySecondsIn(queue.settings()))));
            entry.fifo.add(queue.settings().fifo());
            copies.merge(queue, 1, Integer::sum);
        }

        List<Envelope> envelopes() {
            List<Envelope> all = new ArrayList<>();
            entries.forEach(entry -> all.addAll(entry.envelopes));
            return all;
        }

        List<PublishedMessage> published() {
            return entries.stream().map(Entry::answer).toList();
        }
    }

    /** One message of a publish: its id, a copy per queue that takes it, and the answer for it. */
    private static final class Entry {
        final UUID id;
        final NewMessage message;
        /** The queue published to directly; null for a topic. */
        final String publishedTo;

        final List<Envelope> envelopes = new ArrayList<>();
        /** Per envelope: whether its queue is FIFO, and so numbers its messages. */
        final List<Boolean> fifo = new ArrayList<>();

        /** The first message of this one's deduplication id, when this one is a duplicate. */
        PublishedMessage first;

        Entry(UUID id, NewMessage message, String publishedTo) {
            this.id = id;
            this.message = message;
            this.publishedTo = publishedTo;
        }

        /** Makes this message a duplicate of {@code first}: it stores nothing, and is answered with it. */
        void duplicateOf(PublishedMessage first) {
            this.first = first;
            envelopes.clear();
            fifo.clear();
        }

        PublishedMessage answer() {
            if (first != null) {
                return first;
            }
            List<String> queueIds = envelopes.stream().map(Envelope::queueId).toList();
            Long sequenceNumber = publishedTo != null && !envelopes.isEmpty()
                    ? envelopes.get(0).sequenceNumber()
                    : null;
            return new PublishedMessage(id, queueIds, sequenceNumber);
        }
    }

    private Plan plan(Publish publish, Targets targets, Instant now) {
        if (!publish.toTopic()) {
            Optional<Queue> found = targets.queue(publish.targetId());
            if (found.isEmpty()) {
                return Plan.refused(ConveyorException.notFound("queue", publish.targetId()));
            }
            Queue queue = found.get();
            Plan plan = new Plan();
            for (NewMessage message : publish.batch()) {
                Optional<ConveyorException> refusal = queue.settings().refusal(queue.id(), message);
                if (refusal.isPresent()) {
                    return Plan.refused(refusal.get());
                }
                plan.copy(plan.add(ids.next(), message, queue.id()), queue, now);
            }
            return plan;
        }
        Optional<List<Route>> routes = targets.routes(publish.targetId());
        if (routes.isEmpty()) {
            return Plan.refused(ConveyorException.notFound("topic", publish.targetId()));
        }
        Plan plan = new Plan();
        for (NewMessage message : publish.batch()) {
            Entry entry = plan.add(ids.next(), message, null);
            for (Route route : routes.get()) {
                if (route.subscription().filter().matches(message.attributes())) {
                    Optional<ConveyorException> refusal =
                            route.queue().settings().refusal(route.queue().id(), message);
                    if (refusal.isPresent()) {
                        return Plan.refused(refusal.get()); // all or none: one queue's refusal refuses the publish
                    }
                    plan.copy(entry, route.queue(), now);
                }
            }
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
     * Locks the queues whose state the group depends on: the bounded ones, so that a concurrent group cannot race
     * past their count, and the FIFO ones, so that sequence numbers increase in commit order. All in one call, so
     * that the locks are taken in one order.
     */
    private Map<String, MessageStore.LockedQueue> lockQueues(List<Plan> plans) {
        Set<String> locked = new TreeSet<>();
        Set<String> bounded = new TreeSet<>();
        plans.stream()
                .filter(Plan::admitted)
                .forEach(plan -> plan.copies.keySet().forEach(queue -> {
                    if (queue.settings().maxMessages() != null) {
                        bounded.add(queue.id());
                        locked.add(queue.id());
                    }
                    if (queue.settings().fifo()) {
                        locked.add(queue.id());
                    }
                }));
        return locked.isEmpty() ? Map.of() : messages.lock(locked, bounded);
    }

    /**
     * Refuses, each alone and in the group's order, the publishes that would take a bounded queue past its
     * max_messages, as counted under the lock.
     */
    private static void admitWithinCapacity(List<Plan> plans, Map<String, MessageStore.LockedQueue> locked) {
        Map<String, Long> held = new HashMap<>();
        locked.forEach((queueId, queue) -> held.put(queueId, queue.messages()));
        for (Plan plan : plans) {
            if (plan.admitted()) {
                plan.refusal = overCapacity(plan, held);
                if (plan.admitted()) {
                    plan.copies.forEach((queue, count) -> held.merge(queue.id(), (long) count, Long::sum));
                }
            }
        }
    }

    /**
     * Gives every copy bound for a FIFO queue the queue's next sequence number, in the group's order: publish
     * order within a request, and the order the group was formed in across requests.
     */
    private static void number(List<Plan> plans, Map<String, MessageStore.LockedQueue> locked) {
        Map<String, Long> last = new HashMap<>();
        locked.forEach((queueId, queue) -> last.put(queueId, queue.lastSequenceNumber()));
        for (Plan plan : plans) {
            if (!plan.admitted()) {
                continue;
            }
            for (Entry entry : plan.entries) {
                for (int i = 0; i < entry.envelopes.size(); i++) {
                    Envelope envelope = entry.envelopes.get(i);
                    if (entry.fifo.get(i) && last.containsKey(envelope.queueId())) {
                        entry.envelopes.set(i, envelope.numbered(last.merge(envelope.queueId(), 1L, Long::sum)));
                    }
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
     * Drops the copies of the admitted messages that are duplicates (see {@link Deduplicator}), whose publishes
     * are answered with the first message of their deduplication id. After the capacity check, so that only
     * messages to be stored record their ids, and after the numbering, so that the record holds the first
     * message's sequence number; a duplicate's number is never stored nor answered.
     */
    private void dropDuplicates(List<Publish> group, List<Plan> plans, Targets targets, Instant now) {
        List<Deduplicator.Candidate> candidates = new ArrayList<>();
        List<Entry> entries = new ArrayList<>();
        for (int p = 0; p < plans.size(); p++) {
            Publish publish = group.get(p);
            Plan plan = plans.get(p);
            if (!plan.admitted()) {
                continue;
            }
            Queue queue =
                    publish.toTopic() ? null : targets.queue(publish.targetId()).orElseThrow();
            for (Entry entry : plan.entries) {
                candidates.add(
                        queue == null
                                ? Deduplicator.Candidate.toTopic(publish.targetId(), entry.message, entry.answer(), now)
                                : Deduplicator.Candidate.toQueue(queue, entry.message, entry.answer(), now));
                entries.add(entry);
            }
        }
        deduplicator
                .duplicates(now, candidates)
                .forEach((i, first) -> entries.get(i).duplicateOf(first));
    }

    /**
     * After the commit: counts the copies per queue (and the duplicates' copies not stored), and wakes long polls for the queues that got a message
     * visible right away; delayed ones are found by re-checks.
     */
    private void announce(List<Plan> plans, Instant now) {
        Set<String> ready = new HashSet<>();
        Map<String, Long> stored = new HashMap<>();
        Map<String, Long> deduplicated = new HashMap<>();
        for (Plan plan : plans) {
            if (!plan.admitted()) {
                continue;
            }
            plan.entries.stream()
                    .filter(entry -> entry.first != null)
                    .forEach(entry -> entry.first.queueIds().forEach(q -> deduplicated.merge(q, 1L, Long::sum)));
            for (Envelope envelope : plan.envelopes()) {
                stored.merge(envelope.queueId(), 1L, Long::sum);
                if (!envelope.visibleAt().isAfter(now)) {
                    ready.add(envelope.queueId());
                }
            }
        }
        stored.forEach(metrics::published);
        deduplicated.forEach(metrics::deduplicated);
        arrivals.announce(ready);
    }
}
