package dev.conveyor.bootstrap;

import com.codahale.metrics.MetricRegistry;
import dev.conveyor.application.CleanupReport;
import dev.conveyor.application.MaintenanceService;
import dev.conveyor.application.port.QueueMetrics;
import dev.conveyor.postgres.DatabaseClock;
import dev.conveyor.postgres.JdbiMessageStore;
import dev.conveyor.postgres.JdbiQueueRepository;
import dev.conveyor.postgres.JdbiSession;
import dev.conveyor.postgres.PostgresStore;
import io.dropwizard.core.cli.ConfiguredCommand;
import io.dropwizard.core.setup.Bootstrap;
import io.dropwizard.db.ManagedDataSource;
import java.time.InstantSource;
import net.sourceforge.argparse4j.inf.Namespace;
import org.jdbi.v3.core.Jdbi;

/** {@code java -jar conveyor.jar cleanup config.yml}: one cleanup run over every queue, for cron. */
final class CleanupCommand extends ConfiguredCommand<ConveyorConfiguration> {
  CleanupCommand() {
    super("cleanup", "Runs the cleanup once over every queue (expired messages, exhausted deliveries) and exits");
  }

  @Override
  protected void run(Bootstrap<ConveyorConfiguration> bootstrap, Namespace namespace, ConveyorConfiguration config)
      throws Exception {
    EmbeddedDatabase embedded = null;
    if (config.usesEmbeddedDatabase()) {
      embedded = EmbeddedDatabase.start(config.getEmbeddedDatabase(), config.getDatabase());
      Schema.migrate(config.getDatabase());
    } else {
      Schema.requireCurrent(config.getDatabase());
    }
    ManagedDataSource dataSource = config.getDatabase().build(new MetricRegistry(), "cleanup");
    try {
      Jdbi jdbi = PostgresStore.configure(Jdbi.create(dataSource));
      DatabaseClock clock = new DatabaseClock(jdbi, InstantSource.system());
      clock.synchronize();
      JdbiSession session = new JdbiSession(jdbi);
      // A one-off process: nobody scrapes its counters; the report says what it did.
      CleanupReport report = new MaintenanceService(
          new JdbiQueueRepository(session), new JdbiMessageStore(session), clock, QueueMetrics.NONE).cleanupAll();
      System.out.println(CleanupTask.describe(report));
    } finally {
      dataSource.stop();
      if (embedded != null) {
        embedded.stop();
      }
    }
  }
}
