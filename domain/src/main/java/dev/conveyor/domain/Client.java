package dev.conveyor.domain;

import java.time.Instant;
import java.util.UUID;

/**
 * An API client: who may get access tokens, and what they allow. Its secret is not here: only a keyed hash of
 * it is ever stored, beside the client.
 *
 * @param tokenVersion goes up at every change of the client: tokens carrying an older version stop working
 */
public record Client(
        UUID id, String name, Scopes scopes, boolean active, long tokenVersion, Instant createdAt, Instant updatedAt) {
    public static final int MAX_NAME = 200;

    public Client {
        Violations v = new Violations();
        v.check(id != null, "id is required");
        v.check(
                name != null
                        && !name.isBlank()
                        && name.length() <= MAX_NAME
                        && name.codePoints().noneMatch(Character::isISOControl),
                "name must be 1 to " + MAX_NAME + " characters, without control characters");
        v.check(scopes != null, "scopes are required");
        v.check(tokenVersion >= 1, "token_version starts at 1");
        v.throwIfAny();
    }

    /** The same client, changed at {@code now}: its earlier tokens no longer work. */
    public Client changed(String name, Scopes scopes, boolean active, Instant now) {
        return new Client(id, name, scopes, active, tokenVersion + 1, createdAt, now);
    }
}
