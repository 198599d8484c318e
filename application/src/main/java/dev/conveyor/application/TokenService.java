package dev.conveyor.application;

import dev.conveyor.application.port.AccessToken;
import dev.conveyor.application.port.ClientRepository;
import dev.conveyor.application.port.TokenCodec;
import dev.conveyor.domain.Client;
import dev.conveyor.domain.ConveyorException;
import dev.conveyor.domain.Scopes;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.Optional;

/** Use cases of access: tokens for client credentials, and who a presented token stands for. */
public final class TokenService {
    private final ClientRepository clients;
    private final ClientSecrets secrets;
    private final TokenCodec codec;
    private final InstantSource clock;
    private final Duration lifetime;

    public TokenService(
            ClientRepository clients, ClientSecrets secrets, TokenCodec codec, InstantSource clock, Duration lifetime) {
        this.clients = clients;
        this.secrets = secrets;
        this.codec = codec;
        this.clock = clock;
        this.lifetime = lifetime;
    }

    /** An issued token, and how long it lasts. */
    public record IssuedToken(String token, Duration expiresIn, String scope) {}

    /**
     * A token for an active client whose secret matches. Every failure (unknown id, wrong secret, inactive
     * client) is the same refusal, after the same work: one keyed hash and one comparison.
     */
    public IssuedToken issue(String clientId, String secret) {
        return issue(clientId, secret, null);
    }

    /**
     * As above, for {@code requestedScope} (space-separated) instead of all the client's scopes when it is not
     * null: a token narrowed to what its holder needs. Once the client is authenticated, a scope that does not
     * parse, or that the client does not hold, is refused as invalid, naming it.
     */
    public IssuedToken issue(String clientId, String secret, String requestedScope) {
        Optional<ClientRepository.StoredClient> stored =
                ClientService.parse(clientId).flatMap(clients::findWithSecretHash);
        byte[] hash = stored.map(ClientRepository.StoredClient::secretHash).orElse(null);
        boolean matches = secrets.matches(secret, hash);
        if (!matches || !stored.get().client().active()) {
            throw ConveyorException.unauthenticated();
        }
        Client client = stored.get().client();
        Scopes scopes = requestedScope == null ? client.scopes() : Scopes.parse(requestedScope);
        client.scopes().firstNotCovered(scopes).ifPresent(missing -> {
            throw ConveyorException.invalid("the client does not hold the scope " + missing);
        });
        Instant now = Instant.ofEpochSecond(Now.of(clock).getEpochSecond()); // JWT times are whole seconds
        String scope = scopes.text();
        String token = codec.sign(new AccessToken(client.id(), scope, client.tokenVersion(), now, now.plus(lifetime)));
        return new IssuedToken(token, lifetime, scope);
    }

    /**
     * Who the token stands for: its signature and lifetime hold, and its client still exists, is active, and
     * has not changed since (same token version). Checked against the store on every call, so that an update,
     * a deactivation or a delete stops the client's tokens at once, on every instance.
     */
    public Principal authenticate(String token) {
        AccessToken claims = codec.verify(token, Now.of(clock)).orElseThrow(ConveyorException::unauthenticated);
        Client client = clients.find(claims.clientId()).orElseThrow(ConveyorException::unauthenticated);
        if (!client.active() || client.tokenVersion() != claims.tokenVersion()) {
            throw ConveyorException.unauthenticated();
        }
        try {
            return new Principal(client.id(), Scopes.parse(claims.scope()));
        } catch (ConveyorException unparsable) {
            throw ConveyorException.unauthenticated();
        }
    }
}
