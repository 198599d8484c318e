package dev.conveyor.bootstrap;

import dev.conveyor.application.CleanupReport;
import dev.conveyor.application.MaintenanceService;
import dev.conveyor.domain.ConveyorException;
import dev.conveyor.postgres.DeadRowReclaimer;
import io.dropwizard.servlets.tasks.Task;
import java.io.PrintWriter;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code POST /tasks/cleanup[?queue=ID]} on the admin port: runs the cleanup now and prints what it did; a run of
 * every queue also vacuums the messages table when autovacuum is off ({@link DeadRowReclaimer}).
 */
final class CleanupTask extends Task {
    private static final Logger LOG = LoggerFactory.getLogger(CleanupTask.class);

    private final MaintenanceService maintenance;
    private final DeadRowReclaimer reclaimer;

    CleanupTask(MaintenanceService maintenance, DeadRowReclaimer reclaimer) {
        super("cleanup");
        this.maintenance = maintenance;
        this.reclaimer = reclaimer;
    }

    @Override
    public void execute(Map<String, List<String>> parameters, PrintWriter output) {
        List<String> queue = parameters.getOrDefault("queue", List.of());
        try {
            CleanupReport report = queue.isEmpty() ? maintenance.cleanupAll() : maintenance.cleanup(queue.get(0));
            output.println(describe(report));
            if (queue.isEmpty()) {
                reclaimer.reclaimIfNeeded().ifPresent(dead -> output.println(describeVacuum(dead)));
            }
        } catch (ConveyorException refused) {
            output.println(refused.getMessage());
        }
        output.flush();
    }

    static void logVacuum(long deadRows) {
        LOG.info("Cleanup: {}", describeVacuum(deadRows));
    }

    static String describeVacuum(long deadRows) {
        return "vacuumed messages: " + deadRows + " dead rows (autovacuum is off)";
    }

    static void log(CleanupReport report) {
        LOG.info("Cleanup: {}", describe(report).replace('\n', ';'));
    }

    /** One line per queue changed, then the totals. */
    static String describe(CleanupReport report) {
        StringBuilder text = new StringBuilder();
        for (CleanupReport.QueueCleanup q : report.queues()) {
            text.append("queue ")
                    .append(q.queueId())
                    .append(": expired ")
                    .append(q.expired())
                    .append(", dead-lettered ")
                    .append(q.deadLettered())
                    .append(", dropped ")
                    .append(q.dropped())
                    .append('\n');
        }
        if (report.deduplicationsExpired() > 0) {
            text.append("deduplication records expired: ")
                    .append(report.deduplicationsExpired())
                    .append('\n');
        }
        return text.append("total: expired ")
                .append(report.expired())
                .append(", dead-lettered ")
                .append(report.deadLettered())
                .append(", dropped ")
                .append(report.dropped())
                .toString();
    }
}
