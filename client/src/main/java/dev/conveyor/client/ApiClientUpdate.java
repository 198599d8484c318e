package dev.conveyor.client;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * Changes to an API client sent with {@code PUT /v1/clients/{id}}: a null member keeps its value. Any change ends the
 * client's earlier tokens.
 *
 * @param name a new name, or null
 * @param scopes new space-separated scopes, or null
 * @param isActive false disables the client, true enables it; null keeps it
 */
public record ApiClientUpdate(
        String name,
        String scopes,
        @JsonProperty("is_active") Boolean isActive) {}
