package dev.conveyor.reliability;

import dev.conveyor.reliability.history.Report;
import java.util.List;

/** docs/reliability.md: one row per scenario run, then each one's summary line and what its own checks found. */
final class ResultsTable {
    private ResultsTable() {}

    static String markdown(List<ScenarioResult> results, String header) {
        StringBuilder text = new StringBuilder();
        text.append("# Reliability: the fault suite's last run\n\n")
                .append(header)
                .append("\n\n");
        text.append(
                "| scenario | injected | published | lost | duplicates (live lease / after lease end) | dead-lettered"
                        + " | recovery | verdict |\n");
        text.append("|---|---|---:|---:|---|---:|---|---|\n");
        for (ScenarioResult result : results) {
            Report report = result.report();
            text.append("| ")
                    .append(cell(result.name()))
                    .append(" | ")
                    .append(cell(result.injected()))
                    .append(" | ")
                    .append(report == null ? "-" : report.publishedOk())
                    .append(" | ")
                    .append(report == null ? "-" : report.lost())
                    .append(" | ")
                    .append(
                            report == null
                                    ? "-"
                                    : report.liveLeaseDuplicates() + " / " + report.duplicatesAfterLeaseEnd())
                    .append(" | ")
                    .append(report == null ? "-" : report.deadLettered())
                    .append(" | ")
                    .append(cell(result.recovery()))
                    .append(" | ")
                    .append(result.verdict())
                    .append(" |\n");
        }
        text.append(
                "\nA scenario holds when the checker finds no lost or unexpected message, no partly stored ambiguous"
                        + " batch, no delivery during a live lease, no redelivery after a successful ack, no stale settle"
                        + " accepted and, in FIFO queues, no group's messages held by two receives at once and none"
                        + " delivered past an unacked lower sequence number, and the scenario's own checks pass. Duplicates after a lease ended or a nack are what"
                        + " at-least-once delivery allows; they are counted, not failed.\n");
        for (ScenarioResult result : results) {
            text.append("\n## ")
                    .append(result.name())
                    .append("\n\n```\n")
                    .append(result.summaryLine())
                    .append("\n```\n");
            if (!result.notes().isEmpty()) {
                text.append("\n").append(result.notes()).append("\n");
            }
            if (report(result) != null && !report(result).holds()) {
                text.append("\n```\n").append(report(result).details()).append("\n```\n");
            }
            result.failures().forEach(failure -> text.append("\n- FAILED: ").append(failure.replace("\n", " ")));
            if (!result.failures().isEmpty()) {
                text.append('\n');
            }
        }
        return text.toString();
    }

    private static Report report(ScenarioResult result) {
        return result.report();
    }

    // A table cell holds no pipe and no line break.
    static String cell(String text) {
        return text.replace("|", "\\|").replace("\n", " ");
    }
}
