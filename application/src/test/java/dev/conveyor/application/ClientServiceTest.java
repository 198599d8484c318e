package dev.conveyor.application;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.conveyor.application.fakes.DirectUnitOfWork;
import dev.conveyor.application.fakes.InMemoryClientRepository;
import dev.conveyor.application.fakes.MutableClock;
import dev.conveyor.application.port.ClientRepository;
import dev.conveyor.domain.Change;
import dev.conveyor.domain.Client;
import dev.conveyor.domain.ConveyorException;
import dev.conveyor.domain.ConveyorException.Kind;
import dev.conveyor.domain.Page;
import dev.conveyor.domain.Scopes;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;
import java.util.Base64;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class ClientServiceTest {
    static final byte[] KEY = bytes(32, 7);

    private final MutableClock clock = new MutableClock();
    private final InMemoryClientRepository repository = new InMemoryClientRepository();
    private final ClientSecrets secrets = new ClientSecrets(KEY, new SecureRandom());
    private final ClientService clients =
            new ClientService(repository, secrets, new DirectUnitOfWork(), new UuidV7Generator(clock), clock);

    static byte[] bytes(int length, int seed) {
        byte[] bytes = new byte[length];
        for (int i = 0; i < length; i++) {
            bytes[i] = (byte) (seed * 31 + i);
        }
        return bytes;
    }

    private static Principal holding(String scopes) {
        return new Principal(UUID.randomUUID(), Scopes.parse(scopes));
    }

    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MICROS);
    }

    // ---- create

    @Test
    void createsAnActiveClientAtTokenVersionOneStampedWithTheCurrentInstant() {
        Client client = clients.create("billing", "topics:publish queues:consume:billing", null)
                .client();

        assertThat(client.name()).isEqualTo("billing");
        assertThat(client.scopes()).isEqualTo(Scopes.parse("queues:consume:billing topics:publish"));
        assertThat(client.active()).isTrue();
        assertThat(client.tokenVersion()).isEqualTo(1);
        assertThat(client.createdAt()).isEqualTo(now());
        assertThat(client.updatedAt()).isEqualTo(now());
        assertThat(clients.get(client.id().toString())).isEqualTo(client);
    }

    @Test
    void answersASecretOf32RandomBytesOnce() {
        String first = clients.create("a", "*", null).secret();
        String second = clients.create("b", "*", null).secret();

        assertThat(first).hasSize(43).matches("[A-Za-z0-9_-]+");
        assertThat(Base64.getUrlDecoder().decode(first)).hasSize(32);
        assertThat(second).isNotEqualTo(first);
    }

    @Test
    void storesOnlyAKeyedHashOfTheSecret() {
        ClientService.CreatedClient created = clients.create("billing", "*", null);

        byte[] stored = repository
                .findWithSecretHash(created.client().id())
                .orElseThrow()
                .secretHash();

        assertThat(stored).isEqualTo(secrets.hash(created.secret()));
        assertThat(stored).isNotEqualTo(created.secret().getBytes(StandardCharsets.UTF_8));
        assertThat(stored).isNotEqualTo(Base64.getUrlDecoder().decode(created.secret()));
        assertThat(new String(stored, StandardCharsets.ISO_8859_1)).doesNotContain(created.secret());
        assertThat(new ClientSecrets(bytes(32, 8), new SecureRandom()).hash(created.secret()))
                .as("the hash depends on the server's key")
                .isNotEqualTo(stored);
    }

    @Test
    void refusesABadNameAndBadScopesAtOnce() {
        assertThatThrownBy(() -> clients.create(" ", "queues:fly", null))
                .isInstanceOfSatisfying(ConveyorException.class, e -> {
                    assertThat(e.kind()).isEqualTo(Kind.INVALID);
                    assertThat(e.errors()).anySatisfy(error -> assertThat(error).startsWith("name must be"));
                    assertThat(e.errors())
                            .anySatisfy(error -> assertThat(error).contains("'queues:fly' is not a scope"));
                    // Each broken rule once: no second, vaguer error about the same scopes.
                    assertThat(e.errors()).hasSize(2);
                });
        assertThat(clients.list(Page.of(null, null))).isEmpty();
    }

    @Test
    void refusesANameWithControlCharactersOrOver200Characters() {
        assertThatThrownBy(() -> clients.create("a\nb", "*", null)).isInstanceOf(ConveyorException.class);
        assertThatThrownBy(() -> clients.create("a".repeat(201), "*", null)).isInstanceOf(ConveyorException.class);
        assertThat(clients.create("a".repeat(200), "*", null).client().name()).hasSize(200);
    }

    @Test
    void refusesMissingScopes() {
        assertThatThrownBy(() -> clients.create("x", null, null))
                .isInstanceOfSatisfying(
                        ConveyorException.class, e -> assertThat(e.kind()).isEqualTo(Kind.INVALID));
    }

    @Test
    void theOperatorWithoutAGrantorMayGrantAnything() {
        assertThat(clients.create("admin", "*", null).client().scopes()).isEqualTo(Scopes.parse("*"));
    }

    @Test
    void aGrantorWithTheStarMayGrantAnything() {
        Client client =
                clients.create("admin2", "* clients:delete", holding("*")).client();

        assertThat(client.scopes().text()).isEqualTo("* clients:delete");
    }

    @Test
    void aGrantorMayGrantWhatItHoldsOrANarrowerScope() {
        Principal grantor = holding("queues:read topics:publish:orders clients:create");

        Client client = clients.create("reader", "queues:read:orders topics:publish:orders", grantor)
                .client();

        assertThat(client.scopes().text()).isEqualTo("queues:read:orders topics:publish:orders");
    }

    @Test
    void aGrantorCannotGrantAScopeItLacksAndNothingIsCreated() {
        Principal grantor = holding("queues:read clients:create");

        assertThatThrownBy(() -> clients.create("x", "queues:read queues:consume:orders", grantor))
                .isInstanceOfSatisfying(ConveyorException.class, e -> {
                    assertThat(e.kind()).isEqualTo(Kind.FORBIDDEN);
                    assertThat(e.getMessage()).isEqualTo("the access token lacks the scope queues:consume:orders");
                });
        assertThat(clients.list(Page.of(null, null))).isEmpty();
    }

    @Test
    void aGrantorWithoutTheStarCannotGrantTheStar() {
        Principal grantor = holding("queues:read topics:read subscriptions:read clients:create");

        assertThatThrownBy(() -> clients.create("x", "*", grantor))
                .isInstanceOfSatisfying(ConveyorException.class, e -> {
                    assertThat(e.kind()).isEqualTo(Kind.FORBIDDEN);
                    assertThat(e.getMessage()).isEqualTo("the access token lacks the scope *");
                });
    }

    @Test
    void aGrantorForOneResourceCannotGrantTheScopeForAll() {
        assertThatThrownBy(() -> clients.create("x", "queues:read", holding("queues:read:orders")))
                .isInstanceOfSatisfying(
                        ConveyorException.class,
                        e -> assertThat(e.getMessage()).isEqualTo("the access token lacks the scope queues:read"));
    }

    // ---- get, list

    @Test
    void getOfAnUnknownOrMalformedIdIsNotFound() {
        for (String id : new String[] {UUID.randomUUID().toString(), "not-a-uuid", "", "1-1-1-1-1"}) {
            assertThatThrownBy(() -> clients.get(id)).isInstanceOfSatisfying(ConveyorException.class, e -> {
                assertThat(e.kind()).isEqualTo(Kind.NOT_FOUND);
                assertThat(e.code()).isEqualTo("client_not_found");
            });
        }
    }

    @Test
    void listsClientsAPageAtATime() {
        Client a = clients.create("a", "*", null).client();
        Client b = clients.create("b", "*", null).client();
        Client c = clients.create("c", "*", null).client();

        assertThat(clients.list(Page.of(null, null))).containsExactly(a, b, c);
        assertThat(clients.list(new Page(1, 1))).containsExactly(b);
    }

    @Test
    void aClientMayBeCreatedDisabled() {
        Client client = clients.create("dormant", "queues:read", false, null).client();

        assertThat(client.active()).isFalse();
        assertThat(clients.get(client.id().toString()).active()).isFalse();
    }

    // ---- patch

    @Test
    void aPatchChangesWhatItSetsKeepsTheRestAndBumpsTheTokenVersion() {
        Client before = clients.create("old", "queues:read", null).client();
        Instant later = clock.advance(Duration.ofSeconds(5)).truncatedTo(ChronoUnit.MICROS);

        Client after = clients.patch(
                before.id().toString(),
                new ClientPatch(Change.to("new"), Change.keep(), Change.to(false)),
                holding("*"));

        assertThat(after)
                .isEqualTo(new Client(before.id(), "new", before.scopes(), false, 2, before.createdAt(), later));
        assertThat(clients.get(before.id().toString())).isEqualTo(after);
    }

    @Test
    void aPatchResettingActiveMakesTheClientActive() {
        Client before = clients.create("c", "queues:read", false, null).client();

        Client after = clients.patch(
                before.id().toString(), new ClientPatch(Change.keep(), Change.keep(), Change.reset()), holding("*"));

        assertThat(after.active()).isTrue();
    }

    @Test
    void aPatchResettingNameAndScopesIsRefusedNamingBothAndChangesNothing() {
        Client before = clients.create("c", "queues:read", null).client();

        assertThatThrownBy(() -> clients.patch(
                        before.id().toString(),
                        new ClientPatch(Change.reset(), Change.reset(), Change.to(false)),
                        holding("*")))
                .isInstanceOfSatisfying(
                        ConveyorException.class,
                        e -> assertThat(e.errors())
                                .containsExactly(
                                        "name must not be null: a client always has a name",
                                        "scopes must not be null: a client always holds at least one scope"));
        assertThat(clients.get(before.id().toString())).isEqualTo(before);
    }

    @Test
    void aPatchWithABadNameAndBadScopesListsBoth() {
        Client before = clients.create("c", "queues:read", null).client();

        assertThatThrownBy(() -> clients.patch(
                        before.id().toString(),
                        new ClientPatch(Change.to(" "), Change.to("queues:fly"), Change.keep()),
                        holding("*")))
                .isInstanceOfSatisfying(
                        ConveyorException.class, e -> assertThat(e.errors()).hasSize(2));
        assertThat(clients.get(before.id().toString())).isEqualTo(before);
    }

    @Test
    void anEmptyPatchChangesNothingAndKeepsTheTokenVersion() {
        Client before = clients.create("c", "queues:read", null).client();

        Client after = clients.patch(
                before.id().toString(), new ClientPatch(Change.keep(), Change.keep(), Change.keep()), holding("*"));

        assertThat(after).isEqualTo(before);
        assertThat(clients.get(before.id().toString()).tokenVersion()).isEqualTo(1);
    }

    @Test
    void aPatchCannotGrantAScopeTheCallerLacks() {
        Client before = clients.create("c", "queues:read", null).client();

        assertThatThrownBy(() -> clients.patch(
                        before.id().toString(),
                        new ClientPatch(Change.keep(), Change.to("queues:manage"), Change.keep()),
                        holding("queues:read clients:update")))
                .isInstanceOfSatisfying(
                        ConveyorException.class, e -> assertThat(e.kind()).isEqualTo(Kind.FORBIDDEN));
        assertThat(clients.get(before.id().toString())).isEqualTo(before);
    }

    @Test
    void aPatchOfAnUnknownClientIsNotFound() {
        assertThatThrownBy(() -> clients.patch(
                        UUID.randomUUID().toString(),
                        new ClientPatch(Change.to("x"), Change.keep(), Change.keep()),
                        holding("*")))
                .isInstanceOfSatisfying(
                        ConveyorException.class, e -> assertThat(e.kind()).isEqualTo(Kind.NOT_FOUND));
    }

    // ---- update

    @Test
    void changingTheNameKeepsTheRestAndBumpsTheTokenVersion() {
        Client before = clients.create("old", "queues:read", null).client();
        Instant later = clock.advance(Duration.ofSeconds(5)).truncatedTo(ChronoUnit.MICROS);

        Client after = clients.update(before.id().toString(), "new", null, null, holding("*"));

        assertThat(after.name()).isEqualTo("new");
        assertThat(after.scopes()).isEqualTo(before.scopes());
        assertThat(after.active()).isTrue();
        assertThat(after.tokenVersion()).isEqualTo(2);
        assertThat(after.createdAt()).isEqualTo(before.createdAt());
        assertThat(after.updatedAt()).isEqualTo(later);
        assertThat(clients.get(before.id().toString())).isEqualTo(after);
    }

    @Test
    void changingTheScopesKeepsTheRestAndBumpsTheTokenVersion() {
        Client before = clients.create("c", "queues:read", null).client();

        Client after = clients.update(before.id().toString(), null, "topics:read", null, holding("*"));

        assertThat(after.name()).isEqualTo("c");
        assertThat(after.scopes()).isEqualTo(Scopes.parse("topics:read"));
        assertThat(after.tokenVersion()).isEqualTo(2);
    }

    @Test
    void disablingAndEnablingEachBumpTheTokenVersion() {
        Client before = clients.create("c", "queues:read", null).client();
        String id = before.id().toString();

        Client disabled = clients.update(id, null, null, false, holding("*"));
        Client enabled = clients.update(id, null, null, true, holding("*"));

        assertThat(disabled.active()).isFalse();
        assertThat(disabled.tokenVersion()).isEqualTo(2);
        assertThat(enabled.active()).isTrue();
        assertThat(enabled.tokenVersion()).isEqualTo(3);
        assertThat(enabled.scopes()).isEqualTo(before.scopes());
    }

    @Test
    void anUpdateCannotGrantAScopeTheCallerLacksAndChangesNothing() {
        Client before = clients.create("c", "queues:read", null).client();

        assertThatThrownBy(() -> clients.update(
                        before.id().toString(),
                        "renamed",
                        "queues:manage",
                        null,
                        holding("queues:read clients:update")))
                .isInstanceOfSatisfying(ConveyorException.class, e -> {
                    assertThat(e.kind()).isEqualTo(Kind.FORBIDDEN);
                    assertThat(e.getMessage()).isEqualTo("the access token lacks the scope queues:manage");
                });
        assertThat(clients.get(before.id().toString())).isEqualTo(before);
    }

    @Test
    void anUpdateWithBadScopesIsInvalidAndChangesNothing() {
        Client before = clients.create("c", "queues:read", null).client();

        assertThatThrownBy(() -> clients.update(before.id().toString(), null, "queues:fly", null, holding("*")))
                .isInstanceOfSatisfying(
                        ConveyorException.class, e -> assertThat(e.kind()).isEqualTo(Kind.INVALID));
        assertThat(clients.get(before.id().toString())).isEqualTo(before);
    }

    @Test
    void anUpdateWithABadNameIsInvalidAndChangesNothing() {
        Client before = clients.create("c", "queues:read", null).client();

        assertThatThrownBy(() -> clients.update(before.id().toString(), "", null, null, holding("*")))
                .isInstanceOfSatisfying(
                        ConveyorException.class, e -> assertThat(e.kind()).isEqualTo(Kind.INVALID));
        assertThat(clients.get(before.id().toString())).isEqualTo(before);
    }

    @Test
    void anUpdateThatChangesNothingIsInvalidAndKeepsTheTokensWorking() {
        Client before = clients.create("x", "*", null).client();

        assertThatThrownBy(() -> clients.update(before.id().toString(), null, null, null, holding("*")))
                .isInstanceOfSatisfying(
                        ConveyorException.class, e -> assertThat(e.kind()).isEqualTo(Kind.INVALID));
        assertThat(clients.get(before.id().toString()).tokenVersion()).isEqualTo(1);
    }

    @Test
    void updateOfAnUnknownClientIsNotFound() {
        assertThatThrownBy(() -> clients.update(UUID.randomUUID().toString(), "x", null, null, holding("*")))
                .isInstanceOfSatisfying(
                        ConveyorException.class, e -> assertThat(e.kind()).isEqualTo(Kind.NOT_FOUND));
    }

    @Test
    void anUpdateKeepsTheSecret() {
        ClientService.CreatedClient created = clients.create("c", "queues:read", null);

        clients.update(created.client().id().toString(), "renamed", "topics:read", false, holding("*"));

        ClientRepository.StoredClient stored =
                repository.findWithSecretHash(created.client().id()).orElseThrow();
        assertThat(secrets.matches(created.secret(), stored.secretHash())).isTrue();
    }

    // ---- delete

    @Test
    void deleteRemovesTheClientAndASecondDeleteIsNotFound() {
        Client client = clients.create("c", "queues:read", null).client();

        clients.delete(client.id().toString());

        assertThat(repository.find(client.id())).isEmpty();
        assertThatThrownBy(() -> clients.delete(client.id().toString()))
                .isInstanceOfSatisfying(
                        ConveyorException.class, e -> assertThat(e.kind()).isEqualTo(Kind.NOT_FOUND));
        assertThatThrownBy(() -> clients.delete("not-a-uuid"))
                .isInstanceOfSatisfying(
                        ConveyorException.class, e -> assertThat(e.kind()).isEqualTo(Kind.NOT_FOUND));
    }

    // ---- secrets

    @Test
    void theRightSecretMatchesItsHash() {
        String secret = secrets.generate();

        assertThat(secrets.matches(secret, secrets.hash(secret))).isTrue();
    }

    @Test
    void aWrongEmptyOrMissingSecretDoesNotMatch() {
        String secret = secrets.generate();
        byte[] hash = secrets.hash(secret);

        assertThat(secrets.matches(secrets.generate(), hash)).isFalse();
        assertThat(secrets.matches(secret.substring(1), hash)).isFalse();
        assertThat(secrets.matches(secret + "x", hash)).isFalse();
        assertThat(secrets.matches("", hash)).isFalse();
        assertThat(secrets.matches(null, hash)).isFalse();
    }

    @Test
    void noSecretMatchesAClientThatDoesNotExist() {
        String secret = secrets.generate();

        assertThat(secrets.matches(secret, null)).isFalse();
        assertThat(secrets.matches("", null)).isFalse();
        assertThat(secrets.matches(null, null)).isFalse();
    }

    @Test
    void aHashOfAnotherLengthOrAnotherKeyDoesNotMatch() {
        String secret = secrets.generate();
        byte[] hash = secrets.hash(secret);

        assertThat(secrets.matches(secret, Arrays.copyOf(hash, 16))).isFalse();
        assertThat(secrets.matches(secret, new byte[0])).isFalse();
        assertThat(secrets.matches(secret, new ClientSecrets(bytes(32, 9), new SecureRandom()).hash(secret)))
                .isFalse();
    }

    @Test
    void theServerKeyMustHaveAtLeast256Bits() {
        assertThatThrownBy(() -> new ClientSecrets(bytes(31, 1), new SecureRandom()))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new ClientSecrets(null, new SecureRandom()))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(new ClientSecrets(bytes(64, 1), new SecureRandom()).generate())
                .hasSize(43);
    }

    @Test
    void theHashIsTheSameForTheSameKeyAndSecret() {
        ClientSecrets other = new ClientSecrets(KEY.clone(), new SecureRandom());

        assertThat(other.hash("s3cret")).isEqualTo(secrets.hash("s3cret")).hasSize(32);
    }
}
