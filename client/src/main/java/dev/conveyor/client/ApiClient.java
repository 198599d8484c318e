package dev.conveyor.client;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.time.Instant;
import java.util.Optional;

/**
 * An API client of the server (one with credentials for tokens), as {@code /v1/clients} answers it.
 *
 * @param id the client's id: the client_id of the token call
 * @param name a name for people
 * @param scopes its scopes, space-separated, sorted
 * @param isActive whether it can get and use tokens
 * @param tokenVersion goes up at every change; tokens of an older version are refused
 * @param createdAt when it was created
 * @param updatedAt when it last changed
 * @param clientSecret its secret: only in the answer to the create call, null otherwise
 */
public record ApiClient(
        String id,
        String name,
        String scopes,
        @JsonProperty("is_active") boolean isActive,
        long tokenVersion,
        Instant createdAt,
        Instant updatedAt,
        String clientSecret) {
    /** The secret, present only on the client just created. */
    public Optional<String> secret() {
        return Optional.ofNullable(clientSecret);
    }

    /** Leaves the secret out, so that it is not logged by accident. */
    @Override
    public String toString() {
        return "ApiClient[id=" + id + ", name=" + name + ", scopes=" + scopes + ", isActive=" + isActive
                + ", tokenVersion=" + tokenVersion + ", createdAt=" + createdAt + ", updatedAt=" + updatedAt
                + ", clientSecret=" + (clientSecret == null ? "null" : "(hidden)") + "]";
    }
}
