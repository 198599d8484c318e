package dev.conveyor.application;

import dev.conveyor.application.port.MessageStore;
import dev.conveyor.application.port.QueueMetrics;
import dev.conveyor.application.port.QueueRepository;
import dev.conveyor.application.port.UnitOfWork;
import dev.conveyor.domain.ConveyorException;
import dev.conveyor.domain.Delivery;
import dev.conveyor.domain.Queue;
import dev.conveyor.domain.QueueSettings;
import dev.conveyor.domain.Receipt;
import dev.conveyor.domain.ReceiptOutcome;
import dev.conveyor.domain.Violations;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Function;

/** Use cases of consuming: receive under a lease (with long polling), ack, nack, extend. */
public final class ConsumeService {
    public static final int MAX_RECEIPTS = 1000;

    private final QueueDefinitions queues;
    private final MessageStore messages;
    private final UnitOfWork unitOfWork;
    private final ArrivalBoard arrivals;
    private final InstantSource clock;
    private final Duration recheck;
    private final DeadLetters deadLetters;
    private final QueueMetrics metrics;
    private final GroupCommit<Acks, Set<Receipt>> acks;
    private final GroupCommit<Lease, List<Delivery>> leases;
    /**
     * How long a receive waits for a grouped lease to start: as long as it would wait for a pooled connection,
     * so that a stalled database answers receives with a 503 as promptly as before they were grouped.
     */
    static final Duration MAX_QUEUED_LEASE = Duration.ofSeconds(1);

    /** One ack request's well-formed receipts. */
    record Acks(String queueId, Set<Receipt> receipts) {}

    /**
     * @param recheck how long a long poll waits for a signal before looking again by itself; the safety net
     *     for delayed messages coming due, leases running out, and signals lost between instances
     */
    public ConsumeService(
            QueueRepository queues,
            MessageStore messages,
            UnitOfWork unitOfWork,
            ArrivalBoard arrivals,
            InstantSource clock,
            Duration recheck,
            QueueMetrics metrics) {
        this(
                queues,
                QueueDefinitions.uncached(queues),
                messages,
                unitOfWork,
                arrivals,
                clock,
                recheck,
                metrics,
                CommitGroups.DEFAULT);
    }

    /**
     * @param definitions the queues' settings as receives, acks and nacks read them (possibly a little old:
     *     see {@link QueueDefinitions})
     * @param grouping how concurrent acks share transactions
     */
    public ConsumeService(
            QueueRepository queues,
            QueueDefinitions definitions,
            MessageStore messages,
            UnitOfWork unitOfWork,
            ArrivalBoard arrivals,
            InstantSource clock,
            Duration recheck,
            QueueMetrics metrics,
            CommitGroups grouping) {
        this.queues = definitions;
        this.acks = new GroupCommit<>(grouping, acks -> acks.receipts().size(), this::ackTogether);
        this.leases = new GroupCommit<>(grouping, lease -> lease.request().maxMessages(), this::leaseTogether);
        this.messages = messages;
        this.unitOfWork = unitOfWork;
        this.arrivals = arrivals;
        this.clock = clock;
        this.recheck = recheck;
        this.deadLetters = new DeadLetters(queues, messages, metrics);
        this.metrics = metrics;
    }

    /**
     * Leases visible messages; when there are none and the request (or else its queue) allows it, waits for one without holding
     * a database connection, and answers as soon as one could be leased.
     */
    public List<Delivery> receive(String queueId, ReceiveRequest request) throws InterruptedException {
        Queue queue = queue(queueId);
        if (queue.settings().fifo() && request.label() != null) {
            // Receiving by label would take a group's later messages past its earlier ones.
            throw ConveyorException.invalid("label cannot be used to receive from queue '" + queueId
                    + "': it is a fifo queue, whose groups are delivered in order");
        }
        int waitSeconds = request.waitSeconds() != null
                ? request.waitSeconds()
                : queue.settings().receiveWaitSeconds();
        List<Delivery> leased = leaseNow(queue, request);
        if (!leased.isEmpty() || waitSeconds == 0 || arrivals.closed()) {
            return leased;
        }
        long deadline = System.nanoTime() + Duration.ofSeconds(waitSeconds).toNanos();
        try (ArrivalBoard.Watch watch = arrivals.watch(queueId)) {
            while (true) {
                // Looked at once more after watching, so an arrival just before the watch began is not missed.
                leased = leaseNow(queue, request);
                long left = deadline - System.nanoTime();
                if (!leased.isEmpty() || left <= 0 || arrivals.closed()) {
                    return leased;
                }
                watch.await(Duration.ofNanos(Math.min(left, recheck.toNanos())));
            }
        }
    }

    /** Deletes the messages whose current deliveries the receipts name. */
    public ReceiptOutcome ack(String queueId, List<String> receipts) {
        ReceiptOutcome outcome = settle(queueId, receipts, parsed -> acks.submit(new Acks(queueId, parsed)));
        metrics.acked(queueId, outcome.succeeded().size());
        if (!outcome.succeeded().isEmpty() && queue(queueId).settings().fifo()) {
            // An ack may free its message's group: long polls on any instance can have the group's next message.
            arrivals.announce(Set.of(queueId));
        }
        return outcome;
    }

    /**
     * Deletes the messages a group of acks names, in one transaction: a commit per ack, not the rows, is what
     * limits consumers acking concurrently. A receipt named by two acks of the group counts for the first.
     */
    List<GroupCommit.Outcome<Set<Receipt>>> ackTogether(List<Acks> group) {
        if (group.size() == 1) {
            // Alone: one auto-committed statement, no transaction around it.
            Acks only = group.get(0);
            return List.of(GroupCommit.Outcome.of(messages.delete(only.queueId(), only.receipts())));
        }
        Map<String, Set<Receipt>> named = new TreeMap<>();
        group.forEach(request ->
                named.computeIfAbsent(request.queueId(), q -> new HashSet<>()).addAll(request.receipts()));
        Map<String, Set<Receipt>> deleted = unitOfWork.inTransaction(() -> {
            Map<String, Set<Receipt>> done = new HashMap<>();
            named.forEach((queueId, receipts) -> done.put(queueId, new HashSet<>(messages.delete(queueId, receipts))));
            return done;
        });
        List<GroupCommit.Outcome<Set<Receipt>>> outcomes = new ArrayList<>(group.size());
        for (Acks request : group) {
            Set<Receipt> unclaimed = deleted.get(request.queueId());
            Set<Receipt> mine = new HashSet<>();
            for (Receipt receipt : request.receipts()) {
                if (unclaimed.remove(receipt)) {
                    mine.add(receipt);
                }
            }
            outcomes.add(GroupCommit.Outcome.of(mine));
        }
        return outcomes;
    }

    /**
     * Ends the leases: the messages become visible again after {@code delaySeconds}, or after the queue's
     * backoff for their delivery count when it is null.
     */
    public ReceiptOutcome nack(String queueId, List<String> receipts, Integer delaySeconds) {
        if (delaySeconds != null) {
            new Violations()
                    .between("delay_seconds", delaySeconds, 0, QueueSettings.MAX_ACK_DEADLINE_SECONDS)
                    .throwIfAny();
        }
        Set<String> woken = new HashSet<>();
        List<Runnable> afterCommit = new ArrayList<>();
        ReceiptOutcome outcome = settle(
                queueId,
                receipts,
                parsed -> unitOfWork.inTransaction(() -> {
                    afterCommit.clear(); // in case the unit of work runs this again
                    Queue queue = queue(queueId);
                    QueueSettings settings = queue.settings();
                    Instant now = Now.of(clock);
                    Map<Receipt, Instant> visibleAt = new HashMap<>();
                    Set<Receipt> exhausted = new HashSet<>();
                    for (MessageStore.Leased leased : messages.lockLeased(queueId, parsed)) {
                        if (settings.exhaustedAfter(leased.deliveryAttempts())) {
                            exhausted.add(leased.receipt());
                            continue;
                        }
                        Duration wait = delaySeconds != null
                                ? Duration.ofSeconds(delaySeconds)
                                : settings.backoffAfter(leased.deliveryAttempts());
                        visibleAt.put(leased.receipt(), now.plus(wait));
                    }
                    messages.release(queueId, visibleAt);
                    if (visibleAt.containsValue(now)) {
                        woken.add(queueId);
                    }
                    Set<Receipt> done = new HashSet<>(visibleAt.keySet());
                    if (!exhausted.isEmpty()) {
                        // The last delivery was nacked: dead-lettered (or dropped) at once, not offered again.
                        // One past retention stays for the cleanup to delete: it must not live on in the dead-letter
                        // queue.
                        MessageStore.DeadLetter target = deadLetters.target(queue, now);
                        Set<Receipt> retired =
                                messages.retire(queueId, exhausted, now.minus(settings.retention()), target);
                        done.addAll(retired);
                        afterCommit.add(() -> deadLetters.counted(queueId, target, retired.size()));
                        if (target != null
                                && !retired.isEmpty()
                                && !target.visibleAt().isAfter(now)) {
                            woken.add(target.queueId());
                        }
                    }
                    return done;
                }));
        // After the commit: the counts, and waiting long polls can lease what became visible right now.
        metrics.nacked(queueId, outcome.succeeded().size());
        afterCommit.forEach(Runnable::run);
        arrivals.announce(woken);
        return outcome;
    }

    /** What {@link #extend} does with a receipt whose lease has ended while nobody received its message again. */
    public enum EndedLease {
        /** Leases the message again under the same receipt (/v1's extend). */
        RENEW,
        /**
         * Leaves the message as it is and reports the receipt not current: a message visible again is held by
         * nobody, and a late extend must not hide it from the consumer who may be receiving it (SQS's
         * ChangeMessageVisibility answers MessageNotInflight).
         */
        REFUSE
    }

    /**
     * The leases now end {@code seconds} from now; 0 releases the messages at once. A receipt whose lease has ended
     * leases its message again while nobody received it since.
     */
    public ReceiptOutcome extend(String queueId, List<String> receipts, int seconds) {
        return extend(queueId, receipts, seconds, EndedLease.RENEW);
    }

    /** As {@link #extend(String, List, int)}, with {@code ended} deciding about receipts whose lease has ended. */
    public ReceiptOutcome extend(String queueId, List<String> receipts, int seconds, EndedLease ended) {
        new Violations()
                .between("seconds", seconds, 0, QueueSettings.MAX_ACK_DEADLINE_SECONDS)
                .throwIfAny();
        ReceiptOutcome outcome = settle(queueId, receipts, parsed -> {
            Instant now = Now.of(clock);
            return messages.extend(queueId, parsed, now.plusSeconds(seconds), ended == EndedLease.REFUSE ? now : null);
        });
        if (seconds == 0 && !outcome.succeeded().isEmpty()) {
            arrivals.announce(Set.of(queueId)); // released at once: waiting long polls can have them
        }
        return outcome;
    }

    /**
     * Leases for one receive. Concurrent receives of a standard queue share one lease statement, and so one
     * commit ({@link #leaseTogether}); a FIFO queue's do not, since one receive must hold a whole group.
     */
    private List<Delivery> leaseNow(Queue queue, ReceiveRequest request) {
        if (queue.settings().fifo()) {
            return leaseFor(
                    queue, request.label(), request.leaseOr(queue.settings().ackDeadline()), request.maxMessages());
        }
        return leases.submit(new Lease(queue, request), MAX_QUEUED_LEASE);
    }

    /** One receive's share of a grouped lease. */
    record Lease(Queue queue, ReceiveRequest request) {
        Duration duration() {
            return request.leaseOr(queue.settings().ackDeadline());
        }

        /** Receives that one statement can serve: of one queue, by the same label, for leases of one length. */
        List<Object> key() {
            return Arrays.asList(queue.id(), request.label(), duration());
        }
    }

    /**
     * Leases for a group of receives, one statement for each set of receives that can share one, and deals its
     * messages out in order: each receive gets at most its own max_messages, none gets a message another got.
     */
    List<GroupCommit.Outcome<List<Delivery>>> leaseTogether(List<Lease> group) {
        Map<List<Object>, List<Integer>> shared = new LinkedHashMap<>();
        for (int i = 0; i < group.size(); i++) {
            shared.computeIfAbsent(group.get(i).key(), key -> new ArrayList<>()).add(i);
        }
        List<GroupCommit.Outcome<List<Delivery>>> outcomes = new ArrayList<>(Collections.nCopies(group.size(), null));
        shared.values().forEach(members -> {
            Lease first = group.get(members.get(0));
            int total = members.stream()
                    .mapToInt(i -> group.get(i).request().maxMessages())
                    .sum();
            try {
                List<Delivery> leased = leaseFor(first.queue(), first.request().label(), first.duration(), total);
                int from = 0;
                for (int i : members) {
                    int to = Math.min(
                            leased.size(), from + group.get(i).request().maxMessages());
                    outcomes.set(i, GroupCommit.Outcome.of(List.copyOf(leased.subList(from, to))));
                    from = to;
                }
            } catch (RuntimeException e) {
                members.forEach(i -> outcomes.set(i, GroupCommit.Outcome.failed(e)));
            }
        });
        return outcomes;
    }

    private List<Delivery> leaseFor(Queue queue, String label, Duration lease, int max) {
        Instant now = Now.of(clock);
        QueueSettings settings = queue.settings();
        if (settings.maxDeliveries() != null
                && deadLetters.retireExhausted(queue, now) > 0
                && settings.deadLetterQueueId() != null) {
            // Exhausted messages whose last lease ran out leave now, before anyone could be handed them again,
            // whether or not the cleanup has run; long polls on the dead-letter queue hear of them.
            arrivals.announce(Set.of(settings.deadLetterQueueId()));
        }
        Instant leaseEnd = now.plus(lease);
        List<Delivery> leased = settings.fifo()
                ? messages.leaseGroups(
                        queue.id(), max, now, leaseEnd, now.minus(settings.retention()), settings.maxDeliveries())
                : messages.lease(
                        queue.id(),
                        label,
                        max,
                        now,
                        leaseEnd,
                        now.minus(settings.retention()),
                        settings.maxDeliveries());
        if (!leased.isEmpty()) {
            metrics.received(queue.id(), leased.size());
        }
        return leased;
    }

    private Queue queue(String queueId) {
        return queues.get(queueId);
    }

    /** Parses the receipts, applies {@code action} to the well-formed ones, and reports each receipt's fate. */
    private ReceiptOutcome settle(String queueId, List<String> receipts, Function<Set<Receipt>, Set<Receipt>> action) {
        if (receipts == null || receipts.isEmpty() || receipts.size() > MAX_RECEIPTS) {
            throw ConveyorException.invalid("receipts must list 1 to " + MAX_RECEIPTS + " receipts");
        }
        Map<String, Optional<Receipt>> parsed = new HashMap<>();
        Set<Receipt> wellFormed = new LinkedHashSet<>();
        for (String text : receipts) {
            Optional<Receipt> receipt = parsed.computeIfAbsent(text, Receipt::parse);
            receipt.ifPresent(wellFormed::add);
        }
        Set<Receipt> done = wellFormed.isEmpty() ? Set.of() : action.apply(wellFormed);
        // A missing queue holds no messages, so nothing was done; only then is it worth a look whether the queue
        // exists, which spares the usual, all-successful call a round trip.
        if (done.size() < wellFormed.size() || wellFormed.isEmpty()) {
            queue(queueId);
        }
        List<String> succeeded = new ArrayList<>();
        List<ReceiptOutcome.Failure> failed = new ArrayList<>();
        for (String text : receipts) {
            Optional<Receipt> receipt = parsed.get(text);
            if (receipt.isEmpty()) {
                failed.add(new ReceiptOutcome.Failure(text, ReceiptOutcome.MALFORMED));
            } else if (done.contains(receipt.get())) {
                succeeded.add(text);
            } else {
                failed.add(new ReceiptOutcome.Failure(text, ReceiptOutcome.NOT_CURRENT));
            }
        }
        return new ReceiptOutcome(succeeded, failed);
    }
}
