package dev.conveyor.application.port;

import dev.conveyor.domain.Client;
import dev.conveyor.domain.Page;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/** Outgoing persistence port for API clients, the keyed hashes of their secrets and their sealed secrets. */
public interface ClientRepository {
    /**
     * Stores a new client with the keyed hash of its secret and its secret sealed for Signature Version 4.
     *
     * @param sealedSecret the secret sealed for Signature Version 4 ({@code ClientSecrets.seal})
     */
    void create(Client client, byte[] secretHash, byte[] sealedSecret);

    Optional<Client> find(UUID id);

    /**
     * As {@link #find}, and no other transaction can change or delete the client until the current one ends: for a
     * read-change-write that must not lose a concurrent change (nor hand out one token version twice).
     */
    Optional<Client> findForUpdate(UUID id);

    /** The client with the keyed hash of its secret, for checking credentials. */
    Optional<StoredClient> findWithSecretHash(UUID id);

    /** The client with its sealed secret, for checking request signatures. */
    Optional<SealedClient> findWithSealedSecret(UUID id);

    /** A page of the clients, ordered by id. */
    List<Client> list(Page page);

    /** Stores the client's new name, scopes, active flag, token version and update time; false when it is gone. */
    boolean update(Client client);

    boolean delete(UUID id);

    /** A client as stored, with the keyed hash of its secret. */
    @SuppressWarnings("ArrayRecordComponent") // carried from the store to the secret check, never compared
    record StoredClient(Client client, byte[] secretHash) {}

    /**
     * A client as stored, with its sealed secret: null for a client made before secrets were sealed.
     */
    @SuppressWarnings("ArrayRecordComponent") // carried from the store to the signature check, never compared
    record SealedClient(Client client, byte[] sealedSecret) {}
}
