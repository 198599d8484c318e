--liquibase formatted sql

--changeset conveyor:002-messages-attempts
-- Finds the messages whose deliveries are used up (delivery_attempts >= a queue's max_deliveries) without
-- visiting the rest of the queue: the cleanup and each receive of a bounded queue look here.
CREATE INDEX messages_queue_attempts ON messages (queue_id, delivery_attempts, visible_at) WHERE delivery_attempts > 0;
