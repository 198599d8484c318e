--liquibase formatted sql

--changeset conveyor:006-messages-autovacuum
-- Every lease and every ack leaves a dead row version in messages (a lease changes visible_at, which is
-- indexed, so no update is HOT), and a receive walks the visibility index past the dead entries that vacuum
-- has not cleared yet. PostgreSQL's defaults vacuum a table once a fifth of it is dead: on a queue of a million
-- messages, 200,000 dead versions at the head of the index before the first vacuum. Here: once 1 % (plus 1,000
-- rows) is dead, without the cost-based pauses that make vacuum of a busy table fall behind.
ALTER TABLE messages SET (
    autovacuum_vacuum_scale_factor = 0.01,
    autovacuum_vacuum_threshold = 1000,
    autovacuum_vacuum_insert_scale_factor = 0.05,
    autovacuum_analyze_scale_factor = 0.02,
    autovacuum_vacuum_cost_delay = 0
);
