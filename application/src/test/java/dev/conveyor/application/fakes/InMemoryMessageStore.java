package dev.conveyor.application.fakes;

import dev.conveyor.application.port.MessageStore;
import dev.conveyor.domain.DeadLetterOrigin;
import dev.conveyor.domain.DeadLetterReason;
import dev.conveyor.domain.Delivery;
import dev.conveyor.domain.Message;
import dev.conveyor.domain.Page;
import dev.conveyor.domain.QueueStats;
import dev.conveyor.domain.Receipt;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * Messages in memory, with the semantics of the messages table: a message is visible when its visibleAt is
 * not after now; a lease moves visibleAt to the lease's end, takes a new random lease id and counts one more
 * delivery attempt; the lease id is kept after the lease ends (so a late ack still works until the message
 * is received again), and delete, extend, lockLeased and release act only on the messages whose current
 * lease id the receipt names, in the given queue.
 */
public final class InMemoryMessageStore implements MessageStore, DirectUnitOfWork.Participant {
    /** UUIDs in PostgreSQL's order: unsigned, byte by byte (the JDK's compareTo is signed). */
    public static final Comparator<UUID> UUID_ORDER = (a, b) -> {
        int high = Long.compareUnsigned(a.getMostSignificantBits(), b.getMostSignificantBits());
        return high != 0 ? high : Long.compareUnsigned(a.getLeastSignificantBits(), b.getLeastSignificantBits());
    };

    /** One stored copy of a message; immutable, so snapshots are shallow copies of the maps. */
    private record Row(
            String queueId,
            UUID id,
            String body,
            Map<String, String> attributes,
            String label,
            int deliveryAttempts,
            Instant createdAt,
            Instant visibleAt,
            UUID leaseId,
            Instant leaseExpiresAt,
            DeadLetterOrigin deadLetter,
            Map<String, String> attributeTypes,
            String traceHeader,
            Instant firstDeliveredAt,
            String groupId,
            Long sequenceNumber) {

        Message message() {
            return new Message(
                    id,
                    queueId,
                    body,
                    attributes,
                    label,
                    deliveryAttempts,
                    createdAt,
                    visibleAt,
                    leaseExpiresAt,
                    deadLetter,
                    attributeTypes,
                    traceHeader,
                    firstDeliveredAt,
                    groupId,
                    sequenceNumber);
        }

        boolean leasedBy(Receipt receipt) {
            return receipt.leaseId().equals(leaseId);
        }

        Row withVisibility(Instant at, Instant leaseEnd) {
            return new Row(
                    queueId,
                    id,
                    body,
                    attributes,
                    label,
                    deliveryAttempts,
                    createdAt,
                    at,
                    leaseId,
                    leaseEnd,
                    deadLetter,
                    attributeTypes,
                    traceHeader,
                    firstDeliveredAt,
                    groupId,
                    sequenceNumber);
        }
    }

    private final Guarded guarded;
    /** The highest sequence number each FIFO queue has given. */
    private final Map<String, Long> lastSequence = new HashMap<>();
    /** Queue id to that queue's rows, each queue's rows ordered by id. */
    private Map<String, TreeMap<UUID, Row>> queues = new HashMap<>();

    /** Which queues exist, as the store's foreign key knows it; stand-alone, every queue does. */
    private Predicate<String> queueExists = queueId -> true;

    /** Stand-alone, in a unit of work of its own. */
    public InMemoryMessageStore() {
        this(new DirectUnitOfWork());
    }

    /** Rolls back with the transactions of {@code unitOfWork}. */
    public InMemoryMessageStore(DirectUnitOfWork unitOfWork) {
        this.guarded = new Guarded(unitOfWork);
        unitOfWork.join(this);
    }

    /** Tells the store which queues exist: an envelope for any other is not stored. */
    public void knowQueues(Predicate<String> exists) {
        this.queueExists = exists;
    }

    @Override
    public void append(Instant now, List<Envelope> stored) {
        List<Envelope> envelopes =
                stored.stream().filter(e -> queueExists.test(e.queueId())).toList();
        guarded.run(() -> {
            // All or nothing, as one INSERT: a duplicate key refuses the whole batch before anything is stored.
            Set<List<Object>> keys = new HashSet<>();
            for (Envelope e : envelopes) {
                if (!keys.add(List.of(e.queueId(), e.id())) || rows(e.queueId()).containsKey(e.id())) {
                    throw new IllegalStateException(
                            "duplicate key: message " + e.id() + " is already stored in queue '" + e.queueId() + "'");
                }
            }
            for (Envelope e : envelopes) {
                queues.computeIfAbsent(e.queueId(), id -> new TreeMap<>(UUID_ORDER))
                        .put(
                                e.id(),
                                new Row(
                                        e.queueId(),
                                        e.id(),
                                        e.message().body(),
                                        e.message().attributes(),
                                        e.message().label(),
                                        0,
                                        now,
                                        e.visibleAt(),
                                        null,
                                        null,
                                        null,
                                        e.message().attributeTypes(),
                                        e.message().traceHeader(),
                                        null,
                                        e.message().groupId(),
                                        e.sequenceNumber()));
                if (e.sequenceNumber() != null) {
                    lastSequence.merge(e.queueId(), e.sequenceNumber(), Math::max);
                }
            }
        });
    }

    @Override
    public Map<String, LockedQueue> lock(Collection<String> queueIds, Collection<String> counted) {
        return guarded.get(() -> {
            Map<String, LockedQueue> locked = new HashMap<>();
            for (String queueId : queueIds) {
                if (queueExists.test(queueId)) {
                    locked.put(
                            queueId,
                            new LockedQueue(
                                    counted.contains(queueId) ? rows(queueId).size() : 0,
                                    lastSequence.getOrDefault(queueId, 0L)));
                }
            }
            return locked;
        });
    }

    @Override
    public List<Delivery> leaseGroups(
            String queueId, int max, Instant now, Instant leaseEnd, Instant createdAfter, Integer maxDeliveries) {
        return guarded.get(() -> {
            Map<String, List<Row>> groups = new TreeMap<>();
            rows(queueId).values().stream()
                    .filter(r -> r.groupId() != null)
                    .sorted(Comparator.comparing(Row::sequenceNumber, Comparator.nullsLast(Comparator.naturalOrder())))
                    .forEach(r -> groups.computeIfAbsent(r.groupId(), g -> new ArrayList<>())
                            .add(r));
            List<Row> picked = new ArrayList<>();
            for (List<Row> group : groups.values()) {
                if (group.stream()
                        .anyMatch(r ->
                                r.leaseExpiresAt() != null && r.leaseExpiresAt().isAfter(now))) {
                    continue; // a message of the group is leased: the group waits
                }
                for (Row r : group) {
                    if (picked.size() == max) {
                        break;
                    }
                    boolean gone = !r.createdAt().isAfter(createdAfter)
                            || (maxDeliveries != null && r.deliveryAttempts() >= maxDeliveries);
                    if (gone) {
                        continue;
                    }
                    if (r.visibleAt().isAfter(now)) {
                        break;
                    }
                    picked.add(r);
                }
            }
            return leaseRows(queueId, picked, now, leaseEnd);
        });
    }

    @Override
    public List<Delivery> lease(
            String queueId,
            String label,
            int max,
            Instant now,
            Instant leaseEnd,
            Instant createdAfter,
            Integer maxDeliveries) {
        return guarded.get(() -> {
            TreeMap<UUID, Row> rows = rows(queueId);
            List<Row> picked = rows.values().stream()
                    .filter(r -> !r.visibleAt().isAfter(now))
                    .filter(r -> maxDeliveries == null || r.deliveryAttempts() < maxDeliveries)
                    .filter(r -> r.createdAt().isAfter(createdAfter))
                    .filter(r -> label == null || label.equals(r.label()))
                    .sorted(Comparator.comparing(Row::visibleAt).thenComparing(Row::id, UUID_ORDER))
                    .limit(max)
                    .toList();
            return leaseRows(queueId, picked, now, leaseEnd);
        });
    }

    private List<Delivery> leaseRows(String queueId, List<Row> picked, Instant now, Instant leaseEnd) {
        TreeMap<UUID, Row> rows = rows(queueId);
        List<Delivery> deliveries = new ArrayList<>(picked.size());
        for (Row r : picked) {
            Row leased = new Row(
                    r.queueId(),
                    r.id(),
                    r.body(),
                    r.attributes(),
                    r.label(),
                    r.deliveryAttempts() + 1,
                    r.createdAt(),
                    leaseEnd,
                    UUID.randomUUID(),
                    leaseEnd,
                    r.deadLetter(),
                    r.attributeTypes(),
                    r.traceHeader(),
                    r.firstDeliveredAt() == null ? now : r.firstDeliveredAt(),
                    r.groupId(),
                    r.sequenceNumber());
            rows.put(leased.id(), leased);
            deliveries.add(new Delivery(leased.message(), new Receipt(leased.id(), leased.leaseId())));
        }
        return deliveries;
    }

    @Override
    public int retireExhausted(
            String queueId, int maxDeliveries, Instant now, Instant createdAfter, DeadLetter target, int batch) {
        return guarded.get(() -> {
            List<Row> doomed = rows(queueId).values().stream()
                    .filter(r -> r.deliveryAttempts() >= maxDeliveries
                            && !r.visibleAt().isAfter(now))
                    .filter(r -> r.createdAt().isAfter(createdAfter))
                    .sorted(Comparator.comparing(Row::deliveryAttempts).thenComparing(Row::visibleAt))
                    .limit(batch)
                    .toList();
            deadLetter(
                    doomed,
                    queueId,
                    target,
                    r -> r.leaseExpiresAt() == null
                            ? DeadLetterReason.MAX_DELIVERIES_NACKED
                            : DeadLetterReason.MAX_DELIVERIES_LEASE_EXPIRED);
            return doomed.size();
        });
    }

    @Override
    public Set<Receipt> retire(String queueId, Collection<Receipt> receipts, Instant createdAfter, DeadLetter target) {
        return guarded.get(() -> {
            TreeMap<UUID, Row> rows = rows(queueId);
            List<Row> doomed = new ArrayList<>();
            Set<Receipt> done = new HashSet<>();
            for (Receipt receipt : receipts) {
                Row row = rows.get(receipt.messageId());
                if (row != null
                        && row.leasedBy(receipt)
                        && row.createdAt().isAfter(createdAfter)
                        && done.add(receipt)) {
                    doomed.add(row);
                }
            }
            deadLetter(doomed, queueId, target, r -> DeadLetterReason.MAX_DELIVERIES_NACKED);
            return done;
        });
    }

    @Override
    public int deleteExpired(String queueId, Instant createdBefore, int batch) {
        return guarded.get(() -> {
            TreeMap<UUID, Row> rows = rows(queueId);
            List<UUID> doomed = rows.values().stream()
                    .filter(r -> r.createdAt().isBefore(createdBefore))
                    .limit(batch)
                    .map(Row::id)
                    .toList();
            doomed.forEach(rows::remove);
            return doomed.size();
        });
    }

    @Override
    public int purge(String queueId) {
        return guarded.get(() -> {
            TreeMap<UUID, Row> rows = queues.remove(queueId);
            return rows == null ? 0 : rows.size();
        });
    }

    @Override
    public int redrive(String queueId, String destinationId, Instant now, Collection<UUID> ids, int batch) {
        return guarded.get(() -> {
            List<Row> doomed = rows(queueId).values().stream()
                    .filter(r ->
                            r.leaseExpiresAt() == null || !r.leaseExpiresAt().isAfter(now))
                    .filter(r -> ids == null || ids.contains(r.id()))
                    .limit(batch)
                    .toList();
            doomed.forEach(r -> move(r, destinationId, now, null));
            return doomed.size();
        });
    }

    @Override
    public List<Returned> redriveToSources(
            String queueId, Instant now, Collection<UUID> ids, UUID after, int batch, int maxMoved) {
        return guarded.get(() -> {
            List<Row> picked = rows(queueId).values().stream()
                    .filter(r ->
                            r.leaseExpiresAt() == null || !r.leaseExpiresAt().isAfter(now))
                    .filter(r -> ids == null || ids.contains(r.id()))
                    .filter(r -> after == null || UUID_ORDER.compare(r.id(), after) > 0)
                    .limit(batch)
                    .toList();
            List<Returned> looked = new ArrayList<>();
            int moved = 0;
            for (Row r : picked) {
                if (moved == maxMoved) {
                    break;
                }
                String source = r.deadLetter() == null ? null : r.deadLetter().sourceQueueId();
                boolean back = source != null && !source.equals(queueId) && queueExists.test(source);
                if (back) {
                    move(r, source, now, null);
                    moved++;
                }
                looked.add(new Returned(r.id(), source, back));
            }
            return looked;
        });
    }

    /** Takes the rows out of their queue, into the target (recording why) or nowhere when it is null. */
    private void deadLetter(
            List<Row> doomed, String queueId, DeadLetter target, Function<Row, DeadLetterReason> reason) {
        for (Row r : doomed) {
            if (target == null) {
                rows(r.queueId()).remove(r.id());
            } else {
                move(
                        r,
                        target.queueId(),
                        target.visibleAt(),
                        new DeadLetterOrigin(queueId, reason.apply(r), target.at()));
            }
        }
    }

    /** Takes the row out of its queue into another, keeping one copy of a message id, the one there first. */
    private void move(Row r, String queueId, Instant visibleAt, DeadLetterOrigin deadLetter) {
        rows(r.queueId()).remove(r.id());
        queues.computeIfAbsent(queueId, id -> new TreeMap<>(UUID_ORDER))
                .putIfAbsent(
                        r.id(),
                        new Row(
                                queueId,
                                r.id(),
                                r.body(),
                                r.attributes(),
                                r.label(),
                                0,
                                r.createdAt(),
                                visibleAt,
                                null,
                                null,
                                deadLetter,
                                r.attributeTypes(),
                                r.traceHeader(),
                                null,
                                r.groupId(),
                                null));
    }

    @Override
    public Set<Receipt> delete(String queueId, Collection<Receipt> receipts) {
        return guarded.get(() -> {
            Set<Receipt> done = new HashSet<>();
            TreeMap<UUID, Row> rows = rows(queueId);
            for (Receipt receipt : receipts) {
                Row row = rows.get(receipt.messageId());
                if (row != null && row.leasedBy(receipt)) {
                    rows.remove(receipt.messageId());
                    done.add(receipt);
                }
            }
            return done;
        });
    }

    @Override
    public List<Leased> lockLeased(String queueId, Collection<Receipt> receipts) {
        return guarded.get(() -> {
            TreeMap<UUID, Row> rows = rows(queueId);
            Map<UUID, Leased> found = new TreeMap<>(UUID_ORDER);
            for (Receipt receipt : receipts) {
                Row row = rows.get(receipt.messageId());
                if (row != null && row.leasedBy(receipt)) {
                    found.put(row.id(), new Leased(receipt, row.deliveryAttempts()));
                }
            }
            return List.copyOf(found.values());
        });
    }

    @Override
    public void release(String queueId, Map<Receipt, Instant> visibleAt) {
        guarded.run(() -> {
            TreeMap<UUID, Row> rows = rows(queueId);
            visibleAt.forEach((receipt, at) -> {
                Row row = rows.get(receipt.messageId());
                if (row != null && row.leasedBy(receipt)) {
                    rows.put(row.id(), row.withVisibility(at, null));
                }
            });
        });
    }

    @Override
    public Set<Receipt> extend(String queueId, Collection<Receipt> receipts, Instant until, Instant runningAt) {
        return guarded.get(() -> {
            Set<Receipt> done = new HashSet<>();
            TreeMap<UUID, Row> rows = rows(queueId);
            for (Receipt receipt : receipts) {
                Row row = rows.get(receipt.messageId());
                boolean running = runningAt == null
                        || (row != null
                                && row.leaseExpiresAt() != null
                                && row.leaseExpiresAt().isAfter(runningAt));
                if (row != null && row.leasedBy(receipt) && running) {
                    rows.put(row.id(), row.withVisibility(until, until));
                    done.add(receipt);
                }
            }
            return done;
        });
    }

    @Override
    public List<Message> browse(String queueId, Page page) {
        return guarded.get(() -> rows(queueId).values().stream()
                .skip(page.offset())
                .limit(page.limit())
                .map(Row::message)
                .toList());
    }

    @Override
    public QueueStats stats(String queueId, Instant now, Instant createdAfter, Integer maxDeliveries) {
        return guarded.get(() -> {
            long available = 0;
            long inFlight = 0;
            long delayed = 0;
            Instant oldestAvailable = null;
            for (Row r : rows(queueId).values()) {
                if (!r.createdAt().isAfter(createdAfter)) {
                    continue;
                }
                if (maxDeliveries != null
                        && r.deliveryAttempts() >= maxDeliveries
                        && !r.visibleAt().isAfter(now)) {
                    continue;
                }
                if (!r.visibleAt().isAfter(now)) {
                    available++;
                    if (oldestAvailable == null || r.createdAt().isBefore(oldestAvailable)) {
                        oldestAvailable = r.createdAt();
                    }
                } else if (r.leaseExpiresAt() != null && r.leaseExpiresAt().isAfter(now)) {
                    inFlight++;
                } else {
                    delayed++;
                }
            }
            Long age = oldestAvailable == null
                    ? null
                    : Math.max(0, Duration.between(oldestAvailable, now).toSeconds());
            return new QueueStats(queueId, available, inFlight, delayed, age);
        });
    }

    /** Every message of the queue, oldest first, without paging. */
    public List<Message> all(String queueId) {
        return guarded.get(
                () -> rows(queueId).values().stream().map(Row::message).toList());
    }

    /** How many messages the queue holds. */
    public int count(String queueId) {
        return guarded.get(() -> rows(queueId).size());
    }

    /** How many messages all queues hold together. */
    public int count() {
        return guarded.get(() -> queues.values().stream().mapToInt(Map::size).sum());
    }

    /** The cascade of deleting a queue. */
    void deleteOfQueue(String queueId) {
        guarded.run(() -> queues.remove(queueId));
    }

    @SuppressWarnings("NonApiType") // private, and its callers keep working on the TreeMap it gives
    private TreeMap<UUID, Row> rows(String queueId) {
        TreeMap<UUID, Row> rows = queues.get(queueId);
        return rows != null ? rows : new TreeMap<>(UUID_ORDER);
    }

    @Override
    public Object snapshot() {
        return guarded.get(() -> {
            Map<String, TreeMap<UUID, Row>> copy = new LinkedHashMap<>();
            queues.forEach((queueId, rows) -> copy.put(queueId, new TreeMap<>(rows)));
            return copy;
        });
    }

    @Override
    @SuppressWarnings("unchecked")
    public void restore(Object snapshot) {
        guarded.run(() -> {
            Map<String, TreeMap<UUID, Row>> copy = new HashMap<>();
            ((Map<String, TreeMap<UUID, Row>>) Objects.requireNonNull(snapshot))
                    .forEach((queueId, rows) -> copy.put(queueId, new TreeMap<>(rows)));
            queues = copy;
        });
    }
}
