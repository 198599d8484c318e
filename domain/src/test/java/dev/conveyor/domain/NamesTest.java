package dev.conveyor.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class NamesTest {

    @ParameterizedTest
    @ValueSource(strings = {"a", "Z", "0", "orders", "orders.eu-west_1", "9lives", "A.b-C_d", "a..", "a--", "a__"})
    void acceptsNamesOfTheAllowedCharactersStartingWithALetterOrDigit(String name) {
        assertThat(Names.isValid(name)).isTrue();
        assertThat(Names.require("id", name)).isEqualTo(name);
    }

    @Test
    void accepts128Characters() {
        assertThat(Names.isValid("a".repeat(128))).isTrue();
    }

    @Test
    void refuses129Characters() {
        assertThat(Names.isValid("a".repeat(129))).isFalse();
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "",
                ".hidden",
                "-dash",
                "_under",
                "a/b",
                "a b",
                " a",
                "a ",
                "café",
                "ünits",
                "a\u0000",
                "a\n",
                "a:b",
                "a*",
                "queue\u2028"
            })
    void refusesOtherNames(String name) {
        assertThat(Names.isValid(name)).isFalse();
    }

    @Test
    void refusesNull() {
        assertThat(Names.isValid(null)).isFalse();
    }

    @Test
    void requireNamesTheFieldInItsMessage() {
        assertThatThrownBy(() -> Names.require("topic_id", "a/b"))
                .isInstanceOfSatisfying(ConveyorException.class, e -> {
                    assertThat(e.kind()).isEqualTo(ConveyorException.Kind.INVALID);
                    assertThat(e.code()).isEqualTo("invalid");
                    assertThat(e.errors())
                            .containsExactly(
                                    "topic_id must be 1 to 128 characters of [A-Za-z0-9._-], starting with a letter or digit");
                    assertThat(e.getMessage()).isEqualTo(e.errors().get(0));
                });
    }

    @Test
    void requireSaysAMissingNameIsRequired() {
        assertThatThrownBy(() -> Names.require("queue_id", null))
                .isInstanceOfSatisfying(
                        ConveyorException.class, e -> assertThat(e.errors()).containsExactly("queue_id is required"));
    }

    @Test
    void requireRefusesAnEmptyName() {
        assertThatThrownBy(() -> Names.require("id", ""))
                .isInstanceOfSatisfying(
                        ConveyorException.class, e -> assertThat(e.errors()).containsExactly("id " + Names.RULE));
    }
}
