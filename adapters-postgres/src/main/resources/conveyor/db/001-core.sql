--liquibase formatted sql

--changeset conveyor:001-topics
-- Names compare byte by byte (COLLATE "C"): lists come out in a predictable order, served by the primary keys.
CREATE TABLE topics (
    id         text        COLLATE "C" PRIMARY KEY,
    created_at timestamptz NOT NULL
);

--changeset conveyor:001-queues
CREATE TABLE queues (
    id                        text        COLLATE "C" PRIMARY KEY,
    ack_deadline_seconds      integer     NOT NULL,
    message_retention_seconds integer     NOT NULL,
    delivery_delay_seconds    integer     NOT NULL,
    max_deliveries            integer,
    -- No cascade: a queue named as another's dead-letter queue cannot be deleted.
    dead_letter_queue_id      text        COLLATE "C" REFERENCES queues (id),
    backoff_min_seconds       integer     NOT NULL,
    backoff_max_seconds       integer     NOT NULL,
    max_messages              bigint,
    created_at                timestamptz NOT NULL,
    updated_at                timestamptz NOT NULL
);
CREATE INDEX queues_dead_letter_queue_id ON queues (dead_letter_queue_id) WHERE dead_letter_queue_id IS NOT NULL;

--changeset conveyor:001-subscriptions
CREATE TABLE subscriptions (
    id              text        COLLATE "C" PRIMARY KEY,
    topic_id        text        COLLATE "C" NOT NULL REFERENCES topics (id) ON DELETE CASCADE,
    queue_id        text        COLLATE "C" NOT NULL REFERENCES queues (id) ON DELETE CASCADE,
    message_filters jsonb       NOT NULL DEFAULT '{}',
    created_at      timestamptz NOT NULL,
    CONSTRAINT subscriptions_topic_queue_key UNIQUE (topic_id, queue_id)
);
CREATE INDEX subscriptions_queue_id ON subscriptions (queue_id);

--changeset conveyor:001-messages
-- One row per copy of a message in a queue. visible_at is when the row can next be leased: publish time plus
-- delay, the end of the current lease, or the end of a nack's wait. lease_id names the latest delivery and is
-- kept after the lease ends, so a late ack still works until someone receives the message again.
CREATE TABLE messages (
    queue_id          text        COLLATE "C" NOT NULL REFERENCES queues (id) ON DELETE CASCADE,
    id                uuid        NOT NULL,
    body              text        NOT NULL,
    attributes        jsonb       NOT NULL DEFAULT '{}',
    label             text,
    delivery_attempts integer     NOT NULL DEFAULT 0,
    created_at        timestamptz NOT NULL,
    visible_at        timestamptz NOT NULL,
    lease_id          uuid,
    lease_expires_at  timestamptz,
    PRIMARY KEY (queue_id, id)
);
-- Receive scans only the rows of one queue that are visible now (visible_at <= now), oldest first: in-flight
-- and delayed rows sort after now, and other queues' rows sit under other keys, so neither adds to its cost.
CREATE INDEX messages_queue_visible ON messages (queue_id, visible_at, id);
-- The same for receives by label.
CREATE INDEX messages_queue_label_visible ON messages (queue_id, label, visible_at, id) WHERE label IS NOT NULL;
