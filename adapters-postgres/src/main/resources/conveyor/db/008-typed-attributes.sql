--liquibase formatted sql

--changeset conveyor:008-typed-attributes
-- What an SQS client sends beside a body, kept so that it gets back exactly what it sent:
-- attribute_types: the data types of typed attributes ({"price": "Number.float", "blob": "Binary"}); the values
--   stay in attributes, as sent (a Binary as its base64 text), so filters and /v1 read them unchanged. Only the
--   types other than a plain String are kept, so most rows (published through /v1) hold NULL here.
-- trace_header: the AWSTraceHeader system attribute, NULL when none.
-- first_delivered_at: when the message was first leased from this queue (SQS's ApproximateFirstReceiveTimestamp);
--   set once by the lease statement, cleared when the row moves to another queue with its attempts.
-- Nullable without a default, so adding them rewrites nothing (existing rows read NULL) and a NULL takes only a
-- bit of the row's null bitmap. No index: they are only read from rows found by other means.
ALTER TABLE messages
    ADD COLUMN attribute_types    jsonb,
    ADD COLUMN trace_header       text,
    ADD COLUMN first_delivered_at timestamptz;
