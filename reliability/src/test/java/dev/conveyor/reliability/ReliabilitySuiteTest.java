package dev.conveyor.reliability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.conveyor.reliability.history.Report;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ReliabilitySuiteTest {
    @Test
    void choosesScenariosByNameOrNumberAndAllByDefault() {
        assertThat(ReliabilitySuite.choose(List.of("baseline", "9")))
                .extracting(FaultScenario::name)
                .containsExactly("baseline", "concurrent-start");
        assertThat(ReliabilitySuite.choose(List.of())).isEqualTo(ReliabilitySuite.SCENARIOS);
    }

    @Test
    void refusesAnUnknownScenarioNamingTheKnownOnes() {
        assertThatThrownBy(() -> ReliabilitySuite.choose(List.of("chaos")))
                .hasMessageContaining("no scenario chaos")
                .hasMessageContaining("1 baseline");
    }

    @Test
    void holdsEveryScenarioOfTheIssueOnceInItsOrder() {
        // Issue 7's ten, then issue 15's embedded-kill-9 and issue 17's fifo-kill-9.
        assertThat(ReliabilitySuite.SCENARIOS)
                .extracting(FaultScenario::number)
                .containsExactly(1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12);
        assertThat(ReliabilitySuite.SCENARIOS).extracting(FaultScenario::name).doesNotHaveDuplicates();
        assertThat(ReliabilitySuite.choose(List.of("11")))
                .extracting(FaultScenario::name)
                .containsExactly("embedded-kill-9");
        assertThat(ReliabilitySuite.choose(List.of("fifo-kill-9")))
                .extracting(FaultScenario::number)
                .containsExactly(12);
    }

    @Test
    void aRunOfSomeScenariosWritesAPageOfItsOwnAndLeavesTheFullRunsPage() {
        assertThat(ReliabilitySuite.document(ReliabilitySuite.SCENARIOS)).isEqualTo("docs/reliability.md");
        assertThat(ReliabilitySuite.document(ReliabilitySuite.choose(List.of("embedded-kill-9"))))
                .isEqualTo("docs/reliability-embedded-kill-9.md");
        assertThat(ReliabilitySuite.document(ReliabilitySuite.choose(List.of("baseline", "kill-9"))))
                .isEqualTo("docs/reliability-baseline+kill-9.md");
    }

    @Test
    void tabulatesEachScenarioWithItsVerdict() {
        Report clean = new Report(10, 0, 0, 20, 25, 0, 0, 0, 0, 0, 0, 0, 0, 0, 5, 2, 0, 3.0, 9.0, Map.of());
        ScenarioResult held = new ScenarioResult("baseline", "nothing", clean, List.of(), "n/a", "", "");
        ScenarioResult failed = new ScenarioResult(
                "kill-9", "kill | restart", clean, List.of("a restart failed"), "restart to ready: 9 s", "", "");

        String markdown = ResultsTable.markdown(List.of(held, failed), "header");

        assertThat(markdown)
                .contains("| baseline | nothing | 10 | 0 | 0 / 5 | 2 | n/a | holds |")
                .contains("| kill-9 | kill \\| restart | 10 | 0 | 0 / 5 | 2 | restart to ready: 9 s | FAILS |")
                .contains("- FAILED: a restart failed");
    }

    @Test
    void failsAScenarioWithoutAReport() {
        ScenarioResult error = ScenarioResult.error("poison-message", "poison", new IllegalStateException("boom"));

        assertThat(error.holds()).isFalse();
        assertThat(error.summaryLine()).contains("scenario=poison-message").endsWith("verdict=FAILS");
    }
}
