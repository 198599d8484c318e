package dev.conveyor.application.fakes;

import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;

/** Runs each call of a fake under the lock of its unit of work. */
final class Guarded {
    private final ReentrantLock lock;

    Guarded(DirectUnitOfWork unitOfWork) {
        this.lock = unitOfWork.lock();
    }

    <T> T get(Supplier<T> call) {
        lock.lock();
        try {
            return call.get();
        } finally {
            lock.unlock();
        }
    }

    void run(Runnable call) {
        lock.lock();
        try {
            call.run();
        } finally {
            lock.unlock();
        }
    }
}
