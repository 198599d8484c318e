package dev.conveyor.client;

import java.util.Map;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * One server, without authentication, for every test class of the module that asks for it: started by the first,
 * stopped when the run ends (JUnit closes what its root store holds). Each test names its own queues and topics, so the classes do not see each other's.
 */
final class SharedServer implements ParameterResolver {
    private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(SharedServer.class);

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        return parameter.getParameter().getType() == ConveyorServer.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        return context.getRoot()
                .getStore(NAMESPACE)
                .getOrComputeIfAbsent(
                        "server",
                        key -> {
                            try {
                                return ConveyorServer.start(Map.of());
                            } catch (Exception e) {
                                throw new IllegalStateException("cannot start the server", e);
                            }
                        },
                        ConveyorServer.class);
    }
}
