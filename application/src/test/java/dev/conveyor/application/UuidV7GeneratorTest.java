package dev.conveyor.application;

import static org.assertj.core.api.Assertions.assertThat;

import dev.conveyor.application.fakes.InMemoryMessageStore;
import dev.conveyor.application.fakes.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class UuidV7GeneratorTest {
    private final MutableClock clock = new MutableClock(Instant.parse("2025-03-01T12:00:00.123Z"));
    private final UuidV7Generator generator = new UuidV7Generator(clock);

    private static long timestamp(UUID id) {
        return id.getMostSignificantBits() >>> 16;
    }

    @Test
    void setsVersion7AndTheRfcVariant() {
        for (int i = 0; i < 1000; i++) {
            UUID id = generator.next();
            assertThat(id.version()).isEqualTo(7);
            assertThat(id.variant()).isEqualTo(2);
            assertThat((id.getMostSignificantBits() >>> 12) & 0xF).isEqualTo(7);
            assertThat(id.getLeastSignificantBits() >>> 62).isEqualTo(0b10);
        }
    }

    @Test
    void carriesTheClockMillisInTheTopBits() {
        UUID first = generator.next();

        assertThat(timestamp(first)).isEqualTo(clock.millis()).isEqualTo(1_740_830_400_123L);
        assertThat(first.toString())
                .startsWith(String.format("%08x-%04x-7", clock.millis() >>> 16, clock.millis() & 0xFFFF));
    }

    @Test
    void keepsTheClockMillisForTheFirstThousandsOfIdsInOneMillisecond() {
        // The counter starts below 2048 and counts to 4095 before it borrows the next millisecond.
        for (int i = 0; i < 2000; i++) {
            assertThat(timestamp(generator.next())).isEqualTo(clock.millis());
        }
    }

    @Test
    void isStrictlyIncreasingAcross100000CallsInOneMillisecond() {
        UUID previous = generator.next();
        for (int i = 0; i < 100_000; i++) {
            UUID next = generator.next();
            assertThat(InMemoryMessageStore.UUID_ORDER.compare(previous, next))
                    .as("id %d (%s) after %s", i, next, previous)
                    .isNegative();
            // Borrowed milliseconds stay close to the clock: 100,000 ids need at most about 50 of them.
            assertThat(timestamp(next)).isBetween(clock.millis(), clock.millis() + 100);
            previous = next;
        }
    }

    @Test
    void followsTheClockWhenItMovesOn() {
        for (int i = 0; i < 10_000; i++) {
            generator.next();
        }
        clock.advance(Duration.ofSeconds(1));

        assertThat(timestamp(generator.next())).isEqualTo(clock.millis());
    }

    @Test
    void staysIncreasingWhenTheClockGoesBack() {
        UUID before = generator.next();
        clock.advance(Duration.ofSeconds(-5));

        UUID after = generator.next();

        assertThat(InMemoryMessageStore.UUID_ORDER.compare(before, after)).isNegative();
        assertThat(timestamp(after)).isEqualTo(timestamp(before));
    }

    @Test
    void fillsTheLow62BitsWithRandomness() {
        long everSet = 0;
        long everClear = 0;
        Set<Long> low = new java.util.HashSet<>();
        for (int i = 0; i < 1000; i++) {
            long bits = generator.next().getLeastSignificantBits();
            low.add(bits);
            everSet |= bits;
            everClear |= ~bits;
        }

        assertThat(low).hasSize(1000);
        // Each of the 62 bits below the variant took both values.
        assertThat(everSet & 0x3FFF_FFFF_FFFF_FFFFL).isEqualTo(0x3FFF_FFFF_FFFF_FFFFL);
        assertThat(everClear & 0x3FFF_FFFF_FFFF_FFFFL).isEqualTo(0x3FFF_FFFF_FFFF_FFFFL);
    }

    @Test
    void givesDistinctIdsToConcurrentCallers() throws Exception {
        Set<UUID> seen = ConcurrentHashMap.newKeySet();
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<?>> tasks = new ArrayList<>();
            for (int t = 0; t < 4; t++) {
                tasks.add(pool.submit(() -> {
                    for (int i = 0; i < 20_000; i++) {
                        seen.add(generator.next());
                    }
                }));
            }
            for (Future<?> task : tasks) {
                task.get(60, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
        }

        assertThat(seen).hasSize(80_000);
    }
}
