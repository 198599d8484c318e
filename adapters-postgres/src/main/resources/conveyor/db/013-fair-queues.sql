--liquibase formatted sql

--changeset conveyor:013-fair-queues
-- Fair queues: a standard queue's messages with a group_id are served by group, in turns (see FairLeases), so one
-- group's backlog cannot hold back the others. Their groups get rows in message_groups as FIFO groups do, with
-- the same rule: available_at is never later than the moment the group could next be delivered.
--
-- turn breaks ties between groups due at the same moment: a receive takes the due groups by (available_at,
-- turn), and a group it served goes to the back of the line with a fresh turn. A sequence, not a clock: the
-- order must hold when several groups are due at one instant.
CREATE SEQUENCE message_group_turns;
ALTER TABLE message_groups ADD COLUMN turn bigint NOT NULL DEFAULT nextval('message_group_turns');
DROP INDEX message_groups_queue_available;
CREATE INDEX message_groups_queue_due ON message_groups (queue_id, available_at, turn);

-- The receive of messages without a group reads messages_queue_visible; grouped messages (FIFO and fair) are
-- found through their groups instead, so the index leaves them out: a receive never steps over a group's
-- backlog to reach the messages without one, and grouped messages cost one index fewer to store.
DROP INDEX messages_queue_visible;
CREATE INDEX messages_queue_visible ON messages (queue_id, visible_at, id) WHERE group_id IS NULL;
-- A fair group's messages, visible first: a receive reads the few it takes from each group through it.
CREATE INDEX messages_queue_group_visible ON messages (queue_id, group_id, visible_at)
    WHERE group_id IS NOT NULL AND sequence_number IS NULL;

-- Grouped messages stored in standard queues before this change had no group rows: give them theirs.
INSERT INTO message_groups (queue_id, group_id, available_at)
SELECT m.queue_id, m.group_id, min(m.visible_at)
FROM messages m JOIN queues q ON q.id = m.queue_id AND NOT q.fifo
WHERE m.group_id IS NOT NULL
GROUP BY m.queue_id, m.group_id
ON CONFLICT (queue_id, group_id) DO NOTHING;
