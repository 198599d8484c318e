--liquibase formatted sql

--changeset conveyor:005-queue-statistics
-- No statistics for messages.queue_id: the planner takes every queue to hold a fixed share of the table as it
-- is when the statement is planned (0.5 %), which is never "a row or two" for a queue of thousands. With
-- statistics it learned how many rows each queue had at the last ANALYZE, and the queues that filled since
-- (autovacuum re-analyzes after a tenth of the table changed, a minute later at best) looked as small as they
-- were then: a table of many small queues, or of one queue that held everything, made a queue of 100,000
-- look like one row. A receive then read and sorted every visible message of the queue instead of walking
-- messages_queue_visible and stopping after max_messages; an ack's lookup by (queue_id, id) took
-- messages_queue_visible, where the id comes third, instead of the primary key, and read the whole queue
-- (the benchmark saw receives fall from 12,000 to under 40 messages/s for a minute). Overstating a small
-- queue costs nothing: its plans are a big queue's plans, index scans that stop early.
ALTER TABLE messages ALTER COLUMN queue_id SET STATISTICS 0;
