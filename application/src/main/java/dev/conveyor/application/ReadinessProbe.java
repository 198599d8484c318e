package dev.conveyor.application;

import dev.conveyor.application.port.StoreHealth;
import java.time.Duration;

/** Whether this instance can serve: the store answers. Cached briefly so probes cannot load the database. */
public final class ReadinessProbe {
  private final StoreHealth store;
  private final long cacheNanos;
  private volatile long checkedAt;
  private volatile boolean ready;
  private volatile boolean checked;

  public ReadinessProbe(StoreHealth store, Duration cache) {
    this.store = store;
    this.cacheNanos = cache.toNanos();
  }

  public boolean ready() {
    long now = System.nanoTime();
    if (!checked || now - checkedAt >= cacheNanos) {
      synchronized (this) {
        if (!checked || System.nanoTime() - checkedAt >= cacheNanos) {
          ready = store.reachable();
          checkedAt = System.nanoTime();
          checked = true;
        }
      }
    }
    return ready;
  }
}
