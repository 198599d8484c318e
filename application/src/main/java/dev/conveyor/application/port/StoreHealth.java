package dev.conveyor.application.port;

/** Outgoing port that tells whether the store can be reached right now. */
public interface StoreHealth {
    /** True when a trivial query answered within the probe's short timeout. */
    boolean reachable();
}
