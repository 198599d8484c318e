package dev.conveyor.postgres;

import dev.conveyor.application.port.ClientRepository;
import dev.conveyor.domain.Client;
import dev.conveyor.domain.ConveyorException;
import dev.conveyor.domain.Page;
import dev.conveyor.domain.Scopes;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.jdbi.v3.core.mapper.RowMapper;

/** API clients, the keyed hashes of their secrets and their sealed secrets in the {@code clients} table. */
public final class JdbiClientRepository implements ClientRepository {
    // Without secret_hash and sealed_secret: only the credential and signature checks read them, so no other caller
    // can hand them on by mistake.
    private static final String COLUMNS = "id, name, scopes, is_active, token_version, created_at, updated_at";

    private static final RowMapper<Client> CLIENT = (rs, ctx) -> new Client(
            rs.getObject("id", UUID.class),
            rs.getString("name"),
            Scopes.parse(rs.getString("scopes")),
            rs.getBoolean("is_active"),
            rs.getLong("token_version"),
            Timestamps.read(rs, "created_at"),
            Timestamps.read(rs, "updated_at"));

    private final JdbiSession session;

    public JdbiClientRepository(JdbiSession session) {
        this.session = session;
    }

    @Override
    public void create(Client client, byte[] secretHash, byte[] sealedSecret) {
        // ON CONFLICT DO NOTHING instead of catching 23505: a failed statement would abort the caller's transaction.
        int inserted = session.withHandle(h -> h.createUpdate("""
            INSERT INTO clients (%s, secret_hash, sealed_secret) VALUES (
                :id, :name, :scopes, :active, :tokenVersion, :createdAt, :updatedAt, :secretHash, :sealedSecret)
            ON CONFLICT (id) DO NOTHING
            """.formatted(COLUMNS))
                .bind("id", client.id())
                .bind("name", client.name())
                .bind("scopes", client.scopes().text())
                .bind("active", client.active())
                .bind("tokenVersion", client.tokenVersion())
                .bind("createdAt", Timestamps.bind(client.createdAt()))
                .bind("updatedAt", Timestamps.bind(client.updatedAt()))
                .bind("secretHash", secretHash)
                .bind("sealedSecret", sealedSecret)
                .execute());
        if (inserted == 0) {
            throw ConveyorException.conflict("client_exists", "client '" + client.id() + "' exists already");
        }
    }

    @Override
    public Optional<Client> find(UUID id) {
        return session.withHandle(h -> h.createQuery("SELECT " + COLUMNS + " FROM clients WHERE id = :id")
                .bind("id", id)
                .map(CLIENT)
                .findOne());
    }

    @Override
    public Optional<Client> findForUpdate(UUID id) {
        // FOR NO KEY UPDATE, the lock the UPDATE itself takes: a concurrent change waits for this one, while token
        // checks (plain reads) go on. The primary key finds the row.
        return session.withHandle(
                h -> h.createQuery("SELECT " + COLUMNS + " FROM clients WHERE id = :id FOR NO KEY UPDATE")
                        .bind("id", id)
                        .map(CLIENT)
                        .findOne());
    }

    @Override
    public Optional<StoredClient> findWithSecretHash(UUID id) {
        return session.withHandle(h -> h.createQuery("SELECT " + COLUMNS + ", secret_hash FROM clients WHERE id = :id")
                .bind("id", id)
                .map((rs, ctx) -> new StoredClient(CLIENT.map(rs, ctx), rs.getBytes("secret_hash")))
                .findOne());
    }

    @Override
    public Optional<SealedClient> findWithSealedSecret(UUID id) {
        return session.withHandle(h -> h.createQuery(
                        "SELECT " + COLUMNS + ", sealed_secret FROM clients WHERE id = :id")
                .bind("id", id)
                .map((rs, ctx) -> new SealedClient(CLIENT.map(rs, ctx), rs.getBytes("sealed_secret")))
                .findOne());
    }

    @Override
    public List<Client> list(Page page) {
        return session.withHandle(h -> h.createQuery("""
            SELECT %s FROM clients
            ORDER BY id
            LIMIT :limit OFFSET :offset
            """.formatted(COLUMNS))
                .bind("limit", page.limit())
                .bind("offset", page.offset())
                .map(CLIENT)
                .list());
    }

    @Override
    public boolean update(Client client) {
        // The secret hash, the sealed secret and created_at are left as they are: a client's secret never changes
        // through an update.
        return session.withHandle(h -> h.createUpdate("""
            UPDATE clients SET
                name = :name,
                scopes = :scopes,
                is_active = :active,
                token_version = :tokenVersion,
                updated_at = :updatedAt
            WHERE id = :id
            """)
                        .bind("id", client.id())
                        .bind("name", client.name())
                        .bind("scopes", client.scopes().text())
                        .bind("active", client.active())
                        .bind("tokenVersion", client.tokenVersion())
                        .bind("updatedAt", Timestamps.bind(client.updatedAt()))
                        .execute())
                > 0;
    }

    @Override
    public boolean delete(UUID id) {
        return session.withHandle(h -> h.createUpdate("DELETE FROM clients WHERE id = :id")
                        .bind("id", id)
                        .execute())
                > 0;
    }
}
