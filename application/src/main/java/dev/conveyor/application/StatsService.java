package dev.conveyor.application;

import dev.conveyor.application.port.ActivityLog;
import dev.conveyor.application.port.QueueRepository;
import dev.conveyor.application.port.StatsSamples;
import dev.conveyor.domain.Page;
import dev.conveyor.domain.Queue;
import dev.conveyor.domain.QueueActivity;
import dev.conveyor.domain.QueueRates;
import dev.conveyor.domain.QueueStats;
import dev.conveyor.domain.StatsPoint;
import dev.conveyor.domain.StatsWindow;
import dev.conveyor.domain.TimedActivity;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Use cases of watching queues: the latest stats of many queues with their rates, and their history. All of it is
 * read from the samples and activity the instances keep ({@link QueueStatsSampler}), never counted from the
 * messages, so it costs the same with five messages stored or five million.
 */
public final class StatsService {
    private final QueueRepository queues;
    private final StatsSamples samples;
    private final ActivityLog activity;
    private final InstantSource clock;
    private final StatsSchedule schedule;

    public StatsService(
            QueueRepository queues,
            StatsSamples samples,
            ActivityLog activity,
            InstantSource clock,
            StatsSchedule schedule) {
        this.queues = queues;
        this.samples = samples;
        this.activity = activity;
        this.clock = clock;
        this.schedule = schedule;
    }

    /** A page of the queues, by name, each with its latest sampled counts and its recent rates. */
    public Overview overview(Page page) {
        List<String> ids = queues.list(page).stream().map(Queue::id).toList();
        StatsSamples.Sample latest = samples.latest();
        Map<String, QueueStats> sampled =
                latest.stats().stream().collect(Collectors.toMap(QueueStats::queueId, Function.identity()));
        Instant end = schedule.bucketOf(Now.of(clock));
        Duration window = schedule.rateWindow();
        Map<String, List<TimedActivity>> recent = activity.between(ids, end.minus(window), end);
        List<QueueOverview> rows = ids.stream()
                .map(id -> {
                    QueueStats stats = sampled.get(id);
                    QueueActivity sum = recent.getOrDefault(id, List.of()).stream()
                            .map(TimedActivity::activity)
                            .reduce(QueueActivity.NONE, QueueActivity::plus);
                    return new QueueOverview(id, stats == null ? null : latest.sampledAt(), stats, sum.per(window));
                })
                .toList();
        return new Overview(schedule.interval(), window, rows);
    }

    /** One queue's history over the window asked for (see {@link StatsWindow#ending}). */
    public QueueHistory history(String queueId, Long windowSeconds, Long stepSeconds) {
        queues.require(queueId);
        return histories(List.of(queueId), window(windowSeconds, stepSeconds)).get(0);
    }

    /** The history of a page of the queues, by name, all over the same window. */
    public Histories histories(Page page, Long windowSeconds, Long stepSeconds) {
        StatsWindow window = window(windowSeconds, stepSeconds);
        return new Histories(
                window, histories(queues.list(page).stream().map(Queue::id).toList(), window));
    }

    private StatsWindow window(Long windowSeconds, Long stepSeconds) {
        return StatsWindow.ending(Now.of(clock), windowSeconds, stepSeconds, schedule.kept(), schedule.interval());
    }

    private List<QueueHistory> histories(List<String> ids, StatsWindow window) {
        var sampled = samples.between(ids, window.from(), window.to());
        var recorded = activity.between(ids, window.from(), window.to());
        return ids.stream()
                .map(id -> new QueueHistory(
                        id,
                        window,
                        window.timeline(sampled.getOrDefault(id, List.of()), recorded.getOrDefault(id, List.of()))))
                .toList();
    }

    /**
     * @param interval how often samples are taken and activity recorded
     * @param rateWindow the time the rates are averaged over
     */
    public record Overview(Duration interval, Duration rateWindow, List<QueueOverview> queues) {}

    /** A queue's latest sampled counts ({@code stats} and {@code sampledAt} null before its first sample). */
    public record QueueOverview(String queueId, Instant sampledAt, QueueStats stats, QueueRates rates) {}

    public record QueueHistory(String queueId, StatsWindow window, List<StatsPoint> points) {}

    public record Histories(StatsWindow window, List<QueueHistory> queues) {}
}
