package dev.conveyor.application.fakes;

import dev.conveyor.application.port.ClientRepository;
import dev.conveyor.domain.Client;
import dev.conveyor.domain.ConveyorException;
import dev.conveyor.domain.Page;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.UUID;

/** API clients in memory. */
public final class InMemoryClientRepository implements ClientRepository {
    private final Map<UUID, StoredClient> clients = new TreeMap<>();
    private final Map<UUID, byte[]> sealed = new TreeMap<>();

    @Override
    public synchronized void create(Client client, byte[] secretHash, byte[] sealedSecret) {
        if (clients.putIfAbsent(client.id(), new StoredClient(client, secretHash.clone())) != null) {
            throw ConveyorException.conflict("client_exists", "client '" + client.id() + "' exists already");
        }
        if (sealedSecret != null) {
            sealed.put(client.id(), sealedSecret.clone());
        }
    }

    @Override
    public synchronized Optional<Client> find(UUID id) {
        return Optional.ofNullable(clients.get(id)).map(StoredClient::client);
    }

    /** As {@link #find}: each call is atomic, and the fake's users do not change one client concurrently. */
    @Override
    public synchronized Optional<Client> findForUpdate(UUID id) {
        return find(id);
    }

    @Override
    public synchronized Optional<StoredClient> findWithSecretHash(UUID id) {
        return Optional.ofNullable(clients.get(id));
    }

    @Override
    public synchronized Optional<SealedClient> findWithSealedSecret(UUID id) {
        return find(id).map(client -> new SealedClient(client, sealed.get(id)));
    }

    @Override
    public synchronized List<Client> list(Page page) {
        return clients.values().stream()
                .skip(page.offset())
                .limit(page.limit())
                .map(StoredClient::client)
                .toList();
    }

    @Override
    public synchronized boolean update(Client client) {
        StoredClient stored = clients.get(client.id());
        if (stored == null) {
            return false;
        }
        clients.put(client.id(), new StoredClient(client, stored.secretHash()));
        return true;
    }

    @Override
    public synchronized boolean delete(UUID id) {
        sealed.remove(id);
        return clients.remove(id) != null;
    }
}
