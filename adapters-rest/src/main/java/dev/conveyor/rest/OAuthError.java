package dev.conveyor.rest;

import dev.conveyor.rest.dto.OAuthErrorResponse;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

/** A refusal of the form-encoded token request, answered as RFC 6749 §5.2 says: 400, or 401 with a challenge. */
final class OAuthError extends WebApplicationException {
    private static final long serialVersionUID = 1L;

    /** The scheme the token request authenticates clients with, as a 401 must name it (RFC 7235). */
    static final String BASIC_CHALLENGE = "Basic realm=\"conveyor\"";

    private OAuthError(Response response) {
        super(response);
    }

    static OAuthError invalidRequest(String description) {
        return new OAuthError(answer(400, "invalid_request", description));
    }

    /**
     * The client could not be authenticated. When it tried HTTP Basic (or sent no credentials at all), RFC 6749
     * §5.2 asks for 401 with a challenge of the scheme; otherwise the answer is 400.
     */
    static OAuthError invalidClient(boolean challenge) {
        String description = "the client credentials are not valid";
        if (!challenge) {
            return new OAuthError(answer(400, "invalid_client", description));
        }
        return new OAuthError(Response.fromResponse(answer(401, "invalid_client", description))
                .header(HttpHeaders.WWW_AUTHENTICATE, BASIC_CHALLENGE)
                .build());
    }

    static OAuthError unsupportedGrantType(String description) {
        return new OAuthError(answer(400, "unsupported_grant_type", description));
    }

    static OAuthError invalidScope(String description) {
        return new OAuthError(answer(400, "invalid_scope", description));
    }

    private static Response answer(int status, String error, String description) {
        return TokenResource.notCached(Response.status(status))
                .type(MediaType.APPLICATION_JSON_TYPE)
                .entity(new OAuthErrorResponse(error, printable(description)))
                .build();
    }

    /** RFC 6749 §5.2 allows only printable ASCII but '"' and '\' in a description; anything else becomes '?'. */
    static String printable(String text) {
        StringBuilder out = new StringBuilder(text.length());
        text.codePoints().forEach(c -> out.append(c >= 0x20 && c <= 0x7E && c != '"' && c != '\\' ? (char) c : '?'));
        return out.toString();
    }
}
