package dev.conveyor.application;

import dev.conveyor.application.port.StatsSamples;
import dev.conveyor.application.port.UnitOfWork;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;

/**
 * Use case of monitoring: every queue's stats, counted by one instance for all. Each instance calls
 * {@link #sample()} on the same schedule; the first to find the shared sample due counts every queue and
 * stores the counts, and the others read them. Counting reads every stored message, so with several
 * instances this keeps the cost of one count per interval.
 */
public final class QueueStatsSampler {
    private final InspectService inspect;
    private final StatsSamples samples;
    private final UnitOfWork unitOfWork;
    private final InstantSource clock;
    private final Duration maxAge;

    /** @param interval how often the instances call {@link #sample()}; a sample younger than most of it is kept */
    public QueueStatsSampler(
            InspectService inspect,
            StatsSamples samples,
            UnitOfWork unitOfWork,
            InstantSource clock,
            Duration interval) {
        this.inspect = inspect;
        this.samples = samples;
        this.unitOfWork = unitOfWork;
        this.clock = clock;
        // Not the whole interval: instances whose schedules drift apart must not each find the other's sample
        // just young enough and leave it to age past two intervals.
        this.maxAge = interval.multipliedBy(4).dividedBy(5);
    }

    /** Takes a sample if one is due and nobody else is taking it; answers the latest sample, whoever took it. */
    public StatsSamples.Sample sample() {
        Instant now = Now.of(clock);
        unitOfWork.inTransaction(() -> {
            if (samples.claim(now, maxAge)) {
                samples.replace(now, inspect.statsOfAll());
            }
            return null;
        });
        return samples.latest();
    }
}
