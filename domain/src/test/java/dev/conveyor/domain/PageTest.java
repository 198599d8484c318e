package dev.conveyor.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class PageTest {

    @Test
    void defaultsToTheFirst100() {
        assertThat(Page.of(null, null)).isEqualTo(new Page(100, 0));
        assertThat(Page.of(5, null)).isEqualTo(new Page(5, 0));
        assertThat(Page.of(null, 7)).isEqualTo(new Page(100, 7));
    }

    @Test
    void acceptsLimitsFrom1To1000AndAnyOffsetFrom0() {
        assertThat(new Page(1, 0).limit()).isEqualTo(1);
        assertThat(new Page(1000, Integer.MAX_VALUE).offset()).isEqualTo(Integer.MAX_VALUE);
    }

    @Test
    void refusesLimitsOutside1To1000() {
        assertThatThrownBy(() -> Page.of(0, null)).isInstanceOfSatisfying(ConveyorException.class, e -> {
            assertThat(e.kind()).isEqualTo(ConveyorException.Kind.INVALID);
            assertThat(e.errors()).containsExactly("limit must be between 1 and 1000");
        });
        assertThatThrownBy(() -> Page.of(1001, null))
                .isInstanceOfSatisfying(
                        ConveyorException.class,
                        e -> assertThat(e.errors()).containsExactly("limit must be between 1 and 1000"));
    }

    @Test
    void refusesANegativeOffset() {
        assertThatThrownBy(() -> Page.of(null, -1))
                .isInstanceOfSatisfying(
                        ConveyorException.class,
                        e -> assertThat(e.errors()).containsExactly("offset must be at least 0"));
    }

    @Test
    void reportsBothAtOnce() {
        assertThatThrownBy(() -> new Page(-1, -1))
                .isInstanceOfSatisfying(
                        ConveyorException.class,
                        e -> assertThat(e.errors())
                                .containsExactly("limit must be between 1 and 1000", "offset must be at least 0"));
    }
}
