package dev.conveyor.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class MessageQueryTest {
    @Test
    void noCriteriaIsEverything() {
        assertThat(new MessageQuery(null, null, null, null).isEverything()).isTrue();
        assertThat(new MessageQuery(Map.of("k", List.of("v")), null, null, null).isEverything())
                .isFalse();
    }

    @Test
    void repeatedValuesOfAKeyAreSearchedOnce() {
        assertThat(new MessageQuery(Map.of("k", List.of("v", "v", "w")), null, null, null).attributes())
                .containsEntry("k", List.of("v", "w"));
    }

    @Test
    void everyBrokenBoundIsNamedAtOnce() {
        assertThatThrownBy(() -> new MessageQuery(
                        Map.of("", List.of("v"), "long", List.of("x".repeat(1025))), "", " ", "l".repeat(129)))
                .isInstanceOfSatisfying(
                        ConveyorException.class,
                        e -> assertThat(e.errors())
                                .containsExactlyInAnyOrder(
                                        "attribute.: attribute keys are 1 to 128 characters",
                                        "attribute.long values must be at most 1024 characters",
                                        "text must be 1 to 1024 characters",
                                        "json_path must be 1 to 1024 characters",
                                        "label must be 1 to 128 characters"));
    }
}
