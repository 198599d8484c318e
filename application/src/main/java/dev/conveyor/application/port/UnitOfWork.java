package dev.conveyor.application.port;

import java.util.function.Supplier;

/** Outgoing port that runs work in one database transaction: all of it commits, or none. */
public interface UnitOfWork {
    /** Runs {@code work} in a transaction that commits when it returns and rolls back when it throws. */
    <T> T inTransaction(Supplier<T> work);
}
