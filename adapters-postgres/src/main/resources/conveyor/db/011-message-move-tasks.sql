--liquibase formatted sql

--changeset conveyor:011-message-move-tasks
-- Message move tasks (see JdbiMoveTaskStore): a redrive of a dead-letter queue run in the background, kept here
-- so that any instance lists and cancels it, and so that exactly one runner moves its messages.
-- No foreign keys: a task outlives its queues. A deleted destination fails the task at its runner's next step,
-- a deleted source likewise; their rows stay, ended, for the 14 days every ended task is kept, and a queue
-- created later under the same name does not list them (its list starts at its own creation). A key would
-- also make every delete of a queue search this table.
CREATE TABLE message_move_tasks (
    id                   uuid        PRIMARY KEY,
    source_queue_id      text        COLLATE "C" NOT NULL,
    -- NULL: each message goes back to the queue it was dead-lettered from.
    destination_queue_id text        COLLATE "C",
    max_per_second       integer     CHECK (max_per_second BETWEEN 1 AND 500),
    status               text        NOT NULL
        CHECK (status IN ('RUNNING', 'CANCELLING', 'CANCELLED', 'COMPLETED', 'FAILED')),
    moved                bigint      NOT NULL CHECK (moved >= 0),
    to_move              bigint      NOT NULL CHECK (to_move >= 0),
    failure_reason       text,
    started_at           timestamptz NOT NULL,
    finished_at          timestamptz,
    -- The claim: which runner (an instance's worker) runs the task, and until when unless it renews the claim
    -- at its next step. NULL until first claimed.
    runner               text,
    claimed_until        timestamptz,
    CONSTRAINT message_move_tasks_failure_reason CHECK ((failure_reason IS NOT NULL) = (status = 'FAILED')),
    CONSTRAINT message_move_tasks_finished_at
        CHECK ((finished_at IS NULL) = (status IN ('RUNNING', 'CANCELLING')))
);

-- At most one active task per source queue: StartMessageMoveTask's rule, held by the database so that two
-- instances starting one at once cannot both succeed (the second insert does nothing, ON CONFLICT).
CREATE UNIQUE INDEX message_move_tasks_one_active_per_source
    ON message_move_tasks (source_queue_id)
    WHERE status IN ('RUNNING', 'CANCELLING');

-- ListMessageMoveTasks: a source's most recent tasks first.
CREATE INDEX message_move_tasks_by_source ON message_move_tasks (source_queue_id, started_at DESC);

-- The runners' look for a task to claim, every few seconds on every instance: only active tasks, a handful.
CREATE INDEX message_move_tasks_claimable ON message_move_tasks (claimed_until) WHERE status IN ('RUNNING', 'CANCELLING');

-- The cleanup of ended tasks.
CREATE INDEX message_move_tasks_ended ON message_move_tasks (finished_at) WHERE finished_at IS NOT NULL;
