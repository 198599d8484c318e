package dev.conveyor.postgres;

import dev.conveyor.application.port.MessageStore;
import dev.conveyor.domain.Delivery;
import dev.conveyor.domain.Message;
import dev.conveyor.domain.Page;
import dev.conveyor.domain.QueueStats;
import dev.conveyor.domain.Receipt;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.IntConsumer;

/**
 * A {@link MessageStore} that hands every call to another and records the redrive calls (to a queue or to the
 * sources): their batch and how many messages each moved.
 */
final class CountingMessageStore implements MessageStore {
    /** One call of {@link #redrive}: the batch asked for and how many messages it moved. */
    record RedriveCall(int batch, int moved) {}

    private final MessageStore delegate;
    private final List<RedriveCall> redrives = new CopyOnWriteArrayList<>();
    private volatile IntConsumer afterRedrive = call -> {};

    CountingMessageStore(MessageStore delegate) {
        this.delegate = delegate;
    }

    List<RedriveCall> redrives() {
        return List.copyOf(redrives);
    }

    /** Runs {@code hook} with the number of the call after each redrive call returns (1 for the first). */
    void afterRedrive(IntConsumer hook) {
        afterRedrive = hook;
    }

    @Override
    public int redrive(String queueId, String destinationId, Instant now, Collection<UUID> ids, int batch) {
        int moved = delegate.redrive(queueId, destinationId, now, ids, batch);
        redrives.add(new RedriveCall(batch, moved));
        afterRedrive.accept(redrives.size());
        return moved;
    }

    @Override
    public List<Returned> redriveToSources(
            String queueId, Instant now, Collection<UUID> ids, UUID after, int batch, int maxMoved) {
        List<Returned> looked = delegate.redriveToSources(queueId, now, ids, after, batch, maxMoved);
        redrives.add(new RedriveCall(
                batch, (int) looked.stream().filter(Returned::moved).count()));
        afterRedrive.accept(redrives.size());
        return looked;
    }

    @Override
    public void append(Instant now, List<Envelope> envelopes) {
        delegate.append(now, envelopes);
    }

    @Override
    public Map<String, LockedQueue> lock(Collection<String> queueIds, Collection<String> counted) {
        return delegate.lock(queueIds, counted);
    }

    @Override
    public List<Delivery> leaseGroups(
            String queueId, int max, Instant now, Instant leaseEnd, Instant createdAfter, Integer maxDeliveries) {
        return delegate.leaseGroups(queueId, max, now, leaseEnd, createdAfter, maxDeliveries);
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
        return delegate.lease(queueId, label, max, now, leaseEnd, createdAfter, maxDeliveries);
    }

    @Override
    public int retireExhausted(
            String queueId, int maxDeliveries, Instant now, Instant createdAfter, DeadLetter target, int batch) {
        return delegate.retireExhausted(queueId, maxDeliveries, now, createdAfter, target, batch);
    }

    @Override
    public Set<Receipt> retire(String queueId, Collection<Receipt> receipts, Instant createdAfter, DeadLetter target) {
        return delegate.retire(queueId, receipts, createdAfter, target);
    }

    @Override
    public int deleteExpired(String queueId, Instant createdBefore, int batch) {
        return delegate.deleteExpired(queueId, createdBefore, batch);
    }

    @Override
    public int purge(String queueId) {
        return delegate.purge(queueId);
    }

    @Override
    public Set<Receipt> delete(String queueId, Collection<Receipt> receipts) {
        return delegate.delete(queueId, receipts);
    }

    @Override
    public List<Leased> lockLeased(String queueId, Collection<Receipt> receipts) {
        return delegate.lockLeased(queueId, receipts);
    }

    @Override
    public void release(String queueId, Map<Receipt, Instant> visibleAt) {
        delegate.release(queueId, visibleAt);
    }

    @Override
    public Set<Receipt> extend(String queueId, Collection<Receipt> receipts, Instant until, Instant runningAt) {
        return delegate.extend(queueId, receipts, until, runningAt);
    }

    @Override
    public List<Message> browse(String queueId, Page page) {
        return delegate.browse(queueId, page);
    }

    @Override
    public QueueStats stats(String queueId, Instant now, Instant createdAfter, Integer maxDeliveries) {
        return delegate.stats(queueId, now, createdAfter, maxDeliveries);
    }
}
