package dev.conveyor.client;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * An API client to create ({@code POST /v1/clients}).
 *
 * @param name a name for people: who or what uses the client
 * @param scopes space-separated scopes: {@code *}, or {@code <resources>:<action>}, optionally ending in
 *     {@code :<name>}; a caller can only grant scopes it holds
 * @param isActive false creates it disabled; null: active
 */
public record NewApiClient(
        String name,
        String scopes,
        @JsonProperty("is_active") Boolean isActive) {
    /** An active client with these scopes. */
    public static NewApiClient of(String name, String scopes) {
        return new NewApiClient(name, scopes, null);
    }
}
