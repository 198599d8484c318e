package dev.conveyor.application;

import dev.conveyor.domain.ConveyorException;
import dev.conveyor.domain.Scopes;
import java.util.UUID;

/** Who is calling, as their access token says: a client and its scopes. */
public record Principal(UUID clientId, Scopes scopes) {
    /**
     * Refuses with 403, naming the scope that would allow it, unless the scopes allow {@code action} on the
     * named resource, or on every resource of the kind when {@code name} is null (list calls).
     */
    public void require(String resources, String action, String name) {
        if (!scopes.allow(resources, action, name)) {
            // Spelled out, not built as a Scope: the name may be no valid name (a path like /v1/queues/bad%20name),
            // and a token without the scope gets 403 whatever it asked for.
            throw ConveyorException.forbidden(resources + ":" + action + (name == null ? "" : ":" + name));
        }
    }
}
