package dev.conveyor.reliability;

import java.util.Locale;
import java.util.concurrent.atomic.AtomicLong;

/**
 * How the server answered the recording clients' calls, for the summary: the contract allows 4xx and 503, never
 * another 5xx; calls without an answer (a killed instance, a timeout) are expected only where a fault was injected.
 */
final class CallCounts {
    final AtomicLong answered = new AtomicLong();
    final AtomicLong refused = new AtomicLong();
    final AtomicLong unavailable = new AtomicLong();
    final AtomicLong serverErrors = new AtomicLong();
    final AtomicLong noAnswer = new AtomicLong();

    /** Counts one answer by its status. */
    void count(int status) {
        if (status == 503) {
            unavailable.incrementAndGet();
        } else if (status >= 500) {
            serverErrors.incrementAndGet();
        } else if (status >= 400) {
            refused.incrementAndGet();
        } else {
            answered.incrementAndGet();
        }
    }

    String summary() {
        return String.format(
                Locale.ROOT,
                "calls_2xx=%d calls_4xx=%d calls_503=%d calls_other_5xx=%d calls_no_answer=%d",
                answered.get(),
                refused.get(),
                unavailable.get(),
                serverErrors.get(),
                noAnswer.get());
    }
}
