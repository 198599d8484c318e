package dev.conveyor.application;

import dev.conveyor.application.port.IdGenerator;
import java.time.InstantSource;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

/**
 * UUIDv7 ids (RFC 9562): 48 bits of Unix milliseconds from the clock, then a 12-bit counter that keeps ids
 * from one generator strictly increasing within a millisecond (method 1 of the RFC), then random bits.
 */
public final class UuidV7Generator implements IdGenerator {
    private static final int COUNTER_MAX = 0xFFF;

    private final InstantSource clock;
    private long lastMillis;
    private int counter;

    public UuidV7Generator(InstantSource clock) {
        this.clock = clock;
    }

    @Override
    public UUID next() {
        long millis;
        int sequence;
        synchronized (this) {
            millis = Math.max(clock.millis(), lastMillis);
            if (millis == lastMillis) {
                if (counter == COUNTER_MAX) {
                    // The counter ran out within one millisecond: borrow the next one, as the RFC allows.
                    millis++;
                    counter = ThreadLocalRandom.current().nextInt(COUNTER_MAX / 2);
                } else {
                    counter++;
                }
            } else {
                counter = ThreadLocalRandom.current().nextInt(COUNTER_MAX / 2);
            }
            lastMillis = millis;
            sequence = counter;
        }
        long high = (millis << 16) | 0x7000L | sequence;
        long low = (ThreadLocalRandom.current().nextLong() & 0x3FFFFFFFFFFFFFFFL) | 0x8000000000000000L;
        return new UUID(high, low);
    }
}
