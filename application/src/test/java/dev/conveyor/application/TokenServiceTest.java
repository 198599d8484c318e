package dev.conveyor.application;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.conveyor.application.fakes.DirectUnitOfWork;
import dev.conveyor.application.fakes.InMemoryClientRepository;
import dev.conveyor.application.fakes.MutableClock;
import dev.conveyor.application.port.AccessToken;
import dev.conveyor.application.port.TokenCodec;
import dev.conveyor.domain.Client;
import dev.conveyor.domain.ConveyorException;
import dev.conveyor.domain.ConveyorException.Kind;
import dev.conveyor.domain.Scopes;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Test;

class TokenServiceTest {
    private static final Duration LIFETIME = Duration.ofMinutes(30);

    private final MutableClock clock = new MutableClock();
    private final InMemoryClientRepository repository = new InMemoryClientRepository();
    private final ClientSecrets secrets = new ClientSecrets(ClientServiceTest.KEY, new SecureRandom());
    private final FakeTokenCodec codec = new FakeTokenCodec();
    private final ClientService clients =
            new ClientService(repository, secrets, new DirectUnitOfWork(), new UuidV7Generator(clock), clock);
    private final TokenService tokens = new TokenService(repository, secrets, codec, clock, LIFETIME);

    /**
     * Writes the claims as text, {@code fake|<client>|<scope>|<version>|<iat>|<exp>}, and refuses anything else
     * and anything past its end: what the real codec's signature and lifetime checks do, without the crypto.
     */
    static final class FakeTokenCodec implements TokenCodec {
        @Override
        public String sign(AccessToken token) {
            return String.join(
                    "|",
                    "fake",
                    token.clientId().toString(),
                    token.scope(),
                    Long.toString(token.tokenVersion()),
                    token.issuedAt().toString(),
                    token.expiresAt().toString());
        }

        @Override
        public Optional<AccessToken> verify(String token, Instant now) {
            String[] parts = token == null ? new String[0] : token.split("\\|", -1);
            if (parts.length != 6 || !parts[0].equals("fake")) {
                return Optional.empty();
            }
            try {
                AccessToken claims = new AccessToken(
                        UUID.fromString(parts[1]),
                        parts[2],
                        Long.parseLong(parts[3]),
                        Instant.parse(parts[4]),
                        Instant.parse(parts[5]));
                return now.isAfter(claims.expiresAt()) ? Optional.empty() : Optional.of(claims);
            } catch (RuntimeException malformed) {
                return Optional.empty();
            }
        }

        AccessToken claims(String token) {
            return verify(token, Instant.MIN).orElseThrow();
        }
    }

    private static Principal admin() {
        return new Principal(UUID.randomUUID(), Scopes.parse("*"));
    }

    private static void assertUnauthenticated(ThrowingCallable call) {
        assertThatThrownBy(call).isInstanceOfSatisfying(ConveyorException.class, e -> {
            assertThat(e.kind()).isEqualTo(Kind.UNAUTHENTICATED);
            assertThat(e.code()).isEqualTo("unauthenticated");
            assertThat(e.getMessage()).isEqualTo("a valid access token is required");
        });
    }

    // ---- issue

    @Test
    void issuesATokenCarryingTheClientItsScopesAndItsVersionForTheLifetime() {
        clock.set(Instant.parse("2025-03-01T12:00:00.987654Z"));
        ClientService.CreatedClient created = clients.create("worker", "topics:publish queues:consume:orders", null);

        TokenService.IssuedToken issued = tokens.issue(created.client().id().toString(), created.secret());

        assertThat(issued.expiresIn()).isEqualTo(LIFETIME);
        assertThat(issued.scope()).isEqualTo("queues:consume:orders topics:publish");
        AccessToken claims = codec.claims(issued.token());
        assertThat(claims.clientId()).isEqualTo(created.client().id());
        assertThat(claims.scope()).isEqualTo("queues:consume:orders topics:publish");
        assertThat(claims.tokenVersion()).isEqualTo(1);
        assertThat(claims.issuedAt()).as("JWT times are whole seconds").isEqualTo("2025-03-01T12:00:00Z");
        assertThat(claims.expiresAt()).isEqualTo("2025-03-01T12:30:00Z");
    }

    @Test
    void aRequestedScopeNarrowsTheToken() {
        ClientService.CreatedClient created = clients.create("worker", "topics:publish queues:consume", null);
        String id = created.client().id().toString();

        TokenService.IssuedToken issued = tokens.issue(id, created.secret(), "queues:consume:orders");

        assertThat(issued.scope()).isEqualTo("queues:consume:orders");
        assertThat(codec.claims(issued.token()).scope()).isEqualTo("queues:consume:orders");
        assertThat(tokens.authenticate(issued.token()).scopes()).isEqualTo(Scopes.parse("queues:consume:orders"));
    }

    @Test
    void aRequestedScopeTheClientDoesNotHoldOrThatDoesNotParseIsInvalidNamingIt() {
        ClientService.CreatedClient created = clients.create("worker", "queues:consume:orders", null);
        String id = created.client().id().toString();

        assertThatThrownBy(() -> tokens.issue(id, created.secret(), "queues:consume"))
                .isInstanceOfSatisfying(ConveyorException.class, e -> {
                    assertThat(e.kind()).isEqualTo(Kind.INVALID);
                    assertThat(e.getMessage()).isEqualTo("the client does not hold the scope queues:consume");
                });
        assertThatThrownBy(() -> tokens.issue(id, created.secret(), "queues:fly"))
                .isInstanceOfSatisfying(
                        ConveyorException.class, e -> assertThat(e.kind()).isEqualTo(Kind.INVALID));
    }

    @Test
    void aRequestedScopeIsJudgedOnlyOnceTheClientIsAuthenticated() {
        ClientService.CreatedClient created = clients.create("worker", "queues:read", null);
        String id = created.client().id().toString();

        assertUnauthenticated(() -> tokens.issue(id, "wrong", "queues:fly"));
    }

    @Test
    void aTokenCarriesTheCurrentTokenVersion() {
        ClientService.CreatedClient created = clients.create("worker", "queues:read", null);
        String id = created.client().id().toString();
        clients.update(id, "renamed", null, null, admin());

        assertThat(codec.claims(tokens.issue(id, created.secret()).token()).tokenVersion())
                .isEqualTo(2);
    }

    @Test
    void anUnknownClientAWrongSecretAndADisabledClientGetTheSameRefusal() {
        ClientService.CreatedClient created = clients.create("worker", "queues:read", null);
        String id = created.client().id().toString();
        ClientService.CreatedClient disabled = clients.create("off", "queues:read", null);
        clients.update(disabled.client().id().toString(), null, null, false, admin());

        assertUnauthenticated(() -> tokens.issue(UUID.randomUUID().toString(), created.secret()));
        assertUnauthenticated(() -> tokens.issue(id, "wrong"));
        assertUnauthenticated(() -> tokens.issue(id, disabled.secret()));
        assertUnauthenticated(() -> tokens.issue(id, ""));
        assertUnauthenticated(() -> tokens.issue(id, null));
        assertUnauthenticated(() -> tokens.issue(disabled.client().id().toString(), disabled.secret()));
    }

    @Test
    void aMalformedClientIdIsRefusedLikeAnUnknownOne() {
        ClientService.CreatedClient created = clients.create("worker", "queues:read", null);

        assertUnauthenticated(() -> tokens.issue("not-a-uuid", created.secret()));
        assertUnauthenticated(() -> tokens.issue("", created.secret()));
        assertUnauthenticated(() -> tokens.issue(null, created.secret()));
    }

    @Test
    void aDeletedClientGetsNoToken() {
        ClientService.CreatedClient created = clients.create("worker", "queues:read", null);
        String id = created.client().id().toString();
        clients.delete(id);

        assertUnauthenticated(() -> tokens.issue(id, created.secret()));
    }

    @Test
    void aReenabledClientGetsTokensAgain() {
        ClientService.CreatedClient created = clients.create("worker", "queues:read", null);
        String id = created.client().id().toString();
        clients.update(id, null, null, false, admin());
        clients.update(id, null, null, true, admin());

        assertThat(tokens.authenticate(tokens.issue(id, created.secret()).token())
                        .clientId())
                .isEqualTo(created.client().id());
    }

    // ---- authenticate

    @Test
    void aFreshTokenStandsForItsClientWithItsScopes() {
        ClientService.CreatedClient created = clients.create("worker", "queues:consume:orders topics:publish", null);

        Principal principal = tokens.authenticate(
                tokens.issue(created.client().id().toString(), created.secret()).token());

        assertThat(principal.clientId()).isEqualTo(created.client().id());
        assertThat(principal.scopes()).isEqualTo(Scopes.parse("topics:publish queues:consume:orders"));
    }

    @Test
    void aTokenTheCodecRefusesIsUnauthenticated() {
        assertUnauthenticated(() -> tokens.authenticate("garbage"));
        assertUnauthenticated(() -> tokens.authenticate(""));
    }

    @Test
    void aTokenPastItsEndIsUnauthenticated() {
        ClientService.CreatedClient created = clients.create("worker", "queues:read", null);
        String token =
                tokens.issue(created.client().id().toString(), created.secret()).token();

        clock.advance(LIFETIME.plusSeconds(1));

        assertUnauthenticated(() -> tokens.authenticate(token));
    }

    @Test
    void eachChangeOfTheClientEndsItsEarlierTokensAtOnce() {
        ClientService.CreatedClient created = clients.create("worker", "queues:read", null);
        String id = created.client().id().toString();

        String beforeRename = tokens.issue(id, created.secret()).token();
        clients.update(id, "renamed", null, null, admin());
        assertUnauthenticated(() -> tokens.authenticate(beforeRename));

        String beforeScopes = tokens.issue(id, created.secret()).token();
        clients.update(id, null, "topics:read", null, admin());
        assertUnauthenticated(() -> tokens.authenticate(beforeScopes));

        String fresh = tokens.issue(id, created.secret()).token();
        assertThat(tokens.authenticate(fresh).scopes()).isEqualTo(Scopes.parse("topics:read"));
    }

    @Test
    void disablingAClientEndsItsTokensAndReenablingDoesNotRevive() {
        ClientService.CreatedClient created = clients.create("worker", "queues:read", null);
        String id = created.client().id().toString();
        String token = tokens.issue(id, created.secret()).token();

        clients.update(id, null, null, false, admin());
        assertUnauthenticated(() -> tokens.authenticate(token));

        clients.update(id, null, null, true, admin());
        assertUnauthenticated(() -> tokens.authenticate(token));
    }

    @Test
    void aDisabledClientIsRefusedEvenWithATokenOfItsCurrentVersion() {
        ClientService.CreatedClient created = clients.create("worker", "queues:read", null);
        Client disabled = clients.update(created.client().id().toString(), null, null, false, admin());
        String forged = codec.sign(new AccessToken(
                disabled.id(),
                "queues:read",
                disabled.tokenVersion(),
                clock.instant(),
                clock.instant().plus(LIFETIME)));

        assertUnauthenticated(() -> tokens.authenticate(forged));
    }

    @Test
    void deletingAClientEndsItsTokens() {
        ClientService.CreatedClient created = clients.create("worker", "queues:read", null);
        String id = created.client().id().toString();
        String token = tokens.issue(id, created.secret()).token();

        clients.delete(id);

        assertUnauthenticated(() -> tokens.authenticate(token));
    }

    @Test
    void aTokenOfAnotherVersionIsRefusedEvenANewerOne() {
        Client client = clients.create("worker", "queues:read", null).client();
        String newer = codec.sign(new AccessToken(
                client.id(),
                "queues:read",
                client.tokenVersion() + 1,
                clock.instant(),
                clock.instant().plus(LIFETIME)));

        assertUnauthenticated(() -> tokens.authenticate(newer));
    }

    @Test
    void aTokenForAClientThatNeverExistedIsRefused() {
        String token = codec.sign(new AccessToken(
                UUID.randomUUID(), "*", 1, clock.instant(), clock.instant().plus(LIFETIME)));

        assertUnauthenticated(() -> tokens.authenticate(token));
    }

    @Test
    void aTokenWhoseScopeDoesNotParseIsUnauthenticatedNotInvalid() {
        Client client = clients.create("worker", "queues:read", null).client();
        for (String scope : new String[] {"", "queues:fly", " "}) {
            String token = codec.sign(new AccessToken(
                    client.id(),
                    scope,
                    client.tokenVersion(),
                    clock.instant(),
                    clock.instant().plus(LIFETIME)));

            assertUnauthenticated(() -> tokens.authenticate(token));
        }
    }

    // ---- the principal

    @Test
    void thePrincipalRefusesWhatItsScopesDoNotAllowNamingTheScope() {
        Principal principal = new Principal(UUID.randomUUID(), Scopes.parse("queues:consume:orders queues:read"));

        principal.require("queues", "consume", "orders");
        principal.require("queues", "read", null);
        assertThatThrownBy(() -> principal.require("queues", "consume", "other"))
                .isInstanceOfSatisfying(ConveyorException.class, e -> {
                    assertThat(e.kind()).isEqualTo(Kind.FORBIDDEN);
                    assertThat(e.getMessage()).isEqualTo("the access token lacks the scope queues:consume:other");
                });
        assertThatThrownBy(() -> principal.require("queues", "consume", null))
                .hasMessage("the access token lacks the scope queues:consume");
    }

    @Test
    void thePrincipalRefusesAsForbiddenEvenWhenTheNameIsNoValidName() {
        // The name comes from the request (path or body): a bad one is the caller's problem to hear about as 403
        // here, and as 404 or 422 from the call itself once a scope allows it.
        Principal principal = new Principal(UUID.randomUUID(), Scopes.parse("queues:read:orders"));

        for (String name : new String[] {"bad name", ".hidden", "a:b", "*", "caf\u00e9"}) {
            assertThatThrownBy(() -> principal.require("queues", "read", name))
                    .isInstanceOfSatisfying(
                            ConveyorException.class, e -> assertThat(e.kind()).isEqualTo(Kind.FORBIDDEN));
        }
    }
}
