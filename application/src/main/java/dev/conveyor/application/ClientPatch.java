package dev.conveyor.application;

import dev.conveyor.domain.Change;
import java.util.Objects;

/**
 * A partial change of a client. A client always has a name and scopes, so resetting either is refused;
 * resetting {@code active} makes the client active, its default.
 *
 * @param scopes space-separated, as a client is created with
 */
public record ClientPatch(Change<String> name, Change<String> scopes, Change<Boolean> active) {
    public ClientPatch {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(scopes, "scopes");
        Objects.requireNonNull(active, "active");
    }

    /** Changes nothing. */
    public boolean isEmpty() {
        return name.keeps() && scopes.keeps() && active.keeps();
    }
}
