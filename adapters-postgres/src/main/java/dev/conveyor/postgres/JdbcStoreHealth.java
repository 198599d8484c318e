package dev.conveyor.postgres;

import dev.conveyor.application.port.StoreHealth;
import java.sql.Connection;
import java.sql.Statement;
import java.util.concurrent.Callable;

/**
 * Probes the database on a connection of its own, opened with short timeouts, so that the answer does not
 * wait behind a busy or exhausted pool.
 */
public final class JdbcStoreHealth implements StoreHealth {
    private final Callable<Connection> probeConnections;

    /** @param probeConnections opens a connection whose connect and socket timeouts are short */
    public JdbcStoreHealth(Callable<Connection> probeConnections) {
        this.probeConnections = probeConnections;
    }

    @Override
    public boolean reachable() {
        try (Connection c = probeConnections.call();
                Statement statement = c.createStatement()) {
            statement.setQueryTimeout(2);
            return statement.execute("SELECT 1");
        } catch (Exception e) {
            return false;
        }
    }
}
