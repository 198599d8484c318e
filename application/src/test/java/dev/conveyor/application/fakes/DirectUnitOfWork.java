package dev.conveyor.application.fakes;

import dev.conveyor.application.port.UnitOfWork;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;

/**
 * Runs the work directly on the calling thread, as one serialised transaction over the in-memory fakes that
 * joined it: they snapshot their state when the outermost transaction begins and restore it when the work
 * throws, so a refused use case changes nothing, as with the real store.
 *
 * <p>The fakes built with this unit of work share its lock, and a transaction holds it until it ends: other
 * threads' calls on those fakes wait meanwhile, so a rollback never undoes anyone else's work. Work that
 * waits inside a transaction for another thread which uses the same fakes therefore deadlocks, as it could
 * on row locks in the real store. Without fakes joined it simply runs the work.
 */
public final class DirectUnitOfWork implements UnitOfWork {
    /** State that a transaction can put back as it was. */
    public interface Participant {
        /** A copy of the whole state, which later changes leave as it is. */
        Object snapshot();

        /** Puts back the state {@link #snapshot} took. */
        void restore(Object snapshot);
    }

    private final ReentrantLock lock = new ReentrantLock();
    private final List<Participant> participants = new CopyOnWriteArrayList<>();
    private volatile int committed;
    private volatile int rolledBack;

    public DirectUnitOfWork() {}

    /** Makes {@code participant} roll back with the transactions of this unit of work. */
    public void join(Participant participant) {
        participants.add(participant);
    }

    // The counters change only under the lock; volatile is for their readers, who do not take it.
    @SuppressWarnings("NonAtomicVolatileUpdate")
    @Override
    public <T> T inTransaction(Supplier<T> work) {
        lock.lock();
        try {
            // Nested calls join the outermost transaction, as JdbiSession does.
            if (lock.getHoldCount() > 1) {
                return work.get();
            }
            List<Object> snapshots = new ArrayList<>(participants.size());
            for (Participant participant : participants) {
                snapshots.add(participant.snapshot());
            }
            try {
                T result = work.get();
                committed++;
                return result;
            } catch (RuntimeException | Error e) {
                for (int i = 0; i < snapshots.size(); i++) {
                    participants.get(i).restore(snapshots.get(i));
                }
                rolledBack++;
                throw e;
            }
        } finally {
            lock.unlock();
        }
    }

    /** How many outermost transactions committed. */
    public int committed() {
        return committed;
    }

    /** How many outermost transactions rolled back. */
    public int rolledBack() {
        return rolledBack;
    }

    /** True while the calling thread is inside a transaction. */
    public boolean inTransaction() {
        return lock.isHeldByCurrentThread();
    }

    /** The lock the fakes of this unit of work take for each call. */
    ReentrantLock lock() {
        return lock;
    }
}
