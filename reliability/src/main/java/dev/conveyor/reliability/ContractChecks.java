package dev.conveyor.reliability;

import java.util.ArrayList;
import java.util.List;

/** Checks of the answers themselves that the history's checker does not make. */
final class ContractChecks {
    private ContractChecks() {}

    /** The contract allows 4xx and 503, never another 5xx (a 500 with a stack trace, say). */
    static List<String> serverErrors(CallCounts counts) {
        List<String> failures = new ArrayList<>();
        if (counts.serverErrors.get() > 0) {
            failures.add(counts.serverErrors.get() + " answers were a 5xx other than 503");
        }
        return failures;
    }
}
