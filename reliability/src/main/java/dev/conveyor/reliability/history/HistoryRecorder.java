package dev.conveyor.reliability.history;

import java.util.List;
import java.util.Objects;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * Collects the events of one run from any number of client threads.
 *
 * <p>Clients record each call once its answer (or its failure) is in; the order in which events arrive here does
 * not matter, as the checker orders what it needs by the times and counts the events carry.
 */
public final class HistoryRecorder {
    private final ConcurrentLinkedQueue<Event> events = new ConcurrentLinkedQueue<>();

    public void record(Event event) {
        events.add(Objects.requireNonNull(event, "event"));
    }

    /** What has been recorded so far. */
    public List<Event> events() {
        return List.copyOf(events);
    }

    public History history(Scenario scenario) {
        return new History(scenario, events());
    }
}
