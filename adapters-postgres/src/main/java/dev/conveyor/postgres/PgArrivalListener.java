package dev.conveyor.postgres;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.function.Consumer;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Listens for other instances' arrival notifications on a dedicated connection (LISTEN needs a session of
 * its own, outside the pool) and hands the queue ids on. Reconnects after a failure, and reports the gap,
 * since notifications sent meanwhile are lost.
 */
public final class PgArrivalListener implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(PgArrivalListener.class);
    private static final int POLL_MILLIS = 500;
    private static final long RETRY_MILLIS = 1000;
    // A connection that died silently (a host gone, a black-holed network) delivers no notification and no
    // error; a query now and then finds out, so the listener reconnects instead of waiting deaf forever.
    private static final long CHECK_NANOS = 10_000_000_000L;

    private final Callable<Connection> connections;
    private final Consumer<Set<String>> onArrival;
    private final Runnable onGap;
    private final String self;
    private final Thread thread;
    private volatile boolean running = true;
    private volatile Connection connection;

    public PgArrivalListener(Callable<Connection> connections, Consumer<Set<String>> onArrival, Runnable onGap) {
        this(connections, onArrival, onGap, null);
    }

    /**
     * @param self the sender name this instance's {@link PgNotifyBroadcast} uses: notifications from it are passed
     *     over (null hears every one)
     */
    public PgArrivalListener(
            Callable<Connection> connections, Consumer<Set<String>> onArrival, Runnable onGap, String self) {
        this.self = self;
        this.connections = connections;
        this.onArrival = onArrival;
        this.onGap = onGap;
        this.thread = new Thread(this::run, "conveyor-listen");
        this.thread.setDaemon(true);
    }

    public void start() {
        thread.start();
    }

    /**
     * The queue ids of a payload ({@code sender;queue,queue}, or {@code queue,queue} from an instance of an earlier
     * version); none when this instance sent it: its waiters were woken when it did.
     */
    List<String> queueIds(String payload) {
        int end = payload.indexOf(';');
        if (end >= 0 && self != null && payload.substring(0, end).equals(self)) {
            return List.of();
        }
        return Arrays.asList(payload.substring(end + 1).split(","));
    }

    private void run() {
        while (running) {
            try (Connection c = connections.call()) {
                connection = c;
                try (Statement statement = c.createStatement()) {
                    statement.execute("LISTEN " + PgNotifyBroadcast.CHANNEL);
                }
                onGap.run();
                PGConnection pg = c.unwrap(PGConnection.class);
                long checked = System.nanoTime();
                while (running) {
                    if (System.nanoTime() - checked > CHECK_NANOS) {
                        try (Statement statement = c.createStatement()) {
                            statement.setQueryTimeout(5);
                            statement.execute("SELECT 1");
                        }
                        checked = System.nanoTime();
                    }
                    PGNotification[] notifications = pg.getNotifications(POLL_MILLIS);
                    if (notifications == null) {
                        continue;
                    }
                    Set<String> queueIds = new HashSet<>();
                    for (PGNotification notification : notifications) {
                        queueIds.addAll(queueIds(notification.getParameter()));
                    }
                    if (!queueIds.isEmpty()) {
                        onArrival.accept(queueIds);
                    }
                }
            } catch (Exception e) {
                if (!running) {
                    return;
                }
                LOG.warn("Lost the connection that listens for arrivals; retrying: {}", e.toString());
                onGap.run();
                try {
                    Thread.sleep(RETRY_MILLIS);
                } catch (InterruptedException interrupted) {
                    return;
                }
            } finally {
                connection = null;
            }
        }
    }

    @Override
    public void close() {
        running = false;
        Connection c = connection;
        if (c != null) {
            try {
                c.close();
            } catch (SQLException ignored) {
                // closing anyway
            }
        }
        thread.interrupt();
    }
}
