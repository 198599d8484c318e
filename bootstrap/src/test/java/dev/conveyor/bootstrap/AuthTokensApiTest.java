package dev.conveyor.bootstrap;

import static dev.conveyor.bootstrap.Api.j;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.conveyor.application.fakes.MutableClock;
import dev.conveyor.bootstrap.BearerApi.Credentials;
import dev.conveyor.bootstrap.BearerApi.Reply;
import dev.conveyor.postgres.testing.TestDatabase;
import io.dropwizard.testing.ConfigOverride;
import io.dropwizard.testing.junit5.DropwizardAppExtension;
import io.dropwizard.testing.junit5.DropwizardExtensionsSupport;
import io.jsonwebtoken.Claims;
import io.jsonwebtoken.Jws;
import io.jsonwebtoken.Jwts;
import io.jsonwebtoken.security.Keys;
import java.time.Duration;
import java.util.Date;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The token call, what a token is, and every way a presented token can fail: always the one generic 401.
 * Time moves only when the test moves CLOCK; tokens last 10 minutes here.
 */
@ExtendWith(DropwizardExtensionsSupport.class)
class AuthTokensApiTest {
    static final byte[] KEY = BearerApi.key(1);
    static final long LIFETIME_SECONDS = 600;
    static final TestDatabase DB = TestDatabase.create();
    static final MutableClock CLOCK = ConveyorTestApp.clock();
    static final DropwizardAppExtension<ConveyorConfiguration> APP = ConveyorTestApp.extension(
            DB,
            CLOCK,
            ConfigOverride.config("auth.enabled", "true"),
            ConfigOverride.config("auth.secretKey", BearerApi.base64(KEY)),
            ConfigOverride.config("auth.tokenLifetime", "10m"));
    static final BearerApi API = new BearerApi(APP::getLocalPort);
    /** Made in the database directly, as the create-client command does. */
    static final Credentials ADMIN = BearerApi.createDirectly(DB, KEY, CLOCK, "admin", "*");

    @AfterAll
    static void dropDatabase() {
        DB.close();
    }

    private static String admin() {
        return API.token(ADMIN);
    }

    private static long now() {
        return CLOCK.instant().getEpochSecond();
    }

    /** A call any valid token of the admin may make. */
    private static Reply protectedCall(String authorization) {
        return API.send("GET", "/v1/queues", null, authorization);
    }

    // ---- the token call

    @Test
    void theTokenCallAnswersABearerTokenForTheLifetimeThatIsNotToBeCached() {
        Credentials client = API.createClient(admin(), "worker", "topics:publish queues:consume:orders");

        Reply reply = API.requestToken(client.id(), client.secret());

        JsonNode body = reply.expect(201);
        assertThat(body.properties())
                .extracting(e -> e.getKey())
                .containsExactlyInAnyOrder("access_token", "token_type", "expires_in", "scope");
        assertThat(body.get("token_type").asText()).isEqualTo("Bearer");
        assertThat(body.get("expires_in").isIntegralNumber()).isTrue();
        assertThat(body.get("expires_in").asLong()).isEqualTo(LIFETIME_SECONDS);
        assertThat(body.get("scope").asText()).isEqualTo("queues:consume:orders topics:publish");
        assertThat(body.get("access_token").asText()).matches("[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]+");
        assertThat(reply.header("Cache-Control")).contains("no-store");
        assertThat(reply.header("Content-Type")).startsWith("application/json");
    }

    @Test
    void theAccessTokenIsAnHs256JwtCarryingTheClientItsScopeAndItsVersion() {
        Credentials client = API.createClient(admin(), "claims", "queues:read:orders topics:read");
        long issuedAt = now();

        String token = API.token(client);

        JsonNode header = Jwt.header(token);
        assertThat(header.get("alg").asText()).isEqualTo("HS256");
        JsonNode payload = Jwt.payload(token);
        assertThat(payload.properties()).extracting(e -> e.getKey()).contains("sub", "iat", "exp", "scope", "ver");
        assertThat(payload.get("sub").asText()).isEqualTo(client.id());
        assertThat(payload.get("iat").asLong()).isEqualTo(issuedAt);
        assertThat(payload.get("exp").asLong()).isEqualTo(issuedAt + LIFETIME_SECONDS);
        assertThat(payload.get("scope").asText()).isEqualTo("queues:read:orders topics:read");
        assertThat(payload.get("ver").isIntegralNumber()).isTrue();
        assertThat(payload.get("ver").asLong()).isEqualTo(1);
        Jws<Claims> verified = Jwts.parser()
                .verifyWith(Keys.hmacShaKeyFor(KEY))
                .clock(() -> Date.from(CLOCK.instant()))
                .build()
                .parseSignedClaims(token);
        assertThat(verified.getPayload().getSubject())
                .as("signed with the configured key")
                .isEqualTo(client.id());
    }

    @Test
    void aTokenCarriesTheTokenVersionOfTheClientAtIssue() {
        String admin = admin();
        Credentials client = API.createClient(admin, "versioned", "queues:read");
        API.put("/v1/clients/" + client.id(), "{\"name\": \"renamed\"}", admin).expect(200);

        assertThat(Jwt.payload(API.token(client)).get("ver").asLong()).isEqualTo(2);
    }

    @Test
    void theTokenCallNeedsNoAuthorizationAndIgnoresABadOne() {
        Reply reply = API.send(
                "POST",
                "/v1/oauth/token",
                j("{'client_id': '%s', 'client_secret': '%s'}", ADMIN.id(), ADMIN.secret()),
                "Bearer not-a-token");

        reply.expect(201);
    }

    @Test
    void unknownClientWrongSecretDisabledDeletedAndMalformedClientIdAllGetTheSame401() {
        String admin = admin();
        Credentials disabled = API.createClient(admin, "disabled", "queues:read");
        API.put("/v1/clients/" + disabled.id(), "{\"is_active\": false}", admin).expect(200);
        Credentials deleted = API.createClient(admin, "deleted", "queues:read");
        API.delete("/v1/clients/" + deleted.id(), admin).expect(204);

        List<Reply> replies = List.of(
                API.requestToken(UUID.randomUUID().toString(), ADMIN.secret()),
                API.requestToken(ADMIN.id(), "wrong-secret"),
                API.requestToken(ADMIN.id(), ADMIN.secret().substring(1)),
                API.requestToken(ADMIN.id(), ""),
                API.requestToken(disabled.id(), disabled.secret()),
                API.requestToken(deleted.id(), deleted.secret()),
                API.requestToken("not-a-uuid", ADMIN.secret()),
                API.requestToken(ADMIN.id().toUpperCase(Locale.ROOT) + "0", ADMIN.secret()),
                API.requestToken("", ADMIN.secret()));

        for (Reply reply : replies) {
            reply.expectUnauthorized();
            assertThat(reply.text())
                    .as("byte for byte the same body")
                    .isEqualTo(replies.get(0).text());
        }
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "{}",
                "[]",
                "null",
                "not json",
                "{\"client_id\": 5, \"client_secret\": true}",
                "{\"client_id\": \"x\"}",
                "{\"client_secret\": \"x\"}",
                "{\"client_id\": null, \"client_secret\": null}",
                "{\"client_id\": \"x\", \"client_secret\": \"y\", \"grant_type\": \"client_credentials\", \"extra\": 1}"
            })
    void aMalformedTokenRequestIsAClientErrorNeverA500(String body) {
        Reply reply = API.post("/v1/oauth/token", body, null);

        assertThat(reply.status()).as("status of %s", reply.text()).isBetween(400, 499);
        assertThat(reply.text()).doesNotContain("Exception").doesNotContain("at dev.");
    }

    // ---- presented tokens

    @Test
    void aValidTokenIsAccepted() {
        protectedCall("Bearer " + admin()).expect(200);
    }

    @Test
    void aTokenSignedWithTheServerKeyOutsideTheServerIsAcceptedSoTheForgedFailuresBelowAreMeaningful() {
        protectedCall(signedWithTheKey(adminClaims())).expect(200);
        String byLibrary = Jwts.builder()
                .subject(ADMIN.id())
                .issuedAt(Date.from(CLOCK.instant()))
                .expiration(Date.from(CLOCK.instant().plusSeconds(60)))
                .claim("scope", "*")
                .claim("ver", 1)
                .signWith(Keys.hmacShaKeyFor(KEY), Jwts.SIG.HS256)
                .compact();
        protectedCall("Bearer " + byLibrary).expect(200);
    }

    @Test
    void theSchemeIsMatchedWithoutRegardToCase() {
        // RFC 7235: the auth-scheme is case-insensitive.
        protectedCall("bearer " + admin()).expect(200);
    }

    private static Named<Function<String, String>> header(String name, Function<String, String> fromValidToken) {
        return Named.of(name, fromValidToken);
    }

    /** A Bearer header with a token signed with the server's key, over these claims. */
    private static String signedWithTheKey(String claimsJson) {
        return "Bearer " + Jwt.hs256(KEY, claimsJson);
    }

    /** Claims that would be valid for the admin for the next minute. */
    private static String adminClaims() {
        return Jwt.claims(ADMIN.id(), now(), now() + 60, "*", 1);
    }

    private static String part(String token, int index) {
        return token.split("\\.")[index];
    }

    /** Each builds the Authorization header, some from a valid admin token made just before. */
    static Stream<Named<Function<String, String>>> badAuthorizations() {
        byte[] otherKey = BearerApi.key(2);
        byte[] weakKey = java.util.Arrays.copyOf(KEY, 16);
        String id = ADMIN.id();
        return Stream.of(
                header("no header", valid -> null),
                header("an empty header", valid -> ""),
                header("Bearer alone", valid -> "Bearer"),
                header("Bearer and spaces", valid -> "Bearer    "),
                header(
                        "another scheme with the client's credentials",
                        valid -> "Basic "
                                + java.util.Base64.getEncoder()
                                        .encodeToString((id + ":" + ADMIN.secret())
                                                .getBytes(java.nio.charset.StandardCharsets.UTF_8))),
                header("the token without a scheme", valid -> valid),
                header("the token under another scheme", valid -> "Token " + valid),
                header("not a JWT", valid -> "Bearer abc"),
                header("three garbage parts", valid -> "Bearer a.b.c"),
                header("five parts, the shape of a JWE", valid -> "Bearer a.b.c.d.e"),
                header("the client secret instead of a token", valid -> "Bearer " + ADMIN.secret()),
                header("two tokens", valid -> "Bearer " + valid + " " + valid),
                header("a token with a long tail", valid -> "Bearer " + valid + "A".repeat(6000)),
                header(
                        "a payload that is not JSON",
                        valid -> "Bearer " + part(valid, 0) + "." + Jwt.encode("not json") + "." + part(valid, 2)),
                header("a payload changed under the original signature", valid -> {
                    com.fasterxml.jackson.databind.node.ObjectNode payload =
                            (com.fasterxml.jackson.databind.node.ObjectNode) Jwt.payload(valid);
                    payload.put("exp", payload.get("exp").asLong() + 3600);
                    return "Bearer " + part(valid, 0) + "." + Jwt.encode(payload.toString()) + "." + part(valid, 2);
                }),
                header(
                        "the signature of another token",
                        valid -> "Bearer " + part(valid, 0) + "." + part(valid, 1) + "."
                                + part(Jwt.hs256(KEY, adminClaims()), 2)),
                header("no signature", valid -> "Bearer " + part(valid, 0) + "." + part(valid, 1) + "."),
                header(
                        "another 256-bit key",
                        valid -> "Bearer "
                                + Jwts.builder()
                                        .subject(id)
                                        .issuedAt(Date.from(CLOCK.instant()))
                                        .expiration(Date.from(CLOCK.instant().plusSeconds(60)))
                                        .claim("scope", "*")
                                        .claim("ver", 1)
                                        .signWith(Keys.hmacShaKeyFor(otherKey), Jwts.SIG.HS256)
                                        .compact()),
                header("a 128-bit key", valid -> "Bearer " + Jwt.hs256(weakKey, adminClaims())),
                header("a one-byte key", valid -> "Bearer " + Jwt.hs256(new byte[] {0}, adminClaims())),
                header("alg none", valid -> "Bearer " + Jwt.unsigned(adminClaims())),
                header(
                        "alg none over the original signature",
                        valid -> "Bearer " + Jwt.encode("{\"alg\":\"none\"}") + "." + part(valid, 1) + "."
                                + part(valid, 2)),
                header(
                        "alg None",
                        valid -> "Bearer " + Jwt.encode("{\"alg\":\"None\"}") + "." + Jwt.encode(adminClaims()) + "."),
                header(
                        "alg HS512 with the server key",
                        valid -> "Bearer " + Jwt.signed("{\"alg\":\"HS512\"}", adminClaims(), "HmacSHA512", KEY)),
                header(
                        "alg HS384 with the server key",
                        valid -> "Bearer " + Jwt.signed("{\"alg\":\"HS384\"}", adminClaims(), "HmacSHA384", KEY)),
                header(
                        "alg RS256 over an HMAC of the server key",
                        valid -> "Bearer " + Jwt.signed("{\"alg\":\"RS256\"}", adminClaims(), "HmacSHA256", KEY)),
                header("expired 61 s ago", valid -> signedWithTheKey(Jwt.claims(id, now() - 661, now() - 61, "*", 1))),
                header(
                        "expired an hour ago",
                        valid -> signedWithTheKey(Jwt.claims(id, now() - 7200, now() - 3600, "*", 1))),
                header(
                        "no sub",
                        valid -> signedWithTheKey(
                                j("{'iat': %d, 'exp': %d, 'scope': '*', 'ver': 1}", now(), now() + 60))),
                header(
                        "no scope",
                        valid -> signedWithTheKey(
                                j("{'sub': '%s', 'iat': %d, 'exp': %d, 'ver': 1}", id, now(), now() + 60))),
                header(
                        "no ver",
                        valid -> signedWithTheKey(
                                j("{'sub': '%s', 'iat': %d, 'exp': %d, 'scope': '*'}", id, now(), now() + 60))),
                header(
                        "no exp",
                        valid -> signedWithTheKey(j("{'sub': '%s', 'iat': %d, 'scope': '*', 'ver': 1}", id, now()))),
                header(
                        "no iat",
                        valid -> signedWithTheKey(
                                j("{'sub': '%s', 'exp': %d, 'scope': '*', 'ver': 1}", id, now() + 60))),
                header("no claims at all", valid -> signedWithTheKey("{}")),
                header("a payload that is an array", valid -> signedWithTheKey("[1, 2]")),
                header(
                        "ver as text",
                        valid -> signedWithTheKey(j(
                                "{'sub': '%s', 'iat': %d, 'exp': %d, 'scope': '*', 'ver': '1'}",
                                id, now(), now() + 60))),
                header(
                        "scope as a list",
                        valid -> signedWithTheKey(j(
                                "{'sub': '%s', 'iat': %d, 'exp': %d, 'scope': ['*'], 'ver': 1}",
                                id, now(), now() + 60))),
                header(
                        "a scope that does not parse",
                        valid -> signedWithTheKey(Jwt.claims(id, now(), now() + 60, "queues:fly", 1))),
                header(
                        "sub not a client id",
                        valid -> signedWithTheKey(Jwt.claims("admin", now(), now() + 60, "*", 1))),
                header(
                        "sub of no client",
                        valid -> signedWithTheKey(Jwt.claims(UUID.randomUUID().toString(), now(), now() + 60, "*", 1))),
                header("an older token version", valid -> signedWithTheKey(Jwt.claims(id, now(), now() + 60, "*", 0))),
                header("a newer token version", valid -> signedWithTheKey(Jwt.claims(id, now(), now() + 60, "*", 2))));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badAuthorizations")
    void everyTokenProblemGetsTheOneGeneric401(Function<String, String> authorization) {
        String header = authorization.apply(admin());

        protectedCall(header).expectUnauthorized();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badAuthorizations")
    void aTokenProblemIs401OnCallsThatWouldChangeSomethingAndChangesNothing(Function<String, String> authorization) {
        String admin = admin();
        String queue = "untouched-" + UUID.randomUUID().toString().substring(0, 8);

        API.send("POST", "/v1/queues", j("{'id': '%s'}", queue), authorization.apply(admin))
                .expectUnauthorized();

        API.get("/v1/queues/" + queue, admin).expect(404);
    }

    // ---- leeway

    @Test
    void aTokenExpiredWithinTheLeewayIsStillAccepted() {
        protectedCall(signedWithTheKey(Jwt.claims(ADMIN.id(), now() - 630, now() - 30, "*", 1)))
                .expect(200);
        protectedCall(signedWithTheKey(Jwt.claims(ADMIN.id(), now() - 659, now() - 59, "*", 1)))
                .expect(200);
    }

    @Test
    void anIssuedTokenWorksThroughItsLifetimeAndTheLeewayAndNotAfter() {
        String token = admin();

        CLOCK.advance(Duration.ofSeconds(LIFETIME_SECONDS - 1));
        protectedCall("Bearer " + token).expect(200);
        CLOCK.advance(Duration.ofSeconds(31));
        protectedCall("Bearer " + token).expect(200); // 30 s past its end: within the 60 s leeway
        CLOCK.advance(Duration.ofSeconds(31));
        protectedCall("Bearer " + token).expectUnauthorized();
        protectedCall("Bearer " + admin()).expect(200);
    }

    // ---- revocation

    @Test
    void changingAClientsScopesEndsItsEarlierTokensAtOnce() {
        String admin = admin();
        Credentials client = API.createClient(admin, "scoped", "queues:read");
        String before = API.token(client);
        protectedCall("Bearer " + before).expect(200);

        JsonNode changed = API.put("/v1/clients/" + client.id(), "{\"scopes\": \"queues:read topics:read\"}", admin)
                .expect(200);

        assertThat(changed.get("token_version").asLong()).isEqualTo(2);
        protectedCall("Bearer " + before).expectUnauthorized();
        String after = API.token(client);
        protectedCall("Bearer " + after).expect(200);
        API.get("/v1/topics", after).expect(200);
    }

    @Test
    void renamingAClientEndsItsEarlierTokensAtOnce() {
        String admin = admin();
        Credentials client = API.createClient(admin, "named", "queues:read");
        String before = API.token(client);

        API.put("/v1/clients/" + client.id(), "{\"name\": \"renamed\"}", admin).expect(200);

        protectedCall("Bearer " + before).expectUnauthorized();
        protectedCall("Bearer " + API.token(client)).expect(200);
    }

    @Test
    void disablingAClientEndsItsTokensAndItsTokenCallsAndReenablingDoesNotReviveOldTokens() {
        String admin = admin();
        Credentials client = API.createClient(admin, "switched", "queues:read");
        String before = API.token(client);

        JsonNode disabled = API.put("/v1/clients/" + client.id(), "{\"is_active\": false}", admin)
                .expect(200);

        assertThat(disabled.get("is_active").asBoolean()).isFalse();
        protectedCall("Bearer " + before).expectUnauthorized();
        API.requestToken(client.id(), client.secret()).expectUnauthorized();

        API.put("/v1/clients/" + client.id(), "{\"is_active\": true}", admin).expect(200);

        protectedCall("Bearer " + before).expectUnauthorized();
        protectedCall("Bearer " + API.token(client)).expect(200);
    }

    @Test
    void deletingAClientEndsItsTokensAndItsTokenCalls() {
        String admin = admin();
        Credentials client = API.createClient(admin, "doomed", "queues:read");
        String before = API.token(client);

        API.delete("/v1/clients/" + client.id(), admin).expect(204);

        protectedCall("Bearer " + before).expectUnauthorized();
        API.requestToken(client.id(), client.secret()).expectUnauthorized();
    }

    @Test
    void aClientsTokensOutliveChangesToOtherClients() {
        String admin = admin();
        Credentials kept = API.createClient(admin, "kept", "queues:read");
        Credentials changed = API.createClient(admin, "changed", "queues:read");
        String token = API.token(kept);

        API.put("/v1/clients/" + changed.id(), "{\"scopes\": \"topics:read\"}", admin)
                .expect(200);
        API.delete("/v1/clients/" + changed.id(), admin).expect(204);

        protectedCall("Bearer " + token).expect(200);
    }

    @Test
    void aClientChangingItselfEndsTheTokenItUsed() {
        Credentials self = API.createClient(admin(), "self", "clients:update queues:read");
        String token = API.token(self);

        API.put("/v1/clients/" + self.id(), "{\"name\": \"self-renamed\"}", token)
                .expect(200);

        protectedCall("Bearer " + token).expectUnauthorized();
    }
}
