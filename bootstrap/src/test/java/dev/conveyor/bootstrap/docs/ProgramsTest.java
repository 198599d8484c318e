package dev.conveyor.bootstrap.docs;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** A test that needs a program learns that the PATH lacks it, and can say so and skip. */
class ProgramsTest {
    @Test
    void namesTheProgramsThePathLacks() {
        assertThat(Programs.missing("sh", "no-such-program-conveyor")).containsExactly("no-such-program-conveyor");
    }
}
