--liquibase formatted sql

--changeset conveyor:009-queue-sqs-settings
-- The queue settings and metadata the SQS endpoint maps its queue attributes onto, visible through /v1 too:
-- receive_wait_seconds, the wait of a receive that names none (ReceiveMessageWaitTimeSeconds);
-- max_message_bytes, the largest body the queue takes (MaximumMessageSize, within the contract's 256 KiB);
-- allowed_dead_letter_sources, which queues may name this one as their dead-letter queue (RedriveAllowPolicy):
-- NULL any, an empty array none, otherwise those listed (no foreign key: SQS lets a policy name a queue that does
-- not exist yet); tags, the queue's key-value tags (TagQueue); purged_at, the last purge through PurgeQueue, so
-- that its once-a-minute rule holds across instances.
-- Constant defaults and nullable columns: PostgreSQL adds them without rewriting the table.
ALTER TABLE queues
    ADD COLUMN receive_wait_seconds        integer NOT NULL DEFAULT 0,
    ADD COLUMN max_message_bytes           integer NOT NULL DEFAULT 262144,
    ADD COLUMN allowed_dead_letter_sources text[]  COLLATE "C",
    ADD COLUMN tags                        jsonb   NOT NULL DEFAULT '{}',
    ADD COLUMN purged_at                   timestamptz;
