--liquibase formatted sql

--changeset conveyor:014-stats-history
-- The samples of every queue's stats are kept, as the queues' history (for monitoring.statsHistory, 24 h by
-- default), instead of only the latest; the latest is found by its time. The one sample there was is dropped: the
-- next is taken within an interval. No foreign key to queues: a deleted queue's history ages out with the rest.
DROP TABLE queue_stats_samples;
DROP TABLE stats_samples;

CREATE TABLE stats_samples (
    sampled_at timestamptz PRIMARY KEY
);

CREATE TABLE queue_stats_samples (
    queue_id                     text        COLLATE "C" NOT NULL,
    sampled_at                   timestamptz NOT NULL,
    available                    bigint      NOT NULL,
    in_flight                    bigint      NOT NULL,
    delayed                      bigint      NOT NULL,
    oldest_available_age_seconds bigint,
    -- A queue's history is read by queue and time.
    PRIMARY KEY (queue_id, sampled_at)
);
-- The latest sample of every queue is read by time, in queue order; old samples are forgotten by time.
CREATE INDEX queue_stats_samples_sampled_at ON queue_stats_samples (sampled_at, queue_id);

-- What happened to each queue's messages, per bucket of one sampling interval: every server instance adds what it
-- counted since its last recording, so the sums hold for the whole service. Rates and their history come from here.
CREATE TABLE queue_activity (
    queue_id      text        COLLATE "C" NOT NULL,
    bucket        timestamptz NOT NULL,
    published     bigint      NOT NULL,
    received      bigint      NOT NULL,
    acked         bigint      NOT NULL,
    nacked        bigint      NOT NULL,
    dead_lettered bigint      NOT NULL,
    expired       bigint      NOT NULL,
    PRIMARY KEY (queue_id, bucket)
);
CREATE INDEX queue_activity_bucket ON queue_activity (bucket);
