package dev.conveyor.application;

import dev.conveyor.application.port.ActivityLog;
import dev.conveyor.application.port.StatsSamples;
import dev.conveyor.application.port.UnitOfWork;
import dev.conveyor.domain.QueueActivity;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.Map;

/**
 * Use case of monitoring: every queue's stats, counted by one instance for all, and every instance's activity.
 * Each instance calls {@link #sample()} on the same schedule. Each records the activity it counted since its last
 * call; the first to find the shared sample due counts every queue, stores the counts beside the earlier ones, and
 * forgets what is older than the history kept; the others read the latest. Counting reads every stored message, so
 * with several instances this keeps the cost of one count per interval.
 */
public final class QueueStatsSampler {
    private final InspectService inspect;
    private final StatsSamples samples;
    private final ActivityLog activityLog;
    private final ActivityCounter activity;
    private final UnitOfWork unitOfWork;
    private final InstantSource clock;
    private final StatsSchedule schedule;
    private final Duration maxAge;

    public QueueStatsSampler(
            InspectService inspect,
            StatsSamples samples,
            ActivityLog activityLog,
            ActivityCounter activity,
            UnitOfWork unitOfWork,
            InstantSource clock,
            StatsSchedule schedule) {
        this.inspect = inspect;
        this.samples = samples;
        this.activityLog = activityLog;
        this.activity = activity;
        this.unitOfWork = unitOfWork;
        this.clock = clock;
        this.schedule = schedule;
        // Not the whole interval: instances whose schedules drift apart must not each find the other's sample
        // just young enough and leave it to age past two intervals.
        this.maxAge = schedule.interval().multipliedBy(4).dividedBy(5);
    }

    /**
     * Records this instance's activity; takes a sample if one is due and nobody else is taking it; answers the
     * latest sample, whoever took it.
     */
    public StatsSamples.Sample sample() {
        Instant now = Now.of(clock);
        recordActivity(now);
        unitOfWork.inTransaction(() -> {
            if (samples.claim(now, maxAge)) {
                samples.add(now, inspect.statsOfAll());
                Instant forgotten = now.minus(schedule.kept());
                samples.forgetBefore(forgotten);
                activityLog.forgetBefore(forgotten);
            }
            return null;
        });
        return samples.latest();
    }

    private void recordActivity(Instant now) {
        Map<String, QueueActivity> counted = activity.drain();
        if (counted.isEmpty()) {
            return;
        }
        try {
            unitOfWork.inTransaction(() -> {
                activityLog.record(schedule.bucketOf(now), counted);
                return null;
            });
        } catch (RuntimeException e) {
            activity.restore(counted);
            throw e;
        }
    }
}
