package dev.conveyor.application;

import dev.conveyor.application.port.StoreHealth;
import java.time.Duration;

/**
 * Whether this instance can serve: the store answers, and the server is not stopping. The store's answer is
 * cached briefly so that probes cannot load the database.
 */
public final class ReadinessProbe {
    private final StoreHealth store;
    private final long cacheNanos;
    private volatile long checkedAt;
    private volatile boolean reachable;
    private volatile boolean checked;
    private volatile boolean stopping;

    public ReadinessProbe(StoreHealth store, Duration cache) {
        this.store = store;
        this.cacheNanos = cache.toNanos();
    }

    public boolean ready() {
        return !stopping && storeReachable();
    }

    /** The server is stopping: not ready any more, so that load balancers send new work elsewhere. */
    public void stopping() {
        stopping = true;
    }

    public boolean isStopping() {
        return stopping;
    }

    /** Whether the store answered its last check, at most the cache duration ago. */
    public boolean storeReachable() {
        long now = System.nanoTime();
        if (!checked || now - checkedAt >= cacheNanos) {
            synchronized (this) {
                if (!checked || System.nanoTime() - checkedAt >= cacheNanos) {
                    reachable = store.reachable();
                    checkedAt = System.nanoTime();
                    checked = true;
                }
            }
        }
        return reachable;
    }
}
