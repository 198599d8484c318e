package dev.conveyor.application.port;

import java.time.Instant;
import java.util.Optional;

/** Outgoing port that signs access tokens, and checks the ones presented. */
public interface TokenCodec {
    String sign(AccessToken token);

    /**
     * The token's claims when it is well-formed, signed with the server's key by the one accepted algorithm,
     * and within its lifetime at {@code now} (with a small leeway); empty for anything else.
     */
    Optional<AccessToken> verify(String token, Instant now);
}
