package dev.conveyor.application.port;

import dev.conveyor.domain.DeadLetterOrigin;
import dev.conveyor.domain.DeadLetterReason;
import dev.conveyor.domain.Delivery;
import dev.conveyor.domain.Message;
import dev.conveyor.domain.NewMessage;
import dev.conveyor.domain.Page;
import dev.conveyor.domain.QueueStats;
import dev.conveyor.domain.Receipt;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/** Outgoing persistence port for the messages of queues, and the leases consumers hold on them. */
public interface MessageStore {
    /**
     * One copy of a message to store in one queue.
     *
     * @param sequenceNumber its number in a FIFO queue, above every number the queue gave before (see {@link
     *     #lock}); {@code null} in a standard queue
     */
    record Envelope(String queueId, UUID id, NewMessage message, Instant visibleAt, Long sequenceNumber) {
        public Envelope(String queueId, UUID id, NewMessage message, Instant visibleAt) {
            this(queueId, id, message, visibleAt, null);
        }

        public Envelope numbered(long number) {
            return new Envelope(queueId, id, message, visibleAt, number);
        }
    }

    /**
     * A queue locked for publishing by {@link #lock}.
     *
     * @param messages how many messages it holds, when counted; 0 otherwise
     * @param lastSequenceNumber the highest sequence number it has given (0 for none, and for standard queues)
     */
    record LockedQueue(long messages, long lastSequenceNumber) {}

    /**
     * Where exhausted messages go: into {@code queueId}, visible from {@code visibleAt}, with their id, body,
     * attributes, label and creation time, no delivery attempts, and a {@link DeadLetterOrigin} naming the queue
     * they left, why, and {@code at} as the time. A message the dead-letter queue holds already (a copy fanned
     * out to several queues) is kept there once, as it was.
     */
    record DeadLetter(String queueId, Instant visibleAt, Instant at) {}

    /**
     * One message a {@link #redriveToSources} looked at: moved back to {@code sourceQueueId}, or left where it
     * is ({@code moved} false) because it has no source (null), its source is the queue it is in, or its source
     * no longer exists.
     */
    record Returned(UUID id, String sourceQueueId, boolean moved) {}

    /** The state of a message under a lease, as read before its lease is ended. */
    record Leased(Receipt receipt, int deliveryAttempts) {}

    /**
     * Stores every envelope, created at {@code now}, in as few round trips as practical; an envelope for a
     * queue that no longer exists is not stored. A FIFO queue's envelopes carry sequence numbers, given under the
     * lock of {@link #lock}; the queue remembers the highest, and the groups they join can be leased from.
     */
    void append(Instant now, List<Envelope> envelopes);

    /**
     * Locks the given queues against concurrent publishing until the transaction ends, in an order that cannot
     * deadlock, and answers, for each that exists, the last sequence number it gave and (for those in {@code
     * counted}) how many messages it holds: a capacity check cannot be raced past, and sequence numbers given
     * under the lock increase in the order their transactions commit.
     */
    Map<String, LockedQueue> lock(Collection<String> queueIds, Collection<String> counted);

    /** As {@link #lock}, counting every queue locked; answers the counts. */
    default Map<String, Long> lockAndCount(Collection<String> queueIds) {
        Map<String, Long> counts = new java.util.HashMap<>();
        lock(queueIds, queueIds).forEach((id, locked) -> counts.put(id, locked.messages()));
        return counts;
    }

    /**
     * Leases up to {@code max} messages of the queue that are visible at {@code now} (and carry {@code label},
     * when not null), longest-visible first, until {@code leaseEnd}; each gets a new lease and one more
     * delivery attempt; the first lease in a queue records {@code now} as the message's first delivery. Messages
     * created before {@code createdAfter} have outlived retention and are skipped.
     */
    default List<Delivery> lease(
            String queueId, String label, int max, Instant now, Instant leaseEnd, Instant createdAfter) {
        return lease(queueId, label, max, now, leaseEnd, createdAfter, null);
    }

    /**
     * As {@link #lease(String, String, int, Instant, Instant, Instant)}, but never a message that has had
     * {@code maxDeliveries} deliveries already (when not null): those wait for {@link #retireExhausted}.
     */
    List<Delivery> lease(
            String queueId,
            String label,
            int max,
            Instant now,
            Instant leaseEnd,
            Instant createdAfter,
            Integer maxDeliveries);

    /**
     * Leases from a FIFO queue, as {@link #lease(String, String, int, Instant, Instant, Instant, Integer)} leases
     * from a standard one, but by message group: only groups none of whose messages is leased, each from its first
     * message in sequence order, taking its next messages while they are visible (as many of one group as
     * {@code max} allows before the next group), and never two receives in the same group at once, on any
     * instance. A message past retention, or exhausted and waiting to be dead-lettered, is passed over as gone.
     * The answer is in delivery order: group by group, each in sequence order.
     */
    List<Delivery> leaseGroups(
            String queueId, int max, Instant now, Instant leaseEnd, Instant createdAfter, Integer maxDeliveries);

    /**
     * Moves up to {@code batch} messages that have had {@code maxDeliveries} deliveries and whose last lease
     * has ended to the dead-letter queue, or deletes them when {@code target} is null; each in the same
     * statement, so a message is never in both queues nor in neither. Rows locked by others are skipped. Each
     * moved message's reason tells how its last delivery ended: {@link DeadLetterReason#MAX_DELIVERIES_NACKED}
     * when it was nacked (released with deliveries left, which a lower max_deliveries then used up),
     * {@link DeadLetterReason#MAX_DELIVERIES_LEASE_EXPIRED} when its lease ran out.
     *
     * @return how many messages left the queue
     */
    default int retireExhausted(String queueId, int maxDeliveries, Instant now, DeadLetter target, int batch) {
        return retireExhausted(queueId, maxDeliveries, now, Instant.EPOCH, target, batch);
    }

    /**
     * As {@link #retireExhausted(String, int, Instant, DeadLetter, int)}, but only messages created after
     * {@code createdAfter}: older ones have outlived retention, are never delivered again, and are left for
     * the cleanup to delete rather than moved to live on in the dead-letter queue.
     */
    int retireExhausted(
            String queueId, int maxDeliveries, Instant now, Instant createdAfter, DeadLetter target, int batch);

    /**
     * Moves, as {@link #retireExhausted} does, the messages whose current lease the receipts name; their holder
     * gave them up, so the reason is {@link DeadLetterReason#MAX_DELIVERIES_NACKED}.
     */
    default Set<Receipt> retire(String queueId, Collection<Receipt> receipts, DeadLetter target) {
        return retire(queueId, receipts, Instant.EPOCH, target);
    }

    /** As {@link #retire(String, Collection, DeadLetter)}, but only messages created after {@code createdAfter}. */
    Set<Receipt> retire(String queueId, Collection<Receipt> receipts, Instant createdAfter, DeadLetter target);

    /** Deletes up to {@code batch} messages created before {@code createdBefore}, leased or not; answers how many. */
    int deleteExpired(String queueId, Instant createdBefore, int batch);

    /** Deletes every message of the queue, leased ones too; answers how many. */
    int purge(String queueId);

    /**
     * Moves up to {@code batch} messages of the queue that are not leased at {@code now} (only those listed in
     * {@code ids}, when not null) to {@code destinationId}, visible at {@code now} with no delivery attempts and
     * no {@link DeadLetterOrigin} (a redriven message is no longer a dead letter).
     *
     * @return how many messages left the queue
     */
    int redrive(String queueId, String destinationId, Instant now, Collection<UUID> ids, int batch);

    /**
     * Looks at up to {@code batch} messages of the queue that are not leased at {@code now}, in id order after
     * {@code after} (from the first, when null; only those listed in {@code ids}, when not null), and moves
     * each back to the queue it was dead-lettered from, as {@link #redrive} moves them, when that is another
     * queue and exists; the others stay where they are. It moves at most {@code maxMoved}: having moved that
     * many, it stops looking at the last one moved. A source queue being deleted meanwhile either receives its
     * messages before it goes (and they go with it) or counts as missing.
     *
     * @return every message looked at, in id order; fewer than {@code batch}, having moved fewer than
     *     {@code maxMoved}, when there were no more
     */
    List<Returned> redriveToSources(
            String queueId, Instant now, Collection<UUID> ids, UUID after, int batch, int maxMoved);

    /** Deletes the messages whose current lease the receipts name; answers the receipts that took effect. */
    Set<Receipt> delete(String queueId, Collection<Receipt> receipts);

    /** Locks, until the transaction ends, the messages whose current lease the receipts name. */
    List<Leased> lockLeased(String queueId, Collection<Receipt> receipts);

    /** Ends the leases the receipts name, each message becoming visible at its given instant. */
    void release(String queueId, Map<Receipt, Instant> visibleAt);

    /** Moves the end of the leases the receipts name to {@code until}; answers the receipts that took effect. */
    default Set<Receipt> extend(String queueId, Collection<Receipt> receipts, Instant until) {
        return extend(queueId, receipts, until, null);
    }

    /**
     * As {@link #extend(String, Collection, Instant)}, but when {@code runningAt} is not null only the leases that
     * have not ended by then: a message whose lease ended (or was released) stays as it is.
     */
    Set<Receipt> extend(String queueId, Collection<Receipt> receipts, Instant until, Instant runningAt);

    /** The queue's stored messages, oldest first, without leasing them. */
    List<Message> browse(String queueId, Page page);

    /**
     * How many of the queue's messages are available, in flight and delayed at {@code now}. Messages created
     * before {@code createdAfter} have outlived retention: receive never hands them out, so they count nowhere.
     */
    default QueueStats stats(String queueId, Instant now, Instant createdAfter) {
        return stats(queueId, now, createdAfter, null);
    }

    /**
     * As {@link #stats(String, Instant, Instant)}; with {@code maxDeliveries} not null, exhausted messages
     * whose last lease has ended wait to leave the queue and count nowhere either.
     */
    QueueStats stats(String queueId, Instant now, Instant createdAfter, Integer maxDeliveries);

    /** Which messages of one queue {@link #stats(Instant, List)} counts: as for the one-queue stats. */
    record StatsScope(String queueId, Instant createdAfter, Integer maxDeliveries) {}

    /**
     * The stats of many queues at {@code now}, in the order asked, each exactly as the one-queue stats would
     * count it, but in one pass over the store: for a periodic sampler of every queue.
     */
    default List<QueueStats> stats(Instant now, List<StatsScope> queues) {
        return queues.stream()
                .map(q -> stats(q.queueId(), now, q.createdAfter(), q.maxDeliveries()))
                .toList();
    }
}
