--liquibase formatted sql

--changeset conveyor:007-dead-letter-origin
-- Where a dead letter came from: the queue it was moved out of, why (a DeadLetterReason code) and when. Set
-- together by the statement that dead-letters a row, cleared together by a redrive, NULL on every other row.
-- Nullable without a default, so adding them rewrites nothing: existing rows read them as NULL. A NULL takes a
-- bit of the row's null bitmap and no other space; most rows have that bitmap already (no label, or never
-- leased), the others (a labelled message under a lease) gain it, 8 bytes after alignment. No index: a
-- redrive back to the sources reads the column only from the rows it picks through the primary key.
-- No foreign key either: a dead letter keeps naming its source after that queue is deleted (a redrive then
-- reports it as missing), and a key would make each delete of a queue search every dead-letter queue.
ALTER TABLE messages
    ADD COLUMN dead_letter_source_queue_id text COLLATE "C",
    ADD COLUMN dead_letter_reason          text,
    ADD COLUMN dead_lettered_at            timestamptz,
    -- NOT VALID: every existing row passes (all three are NULL), so there is nothing to scan for; new and
    -- updated rows are checked all the same.
    ADD CONSTRAINT messages_dead_letter_origin_whole CHECK (
        (dead_letter_source_queue_id IS NULL) = (dead_letter_reason IS NULL)
        AND (dead_letter_reason IS NULL) = (dead_lettered_at IS NULL)
    ) NOT VALID;
