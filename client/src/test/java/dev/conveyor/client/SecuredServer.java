package dev.conveyor.client;

import java.security.SecureRandom;
import java.util.Base64;
import java.util.Map;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * One server with authentication on, for the test classes that ask for it, with an admin client (scope {@code *})
 * made by the jar's {@code create-client}. The server's shortest token lifetime, a minute, is its lifetime here.
 */
final class SecuredServer implements ParameterResolver {
    private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(SecuredServer.class);

    /** The server, and the id and secret of its admin client. */
    record Secured(ConveyorServer server, String adminId, String adminSecret) implements AutoCloseable {
        /** A client of the server that authenticates as the admin. */
        ConveyorClient admin() {
            return ConveyorClient.builder(server.url())
                    .clientCredentials(adminId, adminSecret)
                    .build();
        }

        @Override
        public void close() {
            server.close();
        }
    }

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        return parameter.getParameter().getType() == Secured.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        return context.getRoot().getStore(NAMESPACE).getOrComputeIfAbsent("server", key -> start(), Secured.class);
    }

    private static Secured start() {
        byte[] key = new byte[32];
        new SecureRandom().nextBytes(key);
        ConveyorServer server = null;
        try {
            server = ConveyorServer.start(Map.of(
                    "CONVEYOR_AUTH_ENABLED", "true",
                    "CONVEYOR_AUTH_SECRET_KEY", Base64.getEncoder().encodeToString(key),
                    "CONVEYOR_AUTH_TOKEN_LIFETIME", "1m"));
            String[] admin = server.createClient("admin", "*");
            return new Secured(server, admin[0], admin[1]);
        } catch (Exception e) {
            if (server != null) {
                server.close();
            }
            throw new IllegalStateException("cannot start the server with authentication", e);
        }
    }
}
