package dev.conveyor.application.fakes;

import dev.conveyor.application.port.MoveTaskStore;
import dev.conveyor.domain.MoveTask;
import dev.conveyor.domain.MoveTaskStatus;
import java.time.Instant;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/** Move tasks and their claims in a map, under one lock: the in-memory stand-in for the move tasks table. */
public final class InMemoryMoveTaskStore implements MoveTaskStore {
    private record Claim(String runner, Instant until) {}

    private final Map<UUID, MoveTask> tasks = new LinkedHashMap<>();
    private final Map<UUID, Claim> claims = new HashMap<>();

    @Override
    public synchronized boolean add(MoveTask task) {
        boolean busy = tasks.values().stream()
                .anyMatch(t -> t.sourceQueueId().equals(task.sourceQueueId())
                        && t.status().active());
        if (busy) {
            return false;
        }
        tasks.put(task.id(), task);
        return true;
    }

    @Override
    public synchronized Optional<MoveTask> find(UUID id) {
        return Optional.ofNullable(tasks.get(id));
    }

    @Override
    public synchronized List<MoveTask> recent(String sourceQueueId, Instant since, int max) {
        return tasks.values().stream()
                .filter(t -> t.sourceQueueId().equals(sourceQueueId)
                        && !t.startedAt().isBefore(since))
                .sorted(Comparator.comparing(MoveTask::startedAt)
                        .thenComparing(MoveTask::id)
                        .reversed())
                .limit(max)
                .toList();
    }

    @Override
    public synchronized Optional<MoveTask> cancel(UUID id) {
        MoveTask task = tasks.get(id);
        if (task == null || task.status() != MoveTaskStatus.RUNNING) {
            return Optional.empty();
        }
        MoveTask cancelling = task.cancelling();
        tasks.put(id, cancelling);
        return Optional.of(cancelling);
    }

    @Override
    public synchronized Optional<MoveTask> claim(String runner, Instant now, Instant until) {
        Optional<MoveTask> free = tasks.values().stream()
                .filter(t -> t.status().active())
                .filter(t -> !claims.containsKey(t.id())
                        || claims.get(t.id()).until().isBefore(now))
                .min(Comparator.comparing(MoveTask::startedAt));
        free.ifPresent(t -> claims.put(t.id(), new Claim(runner, until)));
        return free;
    }

    @Override
    public synchronized Optional<MoveTask> lockClaimed(UUID id, String runner) {
        Claim claim = claims.get(id);
        if (claim == null || !claim.runner().equals(runner)) {
            return Optional.empty();
        }
        return Optional.ofNullable(tasks.get(id));
    }

    @Override
    public synchronized void save(MoveTask task, String runner, Instant until) {
        Claim claim = claims.get(task.id());
        if (claim != null && claim.runner().equals(runner)) {
            tasks.put(task.id(), task);
            claims.put(task.id(), new Claim(runner, until));
        }
    }

    @Override
    public synchronized void release(UUID id, String runner) {
        Claim claim = claims.get(id);
        if (claim != null && claim.runner().equals(runner)) {
            claims.remove(id);
        }
    }

    @Override
    public synchronized int forgetEnded(Instant endedBefore) {
        List<UUID> old = tasks.values().stream()
                .filter(t -> t.finishedAt() != null && t.finishedAt().isBefore(endedBefore))
                .map(MoveTask::id)
                .toList();
        old.forEach(id -> {
            tasks.remove(id);
            claims.remove(id);
        });
        return old.size();
    }
}
