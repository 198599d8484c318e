package dev.conveyor.postgres;

import dev.conveyor.application.port.ArrivalBroadcast;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.jdbi.v3.core.Jdbi;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Tells the other instances about arrivals with PostgreSQL NOTIFY, coalesced: queue ids announced within a
 * few milliseconds go out together in one notification, sent outside the publishing transactions. A
 * transaction that NOTIFYs takes a global lock at commit; doing it once per window instead of once per
 * publish keeps publishers from serialising on it.
 */
public final class PgNotifyBroadcast implements ArrivalBroadcast, AutoCloseable {
    public static final String CHANNEL = "conveyor_arrivals";
    private static final Logger LOG = LoggerFactory.getLogger(PgNotifyBroadcast.class);
    // NOTIFY payloads must stay under 8000 bytes.
    private static final int MAX_PAYLOAD = 7000;

    private final Jdbi jdbi;
    private final Duration window;
    /** Leads every payload ({@code sender;queue,queue}), so that this instance's listener can pass over its own. */
    private final String name;

    private final Set<String> pending = ConcurrentHashMap.newKeySet();
    private final AtomicBoolean scheduled = new AtomicBoolean();
    private final ScheduledExecutorService sender = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread thread = new Thread(r, "conveyor-notify");
        thread.setDaemon(true);
        return thread;
    });

    public PgNotifyBroadcast(Jdbi jdbi, Duration window) {
        this(jdbi, window, "");
    }

    /**
     * @param sender this instance's name on the channel (no ';' or ','): its own {@link PgArrivalListener}, given
     *     the same, ignores what it sent, whose waiters were woken in this process already
     */
    public PgNotifyBroadcast(Jdbi jdbi, Duration window, String sender) {
        if (sender.contains(";") || sender.contains(",")) {
            throw new IllegalArgumentException("a sender's name holds no ';' or ',': " + sender);
        }
        this.jdbi = jdbi;
        this.window = window;
        this.name = sender;
    }

    @Override
    public void broadcast(Set<String> queueIds) {
        pending.addAll(queueIds);
        if (scheduled.compareAndSet(false, true)) {
            // flush logs a failed notification itself: the future has nothing more to tell.
            var unused = sender.schedule(this::flush, window.toNanos(), TimeUnit.NANOSECONDS);
        }
    }

    private void flush() {
        scheduled.set(false);
        List<String> payloads = new ArrayList<>();
        StringBuilder payload = new StringBuilder();
        for (Iterator<String> it = pending.iterator(); it.hasNext(); ) {
            String queueId = it.next();
            it.remove();
            if (payload.length() + queueId.length() + 1 > MAX_PAYLOAD) {
                payloads.add(payload.toString());
                payload.setLength(0);
            }
            if (payload.length() == 0) {
                payload.append(name).append(';');
            } else {
                payload.append(',');
            }
            payload.append(queueId);
        }
        if (payload.length() > 0) {
            payloads.add(payload.toString());
        }
        if (payloads.isEmpty()) {
            return;
        }
        try {
            jdbi.useHandle(h -> {
                for (String p : payloads) {
                    h.createQuery("SELECT pg_notify(:channel, :payload)")
                            .bind("channel", CHANNEL)
                            .bind("payload", p)
                            .mapTo(String.class)
                            .one();
                }
            });
        } catch (RuntimeException e) {
            // Waiters on other instances still find the messages at their next re-check.
            LOG.debug("Could not broadcast arrivals: {}", e.toString());
        }
    }

    @Override
    public void close() {
        sender.shutdownNow();
    }
}
