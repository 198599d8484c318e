package dev.conveyor.reliability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.function.IntToDoubleFunction;
import org.junit.jupiter.api.Test;

class SoakRulesTest {
    private static final double MIB = SoakRules.MIB;
    /** A 4-minute soak sampled every 15 s. */
    private static final int SAMPLES = 16;

    @Test
    void takesTheSecondAndTheLastQuarter() {
        SoakRules.Quarters quarters = SoakRules.Quarters.of(List.of(1, 2, 3, 4, 5, 6, 7, 8, 9));

        assertThat(quarters.second()).containsExactly(3.0, 4.0);
        assertThat(quarters.last()).containsExactly(8.0, 9.0);
        assertThatThrownBy(() -> SoakRules.Quarters.of(List.of(1, 2, 3))).hasMessageContaining("4 at least");
    }

    @Test
    void aFlatNoisyHeapHoldsAndALeakingOneFails() {
        // 60 MiB give or take 8 after each full GC: noise.
        assertThat(SoakRules.HEAP.check(series(i -> (60 + (i % 3 == 0 ? 8 : -6)) * MIB)))
                .isEmpty();
        // 40 MiB plus 3 MiB retained per sample (12 MiB a minute). The quarters' means are 2 minutes apart in a
        // 4-minute soak, so 8 MiB a minute is the least growth it can tell from noise; 2 MiB a sample just holds.
        assertThat(SoakRules.HEAP.check(series(i -> (40 + 2 * i) * MIB))).isEmpty();
        assertThat(SoakRules.HEAP.check(series(i -> (40 + 3 * i) * MIB)))
                .hasValueSatisfying(
                        why -> assertThat(why).startsWith("post-GC heap grew").contains("MiB"));
        // A large heap may move by a quarter: 400 MiB to 480 holds, 400 to 520 does not.
        assertThat(SoakRules.HEAP.check(steps(400 * MIB, 480 * MIB))).isEmpty();
        assertThat(SoakRules.HEAP.check(steps(400 * MIB, 520 * MIB))).isPresent();
    }

    @Test
    void threadsAndDescriptorsMustStayFlat() {
        assertThat(SoakRules.THREADS.check(series(i -> 60 + i % 5))).isEmpty();
        assertThat(SoakRules.THREADS.check(series(i -> 60 + 2 * i))).isPresent();
        assertThat(SoakRules.FILE_DESCRIPTORS.check(series(i -> 120 + (i % 2) * 9)))
                .isEmpty();
        assertThat(SoakRules.FILE_DESCRIPTORS.check(series(i -> 120 + 3 * i)))
                .hasValueSatisfying(why -> assertThat(why).contains("open file descriptors grew"));
    }

    @Test
    void deadTuplesMayRiseAndFallWithAutovacuumButNotPileUp() {
        // A saw-tooth: up 8,000 a sample, vacuumed every fourth.
        assertThat(SoakRules.DEAD_TUPLES.check(series(i -> 8_000 * (i % 4)))).isEmpty();
        // Never vacuumed: 8,000 more each sample.
        assertThat(SoakRules.DEAD_TUPLES.check(series(i -> 8_000 * i))).isPresent();
    }

    @Test
    void theTableAndTheQueuesMustPlateau() {
        // Growing during the warm-up, then level with noise.
        assertThat(SoakRules.TABLE_SIZE.check(series(i -> (Math.min(i, 4) * 3 + (i % 2)) * MIB)))
                .isEmpty();
        // 2 MiB a sample, all along.
        assertThat(SoakRules.TABLE_SIZE.check(series(i -> (1 + 2 * i) * MIB))).isPresent();
        assertThat(SoakRules.DEPTH.check(series(i -> 2_500 + (i % 3) * 400))).isEmpty();
        // A backlog growing by 50 messages a second.
        assertThat(SoakRules.DEPTH.check(series(i -> 750 * i))).isPresent();
    }

    @Test
    void theLastMinutesP99MayBeOneAndAHalfTimesTheFirsts() {
        assertThat(SoakRules.latencyHeld(20, 30)).isEmpty();
        assertThat(SoakRules.latencyHeld(20, 30.5))
                .hasValueSatisfying(why -> assertThat(why).contains("p99 rose"));
        assertThat(SoakRules.latencyHeld(Double.NaN, 3)).isPresent();
    }

    @Test
    void printsTheQuartersLevels() {
        assertThat(SoakRules.TABLE_SIZE.figures(steps(2 * MIB, 3 * MIB))).isEqualTo("2.0 MiB->3.0 MiB");
        assertThat(SoakRules.THREADS.figures(steps(50, 52))).isEqualTo("50->52");
    }

    private static List<Double> series(IntToDoubleFunction value) {
        List<Double> series = new ArrayList<>();
        for (int i = 0; i < SAMPLES; i++) {
            series.add(value.applyAsDouble(i));
        }
        return series;
    }

    // The first half at one level, the second at another.
    private static List<Double> steps(double first, double second) {
        return series(i -> i < SAMPLES / 2 ? first : second);
    }
}
