package dev.conveyor.reliability;

import dev.conveyor.reliability.history.Report;
import java.util.List;

/**
 * What one scenario did and found.
 *
 * @param report the checker's judgement of the recorded history; null when the scenario failed before it had one
 * @param failures what the scenario's own checks found wrong, beyond the checker's invariants
 * @param recovery how long the system took to serve again after the fault, where that applies; "n/a" otherwise
 * @param notes what happened, for the reader (what the servers did on an empty database, say)
 */
record ScenarioResult(
        String name,
        String injected,
        Report report,
        List<String> failures,
        String recovery,
        String calls,
        String notes) {

    ScenarioResult {
        failures = List.copyOf(failures);
    }

    static ScenarioResult error(String name, String injected, Exception e) {
        return new ScenarioResult(name, injected, null, List.of("the scenario failed: " + e), "n/a", "", "");
    }

    boolean holds() {
        return report != null && report.holds() && failures.isEmpty();
    }

    String verdict() {
        return holds() ? "holds" : "FAILS";
    }

    /** One line for the log: the scenario, what it injected, then every figure. */
    String summaryLine() {
        StringBuilder line = new StringBuilder("scenario=" + name + " injected=\"" + injected + "\"");
        if (report != null) {
            line.append(" published=").append(report.publishedOk());
        }
        line.append(" recovery=\"").append(recovery).append('"');
        if (report != null) {
            line.append(' ').append(report.summaryLine());
        }
        if (!calls.isEmpty()) {
            line.append(' ').append(calls);
        }
        line.append(" verdict=").append(verdict());
        return line.toString();
    }
}
