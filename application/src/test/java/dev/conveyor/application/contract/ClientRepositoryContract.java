package dev.conveyor.application.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.conveyor.application.port.ClientRepository;
import dev.conveyor.domain.Client;
import dev.conveyor.domain.ConveyorException;
import dev.conveyor.domain.Page;
import dev.conveyor.domain.Scopes;
import java.time.Instant;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The contract of {@link ClientRepository}, run against the in-memory fake and the real adapter. */
public abstract class ClientRepositoryContract {
    protected static final Instant T0 = Instant.parse("2025-03-01T12:00:00.123456Z");
    private static final byte[] HASH = {
        1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24, 25, 26, 27, 28, 29, 30,
        31, 32
    };
    private static final byte[] SEALED = {
        40, 41, 42, 43, 44, 45, 46, 47, 48, 49, 50, 51, 52, 53, 54, 55, 56, 57, 58, 59, 60, 61, 62, 63, 64, 65, 66, 67,
        68, 69, 70, 71, 72, 73, 74, 75, 76, 77, 78, 79
    };

    protected ClientRepository clients;

    /** Sets {@link #clients} over a store with no client. */
    protected abstract void emptyStore();

    @BeforeEach
    final void openStore() {
        emptyStore();
    }

    private static Client client(long n, String scopes) {
        return new Client(new UUID(0x0190_0000_0000_7000L, n), "client " + n, Scopes.parse(scopes), true, 1, T0, T0);
    }

    @Test
    void findForUpdateFindsWhatFindFinds() {
        Client client = client(1, "queues:read");
        clients.create(client, HASH, SEALED);

        assertThat(clients.findForUpdate(client.id())).contains(client);
        assertThat(clients.findForUpdate(client(2, "*").id())).isEmpty();
    }

    @Test
    void aCreatedClientIsFoundWithAndWithoutItsSecretHash() {
        Client client = client(1, "queues:consume:orders topics:publish");
        clients.create(client, HASH, SEALED);

        assertThat(clients.find(client.id())).contains(client);
        ClientRepository.StoredClient stored =
                clients.findWithSecretHash(client.id()).orElseThrow();
        assertThat(stored.client()).isEqualTo(client);
        assertThat(stored.secretHash()).isEqualTo(HASH);
    }

    @Test
    void aCreatedClientIsFoundWithItsSealedSecretThroughUpdates() {
        Client client = client(1, "queues:publish");
        clients.create(client, HASH, SEALED);
        Client changed = client.changed("renamed", Scopes.parse("queues:read"), false, T0.plusSeconds(5));
        clients.update(changed);

        ClientRepository.SealedClient stored =
                clients.findWithSealedSecret(client.id()).orElseThrow();
        assertThat(stored.client()).isEqualTo(changed);
        assertThat(stored.sealedSecret()).isEqualTo(SEALED);
    }

    @Test
    void aClientWithoutASealedSecretIsFoundWithNone() {
        Client client = client(1, "*");
        clients.create(client, HASH, null);

        assertThat(clients.findWithSealedSecret(client.id()).orElseThrow().sealedSecret())
                .isNull();
    }

    @Test
    void anUnknownClientIsNotFound() {
        assertThat(clients.findWithSealedSecret(new UUID(9, 9))).isEmpty();
        assertThat(clients.find(new UUID(9, 9))).isEmpty();
        assertThat(clients.findWithSecretHash(new UUID(9, 9))).isEmpty();
        assertThat(clients.update(client(9, "*"))).isFalse();
        assertThat(clients.delete(new UUID(9, 9))).isFalse();
    }

    @Test
    void theSameIdTwiceIsAConflict() {
        clients.create(client(1, "*"), HASH, SEALED);

        assertThatThrownBy(() -> clients.create(client(1, "*"), HASH, SEALED))
                .isInstanceOfSatisfying(
                        ConveyorException.class, e -> assertThat(e.kind()).isEqualTo(ConveyorException.Kind.CONFLICT));
    }

    @Test
    void anUpdateStoresNameScopesFlagVersionAndTimeButKeepsTheSecret() {
        Client client = client(1, "*");
        clients.create(client, HASH, SEALED);
        Client changed = client.changed("renamed", Scopes.parse("clients:read"), false, T0.plusSeconds(5));

        assertThat(clients.update(changed)).isTrue();

        assertThat(clients.find(client.id())).contains(changed);
        assertThat(changed.tokenVersion()).isEqualTo(2);
        assertThat(clients.findWithSecretHash(client.id()).orElseThrow().secretHash())
                .isEqualTo(HASH);
    }

    @Test
    void listsPagesInIdOrderAndDeletes() {
        clients.create(client(3, "*"), HASH, SEALED);
        clients.create(client(1, "*"), HASH, SEALED);
        clients.create(client(2, "*"), HASH, SEALED);

        assertThat(clients.list(new Page(2, 0))).extracting(Client::name).containsExactly("client 1", "client 2");
        assertThat(clients.list(new Page(2, 2))).extracting(Client::name).containsExactly("client 3");
        assertThat(clients.delete(client(2, "*").id())).isTrue();
        assertThat(clients.list(new Page(10, 0))).extracting(Client::name).containsExactly("client 1", "client 3");
    }
}
