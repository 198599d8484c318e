--liquibase formatted sql

--changeset conveyor:010-client-sealed-secret
-- The client's secret sealed with AES-256-GCM under a key derived from the server's key (ClientSecrets.seal), for
-- AWS Signature Version 4 on the SQS endpoint, which needs the secret itself where a hash cannot do. Never the
-- secret in the clear. Null for clients made before this column: they sign nothing until they get a new secret.
-- Only the signature check selects it, by primary key.
ALTER TABLE clients ADD COLUMN sealed_secret bytea;
