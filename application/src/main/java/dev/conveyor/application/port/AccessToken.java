package dev.conveyor.application.port;

import java.time.Instant;
import java.util.UUID;

/**
 * What an access token says: which client, with which scopes, at which version of the client, and when it
 * was issued and ends.
 */
public record AccessToken(UUID clientId, String scope, long tokenVersion, Instant issuedAt, Instant expiresAt) {}
