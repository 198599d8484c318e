package dev.conveyor.bootstrap.docs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

/** How a walk-through is read from a document, and how a step's output is held against what the document shows. */
class WalkthroughTest {
    static final String DOCUMENT = """
            # Title

            ```bash
            echo before the walk-through
            ```

            <!-- walk-through:start, with a note -->
            Some prose.

            ```bash
            H='Content-Type: application/json'

            # prose at the top of a block
            curl -s localhost:8080/one \\
              -d '{"a": 1}'
            # {"id":"...","a":1}
            echo two
            # two
            # and more

            # prose after a blank line
            echo three
            ```

            ```yaml
            not: shell
            ```

            ```bash
            echo four
            ```
            <!-- walk-through:end -->

            ```bash
            echo after
            ```
            """;

    @Test
    void readsTheCommandsOfTheMarkedBashBlocksWithTheLinesShownUnderThem() {
        List<Step> steps = Walkthrough.in(DOCUMENT).steps();

        assertThat(steps)
                .containsExactly(
                        new Step(11, "H='Content-Type: application/json'", List.of()),
                        new Step(
                                14,
                                "curl -s localhost:8080/one \\\n  -d '{\"a\": 1}'",
                                List.of("{\"id\":\"...\",\"a\":1}")),
                        new Step(17, "echo two", List.of("two", "and more")),
                        new Step(22, "echo three", List.of()),
                        new Step(30, "echo four", List.of()));
    }

    @Test
    void refusesADocumentWithoutExactlyOneMarkedWalkThrough() {
        assertThatThrownBy(() -> Walkthrough.in("# nothing marked\n")).hasMessageContaining("walk-through:start");
        assertThatThrownBy(() -> Walkthrough.in(DOCUMENT + DOCUMENT)).hasMessageContaining("two lines");
        assertThatThrownBy(
                        () -> Walkthrough.in("<!-- walk-through:start -->\n```bash\necho\n<!-- walk-through:end -->"))
                .hasMessageContaining("not closed");
    }

    @Test
    void theShownLinesMustMatchWithThreeDotsStandingForAnything() {
        Step step = new Step(1, "curl", List.of("{\"id\":\"...\",\"a\":1}"));

        assertThat(step.printedAsShown("{\"id\":\"01a2-4f\",\"a\":1}")).isTrue();
        assertThat(step.printedAsShown("{\"id\":\"01a2-4f\",\"a\":1}\n")).isTrue();
        assertThat(step.printedAsShown("{\"id\":\"\",\"a\":1}")).isTrue();
        assertThat(step.printedAsShown("{\"id\":\"x\",\"a\":2}")).isFalse();
        assertThat(step.printedAsShown("{\"code\":404,\"message\":\"queue x does not exist\"}"))
                .isFalse();
        assertThat(step.printedAsShown("")).isFalse();
    }

    @Test
    void aStepThatShowsNothingMustPrintNothing() {
        Step step = new Step(1, "X=1", List.of());

        assertThat(step.printedAsShown("")).isTrue();
        assertThat(step.printedAsShown("\n")).isTrue();
        assertThat(step.printedAsShown("something")).isFalse();
    }

    @Test
    void shownLinesAreTakenLiterallyApartFromTheDots() {
        Step step = new Step(1, "echo", List.of("a.b (c) [d] *", "$x"));

        assertThat(step.printedAsShown("a.b (c) [d] *\n$x")).isTrue();
        assertThat(step.printedAsShown("aXb (c) [d] *\n$x")).isFalse();
    }
}
