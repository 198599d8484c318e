package dev.conveyor.postgres;

import dev.conveyor.application.port.MoveTaskStore;
import dev.conveyor.domain.MoveTask;
import dev.conveyor.domain.MoveTaskStatus;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.jdbi.v3.core.mapper.RowMapper;

/**
 * Message move tasks and their runners' claims in the {@code message_move_tasks} table. A claim is a lease
 * ({@code runner}, {@code claimed_until}) taken with {@code FOR UPDATE SKIP LOCKED}; every step of its runner
 * locks the row again, and only while the claim is still its own, so a runner that lost its claim stops.
 */
public final class JdbiMoveTaskStore implements MoveTaskStore {
    private static final String COLUMNS = """
      id, source_queue_id, destination_queue_id, max_per_second, status, moved, to_move, failure_reason,
      started_at, finished_at
      """;

    private static final RowMapper<MoveTask> TASK = (rs, ctx) -> new MoveTask(
            rs.getObject("id", UUID.class),
            rs.getString("source_queue_id"),
            rs.getString("destination_queue_id"),
            rs.getObject("max_per_second", Integer.class),
            MoveTaskStatus.valueOf(rs.getString("status")),
            rs.getLong("moved"),
            rs.getLong("to_move"),
            rs.getString("failure_reason"),
            Timestamps.read(rs, "started_at"),
            Timestamps.read(rs, "finished_at"));

    private final JdbiSession session;

    public JdbiMoveTaskStore(JdbiSession session) {
        this.session = session;
    }

    @Override
    public boolean add(MoveTask task) {
        // The partial unique index on the active tasks of a source decides, even between two instances at once.
        return session.withHandle(h -> h.createUpdate("""
                INSERT INTO message_move_tasks (%s)
                VALUES (:id, :source, :destination, :maxPerSecond, :status, :moved, :toMove, :failureReason,
                        :startedAt, :finishedAt)
                ON CONFLICT (source_queue_id) WHERE status IN ('RUNNING', 'CANCELLING') DO NOTHING
                """.formatted(COLUMNS))
                        .bind("id", task.id())
                        .bind("source", task.sourceQueueId())
                        .bind("destination", task.destinationQueueId())
                        .bind("maxPerSecond", task.maxPerSecond())
                        .bind("status", task.status().name())
                        .bind("moved", task.moved())
                        .bind("toMove", task.toMove())
                        .bind("failureReason", task.failureReason())
                        .bind("startedAt", Timestamps.bind(task.startedAt()))
                        .bind("finishedAt", Timestamps.bind(task.finishedAt()))
                        .execute())
                > 0;
    }

    @Override
    public Optional<MoveTask> find(UUID id) {
        return session.withHandle(h -> h.createQuery("SELECT " + COLUMNS + " FROM message_move_tasks WHERE id = :id")
                .bind("id", id)
                .map(TASK)
                .findOne());
    }

    @Override
    public List<MoveTask> recent(String sourceQueueId, Instant since, int max) {
        // message_move_tasks_by_source: the newest first, read backwards from the index.
        return session.withHandle(h -> h.createQuery("""
                SELECT %s FROM message_move_tasks
                WHERE source_queue_id = :source AND started_at >= :since
                ORDER BY started_at DESC, id DESC
                LIMIT :max
                """.formatted(COLUMNS))
                .bind("source", sourceQueueId)
                .bind("since", Timestamps.bind(since))
                .bind("max", max)
                .map(TASK)
                .list());
    }

    @Override
    public Optional<MoveTask> cancel(UUID id) {
        // Waits for a step holding the row (one page, milliseconds), then sees the status that step left.
        return session.withHandle(h ->
                h.createQuery("""
                UPDATE message_move_tasks SET status = 'CANCELLING'
                WHERE id = :id AND status = 'RUNNING'
                RETURNING %s
                """.formatted(COLUMNS)).bind("id", id).map(TASK).findOne());
    }

    @Override
    public Optional<MoveTask> claim(String runner, Instant now, Instant until) {
        // SKIP LOCKED: two instances looking at once take different tasks (or one takes it and the other none),
        // and neither waits for a task whose runner is in the middle of a step. message_move_tasks_claimable
        // holds only the active tasks.
        return session.withHandle(h -> h.createQuery("""
                UPDATE message_move_tasks SET runner = :runner, claimed_until = :until
                WHERE id = (
                    SELECT id FROM message_move_tasks
                    WHERE status IN ('RUNNING', 'CANCELLING') AND (claimed_until IS NULL OR claimed_until < :now)
                    ORDER BY started_at
                    LIMIT 1
                    FOR UPDATE SKIP LOCKED)
                RETURNING %s
                """.formatted(COLUMNS))
                .bind("runner", runner)
                .bind("now", Timestamps.bind(now))
                .bind("until", Timestamps.bind(until))
                .map(TASK)
                .findOne());
    }

    @Override
    public Optional<MoveTask> lockClaimed(UUID id, String runner) {
        // Held until the step's transaction ends: a cancel, or another runner's claim once this one's ran out,
        // waits for the page and its count to commit together.
        return session.withHandle(h -> h.createQuery("""
                SELECT %s FROM message_move_tasks WHERE id = :id AND runner = :runner FOR UPDATE
                """.formatted(COLUMNS))
                .bind("id", id)
                .bind("runner", runner)
                .map(TASK)
                .findOne());
    }

    @Override
    public void save(MoveTask task, String runner, Instant until) {
        session.withHandle(h -> h.createUpdate("""
                UPDATE message_move_tasks
                SET status = :status, moved = :moved, failure_reason = :failureReason, finished_at = :finishedAt,
                    claimed_until = :until
                WHERE id = :id AND runner = :runner
                """)
                .bind("id", task.id())
                .bind("runner", runner)
                .bind("status", task.status().name())
                .bind("moved", task.moved())
                .bind("failureReason", task.failureReason())
                .bind("finishedAt", Timestamps.bind(task.finishedAt()))
                .bind("until", Timestamps.bind(until))
                .execute());
    }

    @Override
    public void release(UUID id, String runner) {
        session.withHandle(
                h -> h.createUpdate("""
                UPDATE message_move_tasks SET runner = NULL, claimed_until = NULL WHERE id = :id AND runner = :runner
                """).bind("id", id).bind("runner", runner).execute());
    }

    @Override
    public int forgetEnded(Instant endedBefore) {
        return session.withHandle(h -> h.createUpdate("DELETE FROM message_move_tasks WHERE finished_at < :before")
                .bind("before", Timestamps.bind(endedBefore))
                .execute());
    }
}
