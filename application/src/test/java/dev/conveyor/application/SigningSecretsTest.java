package dev.conveyor.application;

import static org.assertj.core.api.Assertions.assertThat;

import dev.conveyor.application.fakes.DirectUnitOfWork;
import dev.conveyor.application.fakes.InMemoryClientRepository;
import dev.conveyor.application.fakes.MutableClock;
import dev.conveyor.domain.Client;
import dev.conveyor.domain.Scopes;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class SigningSecretsTest {
    private final MutableClock clock = new MutableClock();
    private final InMemoryClientRepository repository = new InMemoryClientRepository();
    private final ClientSecrets secrets = new ClientSecrets(ClientServiceTest.KEY, new SecureRandom());
    private final ClientService clients =
            new ClientService(repository, secrets, new DirectUnitOfWork(), new UuidV7Generator(clock), clock);
    private final SigningSecrets signing = new SigningSecrets(repository, secrets);

    @Test
    void anActiveClientSignsWithTheSecretItWasGivenAndAllItsScopes() {
        ClientService.CreatedClient created = clients.create("sqs", "queues:publish:orders queues:read", null);

        SigningSecrets.Signer signer =
                signing.signer(created.client().id().toString()).orElseThrow();

        assertThat(signer.secret()).isEqualTo(created.secret());
        assertThat(signer.principal().clientId()).isEqualTo(created.client().id());
        assertThat(signer.principal().scopes()).isEqualTo(Scopes.parse("queues:publish:orders queues:read"));
        assertThat(signer.toString()).doesNotContain(created.secret());
    }

    @Test
    void anInactiveUnknownOrMalformedIdSignsNothing() {
        ClientService.CreatedClient inactive = clients.create("off", "*", false, null);

        assertThat(signing.signer(inactive.client().id().toString())).isEmpty();
        assertThat(signing.signer(UUID.randomUUID().toString())).isEmpty();
        assertThat(signing.signer("AKIDEXAMPLE")).isEmpty();
        assertThat(signing.signer(null)).isEmpty();
    }

    @Test
    void aDeactivationAppliesToTheNextLookup() {
        ClientService.CreatedClient created = clients.create("sqs", "*", null);
        String id = created.client().id().toString();
        assertThat(signing.signer(id)).isPresent();

        clients.update(id, null, null, false, null);

        assertThat(signing.signer(id)).isEmpty();
    }

    @Test
    void aClientMadeBeforeSecretsWereSealedCannotSign() {
        Client old = new Client(UUID.randomUUID(), "old", Scopes.parse("*"), true, 1, Instant.EPOCH, Instant.EPOCH);
        repository.create(old, secrets.hash("old secret"), null);

        assertThat(signing.signer(old.id().toString())).isEmpty();
    }

    @Test
    void aSecretSealedUnderAnotherServerKeyDoesNotOpen() {
        ClientSecrets other = new ClientSecrets(ClientServiceTest.bytes(32, 99), new SecureRandom());
        Client client =
                new Client(UUID.randomUUID(), "moved", Scopes.parse("*"), true, 1, Instant.EPOCH, Instant.EPOCH);
        repository.create(client, secrets.hash("s"), other.seal(client.id(), "s"));

        assertThat(signing.signer(client.id().toString())).isEmpty();
    }

    // ---- the seal itself

    @Test
    void aSealOpensForItsClientOnlyAndHoldsNoPlaintext() {
        UUID id = UUID.randomUUID();
        String secret = secrets.generate();

        byte[] sealed = secrets.seal(id, secret);

        assertThat(secrets.open(id, sealed)).contains(secret);
        assertThat(secrets.open(UUID.randomUUID(), sealed)).isEmpty();
        assertThat(new String(sealed, StandardCharsets.ISO_8859_1)).doesNotContain(secret);
    }

    @Test
    void everySealIsDifferentAndADamagedOneDoesNotOpen() {
        UUID id = UUID.randomUUID();
        byte[] first = secrets.seal(id, "same");
        byte[] second = secrets.seal(id, "same");
        assertThat(first).isNotEqualTo(second);

        byte[] damaged = first.clone();
        damaged[damaged.length - 1] ^= 1;
        assertThat(secrets.open(id, damaged)).isEmpty();
        assertThat(secrets.open(id, new byte[3])).isEmpty();
        assertThat(secrets.open(id, null)).isEmpty();
    }

    @Test
    void theSealKeyIsNotTheServerKey() throws Exception {
        // Sealed under the raw server key, the secret would open with AES-GCM and that key: it must not.
        UUID id = UUID.randomUUID();
        byte[] sealed = secrets.seal(id, "secret");
        javax.crypto.Cipher cipher = javax.crypto.Cipher.getInstance("AES/GCM/NoPadding");
        cipher.init(
                javax.crypto.Cipher.DECRYPT_MODE,
                new javax.crypto.spec.SecretKeySpec(ClientServiceTest.KEY, "AES"),
                new javax.crypto.spec.GCMParameterSpec(128, java.util.Arrays.copyOf(sealed, 12)));
        cipher.updateAAD(id.toString().getBytes(StandardCharsets.UTF_8));

        org.assertj.core.api.Assertions.assertThatThrownBy(() -> cipher.doFinal(sealed, 12, sealed.length - 12))
                .isInstanceOf(javax.crypto.AEADBadTagException.class);
    }
}
