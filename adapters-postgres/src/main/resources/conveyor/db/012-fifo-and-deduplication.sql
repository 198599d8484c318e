--liquibase formatted sql

--changeset conveyor:012-fifo-queues
-- FIFO queues and deduplication settings (see QueueSettings). last_sequence_number is the sequence number last
-- given to a message of the queue: a publish (or a move) into a FIFO queue raises it under the queue row's lock,
-- so numbers increase in commit order and a group's messages are delivered in the order they were numbered.
-- Constant defaults: PostgreSQL adds these without rewriting the table.
ALTER TABLE queues
    ADD COLUMN fifo                         boolean NOT NULL DEFAULT false,
    ADD COLUMN content_based_deduplication  boolean NOT NULL DEFAULT false,
    ADD COLUMN deduplication_window_seconds integer NOT NULL DEFAULT 300,
    ADD COLUMN deduplication_scope          text    NOT NULL DEFAULT 'queue'
        CHECK (deduplication_scope IN ('queue', 'message_group')),
    ADD COLUMN fifo_throughput_limit        text    NOT NULL DEFAULT 'per_queue'
        CHECK (fifo_throughput_limit IN ('per_queue', 'per_message_group_id')),
    ADD COLUMN last_sequence_number         bigint  NOT NULL DEFAULT 0;

--changeset conveyor:012-message-groups
-- group_id: the message group, NULL when none. sequence_number: the message's place in its FIFO queue, NULL in a
-- standard queue. Nullable without defaults: no rewrite, and a NULL costs a bit of the null bitmap.
ALTER TABLE messages
    ADD COLUMN group_id        text COLLATE "C",
    ADD COLUMN sequence_number bigint;
-- A group's messages in order: the FIFO lease reads a group's first messages through it. Partial: messages
-- without a group (every standard queue's, most of the table) add nothing to it.
CREATE INDEX messages_queue_group_sequence ON messages (queue_id, group_id, sequence_number)
    WHERE group_id IS NOT NULL;
-- Whether a group has a message under a lease: the FIFO lease reads the lease ends still to come. Only grouped
-- messages that were ever leased are in it (a nack clears lease_expires_at), a few per group.
CREATE INDEX messages_queue_group_leases ON messages (queue_id, group_id, lease_expires_at)
    WHERE group_id IS NOT NULL AND lease_expires_at IS NOT NULL;

-- One row per message group of a FIFO queue that holds (or held until lately) messages. available_at is never
-- later than the moment the group could next be delivered: a receive looks only at groups whose available_at
-- has passed (through message_groups_queue_available, so a blocked group's messages are never scanned), checks
-- the group's messages under the row's lock, and moves available_at to when the group can next be delivered
-- (the end of its lease), or deletes the row of a group found empty. Whatever makes a group deliverable
-- earlier (an ack, a nack, a release, a publish, a message moved in or out) lowers available_at in the same
-- transaction. The row lock is what lets one receive at a time, on any instance, lease a group's messages.
CREATE TABLE message_groups (
    queue_id     text        COLLATE "C" NOT NULL REFERENCES queues (id) ON DELETE CASCADE,
    group_id     text        COLLATE "C" NOT NULL,
    available_at timestamptz NOT NULL,
    PRIMARY KEY (queue_id, group_id)
);
CREATE INDEX message_groups_queue_available ON message_groups (queue_id, available_at);

--changeset conveyor:012-deduplications
-- The deduplication ids seen within their window, per publish target: a queue or a topic ('queue' or 'topic'
-- in target_kind), and a message group for FIFO queues deduplicating per group ('' otherwise). The row answers a
-- duplicate: the first publish's message id, the queues it went to and its sequence number. Inserted in the
-- publish's transaction, so a publish whose answer was lost (a timeout, a crash after the commit) finds it when
-- retried; rows past expires_at no longer count, are replaced by the next publish of their id, and are deleted
-- by the cleanup through deduplications_expires_at. Queue and topic deletes drop theirs.
CREATE TABLE deduplications (
    target_kind      text        NOT NULL CHECK (target_kind IN ('queue', 'topic')),
    target_id        text        COLLATE "C" NOT NULL,
    group_id         text        COLLATE "C" NOT NULL,
    deduplication_id text        COLLATE "C" NOT NULL,
    message_id       uuid        NOT NULL,
    queue_ids        text[]      COLLATE "C" NOT NULL,
    sequence_number  bigint,
    expires_at       timestamptz NOT NULL,
    PRIMARY KEY (target_kind, target_id, group_id, deduplication_id)
);
CREATE INDEX deduplications_expires_at ON deduplications (expires_at);
