--liquibase formatted sql

--changeset conveyor:003-stats-samples
-- The latest count of every queue's messages by state, taken by one server instance for all of them (see
-- JdbiStatsSamples). No foreign key to queues: a sample is replaced whole, and a queue deleted meanwhile
-- just drops out of the next one.
CREATE TABLE stats_samples (
    singleton  boolean     PRIMARY KEY DEFAULT true CHECK (singleton),
    sampled_at timestamptz NOT NULL
);

CREATE TABLE queue_stats_samples (
    queue_id                     text   COLLATE "C" PRIMARY KEY,
    available                    bigint NOT NULL,
    in_flight                    bigint NOT NULL,
    delayed                      bigint NOT NULL,
    oldest_available_age_seconds bigint
);
