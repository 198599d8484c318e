package dev.conveyor.reliability.history;

import static dev.conveyor.reliability.history.Settle.Result.SUCCEEDED;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Collections;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ReportTest {

    @Test
    void putsEveryFigureOnOneLine() {
        HistoryBuilder history = new HistoryBuilder()
                .queues(30, "orders", "orders-dlq")
                .deadLetterQueue("orders", "orders-dlq")
                .published(0, "t1", "orders")
                .published(0.5, "t2", "orders");
        history.deliver("orders", "t1", 1, 0.010);
        history.deliver("orders", "t1", 2, 31);
        history.deliver("orders-dlq", "t1", 1, 70);
        history.ack(history.deliver("orders", "t2", 1, 0.530), SUCCEEDED, 1);

        String line = history.check().summaryLine();

        assertThat(line)
                .doesNotContain("\n")
                .contains(
                        "holds=true",
                        "published_ok=2",
                        "ambiguous=0",
                        "failed=0",
                        "copies_expected=2",
                        "deliveries=4",
                        "lost=0",
                        "unexpected=0",
                        "partial_ambiguous_batches=0",
                        "live_lease_duplicates=0",
                        "redelivered_after_ack=0",
                        "stale_settles_accepted=0",
                        "group_lease_overlaps=0",
                        "group_order_broken=0",
                        "stale_settles_refused=0",
                        "duplicates_after_lease_end=1",
                        "dead_lettered=1",
                        "excused=0",
                        "latency_p50_ms=10.000",
                        "latency_p99_ms=30.000");
    }

    @Test
    void holdsOnlyWithoutViolations() {
        HistoryBuilder history = new HistoryBuilder().queue("q", 30).published(0, "t1", "q");

        Report report = history.check();

        assertThat(report.holds()).isFalse();
        assertThat(report.summaryLine()).startsWith("holds=false");
        for (Violation violation : Violation.values()) {
            assertThat(report.count(violation)).isEqualTo(violation == Violation.LOST ? 1 : 0);
        }
    }

    @Test
    void keepsAFewExamplesOfManyViolations() {
        HistoryBuilder history = new HistoryBuilder().queue("q", 30);
        for (int i = 0; i < 25; i++) {
            history.deliver("q", "ghost-" + i, 1, 1);
        }

        Report report = history.check();

        assertThat(report.unexpected()).isEqualTo(25);
        assertThat(report.examples(Violation.UNEXPECTED)).hasSize(Report.MAX_EXAMPLES);
        assertThat(report.examples(Violation.LOST)).isEmpty();
    }

    @Test
    void detailsTheExamplesUnderTheSummary() {
        HistoryBuilder history = new HistoryBuilder().queue("q", 30).published(0, "t1", "q");
        history.deliver("q", "ghost", 1, 1);

        String details = history.check().details();

        assertThat(details.lines()).hasSize(5);
        assertThat(details).contains("LOST: 1\n  token t1", "UNEXPECTED: 1\n  token ghost");
    }

    @Test
    void refusesMoreExamplesThanItKeeps() {
        List<String> eleven = Collections.nCopies(Report.MAX_EXAMPLES + 1, "example");

        assertThatThrownBy(() -> new Report(
                        0,
                        0,
                        0,
                        0,
                        0,
                        11,
                        0,
                        0,
                        0,
                        0,
                        0,
                        0,
                        0,
                        0,
                        0,
                        0,
                        0,
                        Double.NaN,
                        Double.NaN,
                        Map.of(Violation.LOST, eleven)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Report(
                        0, 0, 0, 0, 0, -1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, Double.NaN, Double.NaN, Map.of()))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
