package dev.conveyor.domain;

import java.time.Duration;

/** How many of a queue's messages went through each event over some time, as counted by the server instances. */
public record QueueActivity(long published, long received, long acked, long nacked, long deadLettered, long expired) {
    public static final QueueActivity NONE = new QueueActivity(0, 0, 0, 0, 0, 0);

    public QueueActivity {
        if (published < 0 || received < 0 || acked < 0 || nacked < 0 || deadLettered < 0 || expired < 0) {
            throw new IllegalArgumentException("counts of activity cannot be negative");
        }
    }

    public QueueActivity plus(QueueActivity other) {
        return new QueueActivity(
                published + other.published,
                received + other.received,
                acked + other.acked,
                nacked + other.nacked,
                deadLettered + other.deadLettered,
                expired + other.expired);
    }

    public boolean isNone() {
        return equals(NONE);
    }

    /** This activity spread over {@code period}: messages per second. */
    public QueueRates per(Duration period) {
        double seconds = period.toMillis() / 1000.0;
        if (seconds <= 0) {
            throw new IllegalArgumentException("a rate needs a period longer than zero");
        }
        return new QueueRates(
                published / seconds,
                received / seconds,
                acked / seconds,
                nacked / seconds,
                deadLettered / seconds,
                expired / seconds);
    }
}
