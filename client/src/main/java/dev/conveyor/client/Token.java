package dev.conveyor.client;

/**
 * An access token from {@code POST /v1/oauth/token}.
 *
 * @param accessToken the JWT to send as {@code Authorization: Bearer <access_token>}
 * @param tokenType always {@code Bearer}
 * @param expiresIn seconds until it ends, from when it was issued
 * @param scope the scopes it carries, space-separated
 */
public record Token(String accessToken, String tokenType, long expiresIn, String scope) {
    /** Leaves the token out, so that it is not logged by accident. */
    @Override
    public String toString() {
        return "Token[tokenType=" + tokenType + ", expiresIn=" + expiresIn + ", scope=" + scope + "]";
    }
}
