package dev.conveyor.bootstrap;

import com.codahale.metrics.MetricRegistry;
import dev.conveyor.postgres.DatabaseClock;
import dev.conveyor.postgres.JdbiSession;
import dev.conveyor.postgres.PostgresStore;
import io.dropwizard.db.ManagedDataSource;
import java.time.InstantSource;
import java.util.Optional;
import org.jdbi.v3.core.Jdbi;

/**
 * The database for a one-off command ({@code cleanup}, {@code create-client}): the embedded one when the configuration
 * asks for it (the running server's, or one started for the command), migrated; an external one checked to be
 * current. Closed when the command ends.
 */
final class CommandDatabase implements AutoCloseable {
    private final Optional<EmbeddedDatabase> embedded;
    private final ManagedDataSource dataSource;
    private final JdbiSession session;
    private final DatabaseClock clock;

    CommandDatabase(ConveyorConfiguration config, String name) throws Exception {
        if (config.usesEmbeddedDatabase()) {
            // While a server runs on the data directory, its PostgreSQL; otherwise one of our own, stopped at the end.
            embedded = EmbeddedDatabase.startOrAttach(config.getEmbeddedDatabase(), config.getDatabase());
            Schema.migrate(config.getDatabase());
        } else {
            embedded = Optional.empty();
            Schema.requireCurrent(config.getDatabase());
        }
        dataSource = config.getDatabase().build(new MetricRegistry(), name);
        Jdbi jdbi = PostgresStore.configure(Jdbi.create(dataSource));
        clock = new DatabaseClock(jdbi, InstantSource.system());
        clock.synchronize();
        session = new JdbiSession(jdbi);
    }

    JdbiSession session() {
        return session;
    }

    InstantSource clock() {
        return clock;
    }

    @Override
    public void close() throws Exception {
        dataSource.stop();
        if (embedded.isPresent()) {
            embedded.get().stop();
        }
    }
}
