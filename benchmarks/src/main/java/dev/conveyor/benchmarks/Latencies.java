package dev.conveyor.benchmarks;

import java.util.Arrays;

/** Every sample of one thread, in microseconds: all are kept, so the percentiles drawn from them are exact. */
final class Latencies {
    private long[] micros = new long[1 << 14];
    private int size;

    void add(long micros) {
        if (size == this.micros.length) {
            this.micros = Arrays.copyOf(this.micros, size * 2);
        }
        this.micros[size++] = micros;
    }

    int size() {
        return size;
    }

    /** All the threads' samples in one sorted array. */
    static long[] sorted(Iterable<Latencies> parts) {
        int total = 0;
        for (Latencies part : parts) {
            total += part.size;
        }
        long[] all = new long[total];
        int at = 0;
        for (Latencies part : parts) {
            System.arraycopy(part.micros, 0, all, at, part.size);
            at += part.size;
        }
        Arrays.sort(all);
        return all;
    }
}
