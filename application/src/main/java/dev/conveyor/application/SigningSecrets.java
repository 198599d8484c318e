package dev.conveyor.application;

import dev.conveyor.application.port.ClientRepository;
import java.util.Optional;

/**
 * The use case behind AWS Signature Version 4: the secret an active client signs requests with, and what the
 * client may do. Read from the store on every call, as {@link TokenService#authenticate} reads the client for
 * every bearer token (one primary-key read, no more): a deactivation, a scope change or a delete applies to the
 * very next request, on every instance, with no cache to wait out.
 */
public final class SigningSecrets {
    private final ClientRepository clients;
    private final ClientSecrets secrets;

    public SigningSecrets(ClientRepository clients, ClientSecrets secrets) {
        this.clients = clients;
        this.secrets = secrets;
    }

    /** An active client that can sign: who it is, with all its scopes, and its secret. */
    public record Signer(Principal principal, String secret) {
        @Override
        public String toString() {
            return "Signer[" + principal + ", secret hidden]";
        }
    }

    /**
     * The signer the access key id names; empty when it names no client, an inactive one, or one without a sealed
     * secret (made before secrets were sealed) or whose seal does not open (the server key has changed).
     */
    public Optional<Signer> signer(String accessKeyId) {
        return ClientService.parse(accessKeyId)
                .flatMap(clients::findWithSealedSecret)
                .filter(stored -> stored.client().active())
                .flatMap(stored -> secrets.open(stored.client().id(), stored.sealedSecret())
                        .map(secret -> new Signer(
                                new Principal(
                                        stored.client().id(), stored.client().scopes()),
                                secret)));
    }
}
