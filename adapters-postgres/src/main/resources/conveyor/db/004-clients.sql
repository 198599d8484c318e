--liquibase formatted sql

--changeset conveyor:004-clients
-- API clients (see JdbiClientRepository). The primary key serves find, update and delete by id, and lists,
-- which are ordered by id.
CREATE TABLE clients (
    id            uuid        PRIMARY KEY,
    name          text        NOT NULL,
    -- The canonical form of the scopes (sorted, space-separated): they are only ever read and written whole,
    -- never searched, so one text column is enough and equal sets are stored alike.
    scopes        text        NOT NULL,
    is_active     boolean     NOT NULL,
    -- Goes up at every change of the client; tokens carrying an older version stop working.
    token_version bigint      NOT NULL,
    -- The HMAC-SHA-256 of the secret under the server's key, never the secret itself; only the credential
    -- check selects it.
    secret_hash   bytea       NOT NULL,
    created_at    timestamptz NOT NULL,
    updated_at    timestamptz NOT NULL
);
