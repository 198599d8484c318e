package dev.conveyor.bootstrap;

import dev.conveyor.application.ArrivalBoard;
import dev.conveyor.application.CleanupReport;
import dev.conveyor.application.MaintenanceService;
import dev.conveyor.application.port.ArrivalBroadcast;
import dev.conveyor.application.port.QueueMetrics;
import dev.conveyor.postgres.JdbiDeduplicationStore;
import dev.conveyor.postgres.JdbiMessageStore;
import dev.conveyor.postgres.JdbiQueueRepository;
import dev.conveyor.postgres.JdbiSession;
import io.dropwizard.core.cli.ConfiguredCommand;
import io.dropwizard.core.setup.Bootstrap;
import net.sourceforge.argparse4j.inf.Namespace;

/** {@code java -jar conveyor.jar cleanup config.yml}: one cleanup run over every queue, for cron. */
final class CleanupCommand extends ConfiguredCommand<ConveyorConfiguration> {
    CleanupCommand() {
        super(
                "cleanup",
                "Runs the cleanup once over every queue (expired messages, exhausted deliveries, expired deduplication records) and exits");
    }

    @Override
    protected void run(Bootstrap<ConveyorConfiguration> bootstrap, Namespace namespace, ConveyorConfiguration config)
            throws Exception {
        try (CommandDatabase database = new CommandDatabase(config, "cleanup")) {
            JdbiSession session = database.session();
            // A one-off process: nobody scrapes its counters; the report says what it did. It tells no server of the
            // messages it dead-letters: their long polls find them at their next look (messaging.longPollRecheck).
            CleanupReport report = new MaintenanceService(
                            new JdbiQueueRepository(session),
                            new JdbiMessageStore(session),
                            database.clock(),
                            QueueMetrics.NONE,
                            new ArrivalBoard(ArrivalBroadcast.NONE),
                            new JdbiDeduplicationStore(session))
                    .cleanupAll();
            System.out.println(CleanupTask.describe(report));
        }
    }
}
