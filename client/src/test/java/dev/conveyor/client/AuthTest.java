package dev.conveyor.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A server with authentication on: tokens from client credentials, renewed before they expire and when
 * the server refuses one; the client calls; 401 and 403. The server's shortest token lifetime is a minute, so the
 * client's clock is moved instead of waiting one out; a refused token is made by changing the client, which ends its
 * tokens at once, as an expiry does.
 */
@ExtendWith(SecuredServer.class)
class AuthTest {
    private static final String PASSES_TOKEN_CALL = "POST /v1/oauth/token";

    private static ConveyorServer server;
    private static String[] admin;
    private static ConveyorClient adminClient;

    /** A clock the test moves. */
    static final class MovableClock implements InstantSource {
        private volatile Instant now = Instant.now();

        @Override
        public Instant instant() {
            return now;
        }

        void advance(Duration by) {
            now = now.plus(by);
        }
    }

    @BeforeAll
    static void connect(SecuredServer.Secured secured) {
        server = secured.server();
        admin = new String[] {secured.adminId(), secured.adminSecret()};
        adminClient = secured.admin();
    }

    @Test
    void callsWithATokenFromClientCredentials() {
        String queue = adminClient.createQueue(Names.unique("secured")).id();

        assertThat(adminClient.getQueue(queue).id()).isEqualTo(queue);
        Token token = adminClient.issueToken(admin[0], admin[1]);
        assertThat(token.tokenType()).isEqualTo("Bearer");
        assertThat(token.expiresIn()).isEqualTo(60);
        assertThat(token.scope()).isEqualTo("*");
        assertThat(ConveyorClient.builder(server.url())
                        .bearerToken(token.accessToken())
                        .build()
                        .getQueue(queue)
                        .id())
                .isEqualTo(queue);
    }

    @Test
    void answersUnauthorizedAndForbidden() {
        assertThatThrownBy(() -> server.client().listQueues())
                .isInstanceOfSatisfying(
                        ConveyorException.Unauthorized.class,
                        refused -> assertThat(refused.status()).isEqualTo(401));
        assertThatThrownBy(() -> adminClient.issueToken(admin[0], "wrong"))
                .isInstanceOf(ConveyorException.Unauthorized.class);
        ConveyorClient wrongSecret = ConveyorClient.builder(server.url())
                .clientCredentials(admin[0], "wrong")
                .build();
        assertThatThrownBy(wrongSecret::listQueues).isInstanceOf(ConveyorException.Unauthorized.class);

        ApiClient reader = adminClient.createApiClient(NewApiClient.of(Names.unique("reader"), "queues:read"));
        ConveyorClient readOnly = ConveyorClient.builder(server.url())
                .clientCredentials(reader.id(), reader.secret().orElseThrow())
                .build();
        assertThat(readOnly.listQueues().data()).isNotNull();
        assertThatThrownBy(() -> readOnly.createQueue(Names.unique("not-allowed")))
                .isInstanceOfSatisfying(
                        ConveyorException.Forbidden.class,
                        forbidden -> assertThat(forbidden.status()).isEqualTo(403));
    }

    @Test
    void managesApiClients() {
        ApiClient created = adminClient.createApiClient(
                new NewApiClient(Names.unique("worker"), "queues:consume:billing topics:publish", null));

        assertThat(created.secret()).isPresent();
        assertThat(created.isActive()).isTrue();
        assertThat(created.scopes()).isEqualTo("queues:consume:billing topics:publish");
        assertThat(created.toString()).doesNotContain(created.clientSecret());
        ApiClient read = adminClient.getApiClient(created.id());
        assertThat(read.secret()).as("shown once").isEmpty();
        assertThat(read.tokenVersion()).isEqualTo(created.tokenVersion());
        assertThat(adminClient.listApiClients(Paging.first(1000)).data())
                .extracting(ApiClient::id)
                .contains(created.id(), admin[0]);

        ApiClient replaced = adminClient.replaceApiClient(created.id(), new ApiClientUpdate(null, "queues:read", null));
        assertThat(replaced.scopes()).isEqualTo("queues:read");
        assertThat(replaced.name()).as("null keeps it").isEqualTo(created.name());
        assertThat(replaced.tokenVersion()).isGreaterThan(created.tokenVersion());

        ApiClient disabled =
                adminClient.patchApiClient(created.id(), ApiClientPatch.create().isActive(false));
        assertThat(disabled.isActive()).isFalse();
        assertThat(disabled.scopes()).isEqualTo("queues:read");
        ApiClient enabled = adminClient.patchApiClient(
                created.id(), ApiClientPatch.create().isActive(null).name("renamed"));
        assertThat(enabled.isActive()).as("null resets it to active").isTrue();
        assertThat(enabled.name()).isEqualTo("renamed");

        adminClient.deleteApiClient(created.id());
        assertThatThrownBy(() -> adminClient.getApiClient(created.id())).isInstanceOf(ConveyorException.NotFound.class);
        assertThatThrownBy(() -> adminClient.patchApiClient(
                        UUID.randomUUID().toString(), ApiClientPatch.create().name("x")))
                .isInstanceOf(ConveyorException.NotFound.class);
        assertThatThrownBy(() -> adminClient.createApiClient(NewApiClient.of("bad", "queues:fly")))
                .isInstanceOf(ConveyorException.Invalid.class);
    }

    @Test
    void renewsTheTokenBeforeItExpires() throws Exception {
        MovableClock clock = new MovableClock();
        try (FaultyProxy proxy = new FaultyProxy(server.url())) {
            ConveyorClient client = ConveyorClient.builder(proxy.url())
                    .clientCredentials(admin[0], admin[1])
                    .clock(clock)
                    .build();

            client.listQueues();
            client.listQueues();
            assertThat(proxy.count(PASSES_TOKEN_CALL)).isEqualTo(1);

            clock.advance(Duration.ofSeconds(30));
            client.listQueues();
            assertThat(proxy.count(PASSES_TOKEN_CALL))
                    .as("30 s of 60 used: kept")
                    .isEqualTo(1);

            clock.advance(Duration.ofSeconds(20));
            client.listQueues();
            assertThat(proxy.count(PASSES_TOKEN_CALL))
                    .as("50 s of 60 used: renewed before it ends")
                    .isEqualTo(2);
            assertThat(proxy.answered()).doesNotContain(401);
        }
    }

    @Test
    void renewsARefusedTokenOnceAndCarriesOn() throws Exception {
        ApiClient worker = adminClient.createApiClient(NewApiClient.of(Names.unique("worker"), "queues:read"));
        try (FaultyProxy proxy = new FaultyProxy(server.url())) {
            ConveyorClient client = ConveyorClient.builder(proxy.url())
                    .clientCredentials(worker.id(), worker.secret().orElseThrow())
                    .build();
            client.listQueues();

            // A change to the client ends its tokens at once: the next call is refused, and the client renews.
            adminClient.patchApiClient(worker.id(), ApiClientPatch.create().name("renamed"));
            client.listQueues();

            assertThat(proxy.count(PASSES_TOKEN_CALL)).isEqualTo(2);
            assertThat(proxy.answered()).containsExactly(201, 200, 401, 201, 200);

            // Disabled, it gets no new token: the refusal surfaces, after one try to renew.
            adminClient.patchApiClient(worker.id(), ApiClientPatch.create().isActive(false));
            assertThatThrownBy(client::listQueues).isInstanceOf(ConveyorException.Unauthorized.class);
            assertThat(proxy.count(PASSES_TOKEN_CALL)).isEqualTo(3);
        }
    }
}
