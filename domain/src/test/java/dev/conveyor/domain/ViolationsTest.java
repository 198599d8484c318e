package dev.conveyor.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class ViolationsTest {

    @Test
    void throwsNothingWhenEveryRuleHolds() {
        Violations v =
                new Violations().check(true, "never").between("n", 5, 1, 10).name("id", "ok");

        assertThat(v.errors()).isEmpty();
        assertThatCode(v::throwIfAny).doesNotThrowAnyException();
    }

    @Test
    void collectsEveryBrokenRuleInOrder() {
        Violations v = new Violations()
                .check(false, "first")
                .between("limit", 0, 1, 1000)
                .name("id", "-bad")
                .name("topic_id", null)
                .addAll(List.of("last"));

        assertThat(v.errors())
                .containsExactly(
                        "first",
                        "limit must be between 1 and 1000",
                        "id " + Names.RULE,
                        "topic_id is required",
                        "last");
        assertThatThrownBy(v::throwIfAny).isInstanceOfSatisfying(ConveyorException.class, e -> {
            assertThat(e.kind()).isEqualTo(ConveyorException.Kind.INVALID);
            assertThat(e.errors()).isEqualTo(v.errors());
            assertThat(e.getMessage()).isEqualTo(String.join("; ", v.errors()));
        });
    }

    @Test
    void betweenIncludesBothEnds() {
        assertThat(new Violations().between("n", 1, 1, 3).between("n", 3, 1, 3).errors())
                .isEmpty();
        assertThat(new Violations().between("n", 0, 1, 3).between("n", 4, 1, 3).errors())
                .hasSize(2);
    }

    @Test
    void errorsIsASnapshot() {
        Violations v = new Violations().check(false, "one");
        List<String> before = v.errors();

        v.check(false, "two");

        assertThat(before).containsExactly("one");
        assertThatThrownBy(() -> before.add("x")).isInstanceOf(UnsupportedOperationException.class);
    }
}
