--liquibase formatted sql

--changeset conveyor:005-lease-function splitStatements:false
-- The lease of a receive, as a function so that it can carry its own planner setting. A receive has one right
-- plan: walk messages_queue_visible (or messages_queue_label_visible) in order and stop after p_max rows. The
-- planner may pick another when its estimate of the queue's rows is small: a plan is kept per connection
-- (generic, see PostgresStore) and its estimate is the table's rows over the number of queues, so a queue
-- that grew since the last ANALYZE, or one big queue among many small ones, looked like a few rows, and it
-- chose a bitmap scan and a sort of every visible message of the queue, for each receive (seconds each,
-- measured with 200,000 messages). enable_sort = off leaves the ordered index scan as the only plan without a
-- sort; it applies inside this function only.
CREATE FUNCTION lease_messages(
    p_queue_id       text,
    p_label          text,
    p_max_deliveries integer,
    p_max            integer,
    p_now            timestamptz,
    p_lease_end      timestamptz,
    p_created_after  timestamptz)
RETURNS TABLE (
    id                uuid,
    queue_id          text,
    body              text,
    attributes        text,
    label             text,
    delivery_attempts integer,
    created_at        timestamptz,
    visible_at        timestamptz,
    lease_id          uuid,
    lease_expires_at  timestamptz,
    available_since   timestamptz)
LANGUAGE plpgsql
SET enable_sort = off
AS $$
#variable_conflict use_column
DECLARE
    picked_queue_ids text[];
    picked_ids uuid[];
    picked_visible_at timestamptz[];
BEGIN
    -- Two picks, not one with "p_label IS NULL OR ...": each keeps a plan that uses its index. Exhausted rows
    -- (delivery_attempts >= p_max_deliveries) are skipped here and moved out by the retire statements, which
    -- find them through messages_queue_attempts. SKIP LOCKED: concurrent receivers each take different rows
    -- instead of queueing behind one another; a row locked by another receiver is being leased by it and will
    -- not be visible after it commits. The locks last until the caller's transaction ends.
    IF p_label IS NULL THEN
        SELECT array_agg(m.queue_id), array_agg(m.id), array_agg(m.visible_at)
        INTO picked_queue_ids, picked_ids, picked_visible_at
        FROM (SELECT queue_id, id, visible_at FROM messages
              WHERE queue_id = p_queue_id AND visible_at <= p_now AND created_at > p_created_after
                AND (p_max_deliveries IS NULL OR delivery_attempts < p_max_deliveries)
              ORDER BY visible_at, id LIMIT p_max FOR UPDATE SKIP LOCKED) m;
    ELSE
        SELECT array_agg(m.queue_id), array_agg(m.id), array_agg(m.visible_at)
        INTO picked_queue_ids, picked_ids, picked_visible_at
        FROM (SELECT queue_id, id, visible_at FROM messages
              WHERE queue_id = p_queue_id AND label = p_label AND visible_at <= p_now AND created_at > p_created_after
                AND (p_max_deliveries IS NULL OR delivery_attempts < p_max_deliveries)
              ORDER BY visible_at, id LIMIT p_max FOR UPDATE SKIP LOCKED) m;
    END IF;
    -- Joined on the whole primary key, the queue id coming with each row (as the receipt statements do): a
    -- filter on p_queue_id alone would let the planner weigh reading the queue again.
    RETURN QUERY
    UPDATE messages m
    SET visible_at = p_lease_end,
        lease_expires_at = p_lease_end,
        lease_id = gen_random_uuid(),
        delivery_attempts = m.delivery_attempts + 1
    FROM unnest(picked_queue_ids, picked_ids, picked_visible_at) AS picked(queue_id, id, visible_at)
    WHERE m.queue_id = picked.queue_id AND m.id = picked.id
    RETURNING m.id, m.queue_id, m.body, m.attributes::text, m.label, m.delivery_attempts, m.created_at,
              m.visible_at, m.lease_id, m.lease_expires_at, picked.visible_at;
END
$$;
