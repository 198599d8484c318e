package dev.conveyor.rest.auth;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.conveyor.application.Principal;
import dev.conveyor.application.TokenService;
import dev.conveyor.domain.ConveyorException;
import jakarta.annotation.Priority;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.container.ResourceInfo;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.SequenceInputStream;
import java.lang.reflect.Method;

/**
 * The one place access is checked, when authentication is on: every {@code /v1} method but the {@link Public}
 * one needs a valid bearer token whose scopes allow what the method's {@link Requires} declares. A method
 * without a declaration is refused (fails closed), and a test holds that there is none.
 */
@Priority(Priorities.AUTHORIZATION)
public final class AuthorizationFilter implements ContainerRequestFilter {
    /** The request property holding the caller's {@link Principal} once authenticated. */
    public static final String PRINCIPAL = "conveyor.principal";
    /** Create bodies are small; a longer one is not looked into, and needs an unrestricted scope. */
    private static final int NAME_PEEK_BYTES = 64 * 1024;

    private static final String BEARER = "bearer ";

    private final TokenService tokens;
    private final ObjectMapper mapper;

    @Context
    private ResourceInfo resource;

    public AuthorizationFilter(TokenService tokens, ObjectMapper mapper) {
        this.tokens = tokens;
        this.mapper = mapper;
    }

    @Override
    public void filter(ContainerRequestContext request) throws IOException {
        Method method = resource.getResourceMethod();
        if (method == null || !isApi(resource.getResourceClass()) || method.isAnnotationPresent(Public.class)) {
            return;
        }
        Principal principal = tokens.authenticate(bearerToken(request.getHeaderString(HttpHeaders.AUTHORIZATION)));
        request.setProperty(PRINCIPAL, principal);
        Requires requires = method.getAnnotation(Requires.class);
        if (requires == null) {
            throw ConveyorException.forbidden("*");
        }
        String[] scope = requires.value().split(":", 2);
        principal.require(scope[0], scope[1], name(requires.name(), request));
    }

    private static boolean isApi(Class<?> resourceClass) {
        Path path = resourceClass.getAnnotation(Path.class);
        return path != null && (path.value().startsWith("/v1") || path.value().startsWith("v1"));
    }

    private static String bearerToken(String header) {
        if (header == null
                || header.length() <= BEARER.length()
                || !header.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
            throw ConveyorException.unauthenticated();
        }
        return header.substring(BEARER.length()).trim();
    }

    /** The name of the one resource acted on, or null when the call acts on all of them (or it cannot be told). */
    private String name(String source, ContainerRequestContext request) throws IOException {
        if (source.startsWith("path:")) {
            return request.getUriInfo().getPathParameters().getFirst(source.substring("path:".length()));
        }
        if (source.startsWith("body:")) {
            return bodyField(source.substring("body:".length()), request);
        }
        return null;
    }

    /** Reads the start of the body for one field, and puts what it read back in front of the rest. */
    private String bodyField(String field, ContainerRequestContext request) throws IOException {
        InputStream body = request.getEntityStream();
        byte[] start = body.readNBytes(NAME_PEEK_BYTES + 1);
        request.setEntityStream(new SequenceInputStream(new ByteArrayInputStream(start), body));
        if (start.length > NAME_PEEK_BYTES) {
            return null;
        }
        try {
            JsonNode value = mapper.readTree(start).get(field);
            return value != null && value.isTextual() ? value.asText() : null;
        } catch (IOException | RuntimeException notJson) {
            return null; // the method itself answers the malformed body; meanwhile it names nothing
        }
    }
}
