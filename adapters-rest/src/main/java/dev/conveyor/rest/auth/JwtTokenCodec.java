package dev.conveyor.rest.auth;

import dev.conveyor.application.port.AccessToken;
import dev.conveyor.application.port.TokenCodec;
import io.jsonwebtoken.Claims;
import io.jsonwebtoken.Jws;
import io.jsonwebtoken.JwtException;
import io.jsonwebtoken.JwtParser;
import io.jsonwebtoken.Jwts;
import io.jsonwebtoken.security.Keys;
import java.time.Instant;
import java.util.Date;
import java.util.Optional;
import java.util.UUID;
import javax.crypto.SecretKey;

/**
 * Access tokens as HS256 JWTs, with jjwt: it refuses keys under 256 bits, unsigned ({@code alg: none}) tokens
 * and keys too short for the algorithm a token claims; on top of that only HS256 is accepted.
 */
public final class JwtTokenCodec implements TokenCodec {
    /** Clock differences between instances (and clients) tolerated on {@code exp} and {@code nbf}. */
    public static final long LEEWAY_SECONDS = 60;

    static final String SCOPE = "scope";
    static final String VERSION = "ver";
    /** Far longer than any token this server issues; anything longer is not parsed at all. */
    private static final int MAX_LENGTH = 8192;

    private final SecretKey key;

    /** @param key at least 256 bits; a shorter one is refused with jjwt's WeakKeyException */
    public JwtTokenCodec(byte[] key) {
        this.key = Keys.hmacShaKeyFor(key);
    }

    @Override
    public String sign(AccessToken token) {
        return Jwts.builder()
                .subject(token.clientId().toString())
                .issuedAt(Date.from(token.issuedAt()))
                .expiration(Date.from(token.expiresAt()))
                .claim(SCOPE, token.scope())
                .claim(VERSION, token.tokenVersion())
                .signWith(key, Jwts.SIG.HS256)
                .compact();
    }

    @Override
    public Optional<AccessToken> verify(String token, Instant now) {
        if (token == null || token.isEmpty() || token.length() > MAX_LENGTH) {
            return Optional.empty();
        }
        try {
            JwtParser parser = Jwts.parser()
                    .verifyWith(key)
                    .clock(() -> Date.from(now))
                    .clockSkewSeconds(LEEWAY_SECONDS)
                    .build();
            Jws<Claims> jws = parser.parseSignedClaims(token);
            if (!Jwts.SIG.HS256.getId().equals(jws.getHeader().getAlgorithm())) {
                return Optional.empty();
            }
            Claims claims = jws.getPayload();
            Object scope = claims.get(SCOPE);
            Object version = claims.get(VERSION);
            if (claims.getSubject() == null
                    || claims.getIssuedAt() == null
                    || claims.getExpiration() == null
                    || !(scope instanceof String scopes)
                    || !(version instanceof Number number)) {
                return Optional.empty();
            }
            return Optional.of(new AccessToken(
                    UUID.fromString(claims.getSubject()),
                    scopes,
                    number.longValue(),
                    claims.getIssuedAt().toInstant(),
                    claims.getExpiration().toInstant()));
        } catch (JwtException | IllegalArgumentException | ClassCastException rejected) {
            return Optional.empty();
        }
    }
}
