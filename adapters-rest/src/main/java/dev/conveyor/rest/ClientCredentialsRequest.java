package dev.conveyor.rest;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;

/**
 * The OAuth 2.0 client credentials grant (RFC 6749 §4.4) read from its form-encoded body and Authorization
 * header, refusing what the RFC calls an invalid request. Only the protocol is here; the credentials and the
 * scope are the token service's to judge.
 *
 * @param basic whether the credentials came in HTTP Basic, which decides how a refusal of them is answered
 * @param scope the scope asked for, or null for all of the client's
 */
record ClientCredentialsRequest(String clientId, String clientSecret, String scope, boolean basic) {
    private static final String BASIC = "basic ";
    static final String GRANT_TYPE = "client_credentials";

    /** The request, or an {@link OAuthError} saying what is wrong with it. */
    static ClientCredentialsRequest parse(String form, String authorization) {
        Map<String, String> parameters = parameters(form);
        String grantType = parameters.get("grant_type");
        if (grantType == null || grantType.isEmpty()) {
            throw OAuthError.invalidRequest("grant_type is required; this server grants client_credentials");
        }
        if (!grantType.equals(GRANT_TYPE)) {
            throw OAuthError.unsupportedGrantType("only the client_credentials grant is supported");
        }
        String scope = parameters.get("scope");
        scope = scope == null || scope.isBlank() ? null : scope;
        String formId = parameters.get("client_id");
        String formSecret = parameters.get("client_secret");
        boolean basic = authorization != null && authorization.regionMatches(true, 0, BASIC, 0, BASIC.length());
        if (!basic) {
            if (formId == null || formSecret == null) {
                // No credentials at all is answered as a failed HTTP Basic, inviting it (RFC 6749 §5.2 allows 401).
                throw OAuthError.invalidClient(formId == null && formSecret == null);
            }
            return new ClientCredentialsRequest(formId, formSecret, scope, false);
        }
        String[] credentials =
                basicCredentials(authorization.substring(BASIC.length()).trim());
        if (formSecret != null) {
            throw OAuthError.invalidRequest(
                    "the client authenticated twice, by HTTP Basic and by client_secret; use one of them");
        }
        if (formId != null && !formId.equals(credentials[0])) {
            throw OAuthError.invalidRequest("client_id differs from the client authenticated by HTTP Basic");
        }
        return new ClientCredentialsRequest(credentials[0], credentials[1], scope, true);
    }

    /** The form's parameters, each at most once (RFC 6749 §3.2), percent-decoded as UTF-8. */
    private static Map<String, String> parameters(String form) {
        Map<String, String> parameters = new HashMap<>();
        if (form == null || form.isEmpty()) {
            return parameters;
        }
        for (int start = 0, end; start <= form.length(); start = end + 1) {
            end = form.indexOf('&', start);
            end = end < 0 ? form.length() : end;
            String pair = form.substring(start, end);
            if (pair.isEmpty()) {
                continue;
            }
            int equals = pair.indexOf('=');
            String name = decode(equals < 0 ? pair : pair.substring(0, equals));
            String value = equals < 0 ? "" : decode(pair.substring(equals + 1));
            if (parameters.putIfAbsent(name, value) != null) {
                throw OAuthError.invalidRequest("the parameter " + name + " is given more than once");
            }
        }
        return parameters;
    }

    private static String decode(String encoded) {
        try {
            return URLDecoder.decode(encoded, StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw OAuthError.invalidRequest("the body is not valid application/x-www-form-urlencoded");
        }
    }

    /** client_id and client_secret from HTTP Basic, each form-encoded before base64 (RFC 6749 §2.3.1). */
    private static String[] basicCredentials(String encoded) {
        try {
            String decoded = new String(Base64.getDecoder().decode(encoded), StandardCharsets.UTF_8);
            int colon = decoded.indexOf(':');
            if (colon < 0) {
                throw OAuthError.invalidClient(true);
            }
            return new String[] {
                URLDecoder.decode(decoded.substring(0, colon), StandardCharsets.UTF_8),
                URLDecoder.decode(decoded.substring(colon + 1), StandardCharsets.UTF_8)
            };
        } catch (IllegalArgumentException notBase64OrNotFormEncoded) {
            throw OAuthError.invalidClient(true);
        }
    }
}
