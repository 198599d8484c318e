package dev.conveyor.application;

import dev.conveyor.application.port.ClientRepository;
import dev.conveyor.application.port.IdGenerator;
import dev.conveyor.application.port.UnitOfWork;
import dev.conveyor.domain.Change;
import dev.conveyor.domain.Client;
import dev.conveyor.domain.ConveyorException;
import dev.conveyor.domain.Page;
import dev.conveyor.domain.Scopes;
import dev.conveyor.domain.Violations;
import java.time.Instant;
import java.time.InstantSource;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/** Use cases of API clients: create (with a secret shown once), read, list, update, delete. */
public final class ClientService {
    private final ClientRepository clients;
    private final ClientSecrets secrets;
    private final UnitOfWork unitOfWork;
    private final IdGenerator ids;
    private final InstantSource clock;

    public ClientService(
            ClientRepository clients,
            ClientSecrets secrets,
            UnitOfWork unitOfWork,
            IdGenerator ids,
            InstantSource clock) {
        this.clients = clients;
        this.secrets = secrets;
        this.unitOfWork = unitOfWork;
        this.ids = ids;
        this.clock = clock;
    }

    /** A new client and its secret: the only time the secret is known outside the client. */
    public record CreatedClient(Client client, String secret) {}

    /** An active client, as {@link #create(String, String, boolean, Principal)} makes it. */
    public CreatedClient create(String name, String scopes, Principal grantor) {
        return create(name, scopes, true, grantor);
    }

    /**
     * Creates a client with these scopes and a new secret; an inactive one gets no token until it is made
     * active.
     *
     * @param grantor who asks; it can only grant scopes it holds itself, so no client can make a client more
     *     powerful than itself. Null for the operator's {@code create-client} command.
     */
    public CreatedClient create(String name, String scopes, boolean active, Principal grantor) {
        Instant now = Now.of(clock);
        Violations v = new Violations();
        Scopes parsed = v.collect(() -> Scopes.parse(scopes));
        // With scopes that did not parse, "*" stands in only so that the name is checked too: one answer names
        // every broken rule, and the placeholder never leaves (throwIfAny below).
        Client client = v.collect(
                () -> new Client(ids.next(), name, parsed == null ? Scopes.parse("*") : parsed, active, 1, now, now));
        v.throwIfAny();
        requireHeldBy(grantor, parsed);
        String secret = secrets.generate();
        clients.create(client, secrets.hash(secret), secrets.seal(client.id(), secret));
        return new CreatedClient(client, secret);
    }

    public Client get(String id) {
        return parse(id).flatMap(clients::find).orElseThrow(() -> ConveyorException.notFound("client", id));
    }

    public List<Client> list(Page page) {
        return clients.list(page);
    }

    /**
     * Changes what is given (null keeps the current value) and bumps the token version, so every token issued
     * before stops working at once.
     */
    public Client update(String id, String name, String scopes, Boolean active, Principal grantor) {
        new Violations()
                .check(
                        name != null || scopes != null || active != null,
                        "give at least one of name, scopes and is_active")
                .throwIfAny();
        return patch(
                id,
                new ClientPatch(Change.unlessNull(name), Change.unlessNull(scopes), Change.unlessNull(active)),
                grantor);
    }

    /**
     * Changes what the patch names and keeps the rest; any change bumps the token version, so every token issued
     * before stops working at once. Read, merged and written in one transaction with the client locked, so that a
     * concurrent change is neither lost nor given the same token version.
     */
    public Client patch(String id, ClientPatch patch, Principal grantor) {
        Violations v = new Violations();
        v.check(!patch.name().resets(), "name must not be null: a client always has a name");
        v.check(!patch.scopes().resets(), "scopes must not be null: a client always holds at least one scope");
        Scopes parsed =
                patch.scopes() instanceof Change.SetTo<String> set ? v.collect(() -> Scopes.parse(set.value())) : null;
        return unitOfWork.inTransaction(() -> {
            Client current = parse(id)
                    .flatMap(clients::findForUpdate)
                    .orElseThrow(() -> ConveyorException.notFound("client", id));
            if (patch.isEmpty()) {
                return current;
            }
            Client changed = v.collect(() -> current.changed(
                    patch.name().apply(current.name(), current.name()),
                    parsed == null ? current.scopes() : parsed,
                    patch.active().apply(current.active(), true),
                    Now.of(clock)));
            v.throwIfAny();
            if (parsed != null) {
                requireHeldBy(grantor, parsed);
            }
            if (!clients.update(changed)) {
                throw ConveyorException.notFound("client", id);
            }
            return changed;
        });
    }

    public void delete(String id) {
        if (parse(id).map(clients::delete).orElse(false)) {
            return;
        }
        throw ConveyorException.notFound("client", id);
    }

    private static void requireHeldBy(Principal grantor, Scopes requested) {
        if (grantor != null) {
            grantor.scopes().firstNotCovered(requested).ifPresent(missing -> {
                throw ConveyorException.forbidden(missing.toString());
            });
        }
    }

    /** A client id, if the text is one: anything else names no client. */
    static Optional<UUID> parse(String id) {
        try {
            UUID uuid = UUID.fromString(id);
            return uuid.toString().equalsIgnoreCase(id) ? Optional.of(uuid) : Optional.empty();
        } catch (IllegalArgumentException | NullPointerException notAnId) {
            return Optional.empty();
        }
    }
}
