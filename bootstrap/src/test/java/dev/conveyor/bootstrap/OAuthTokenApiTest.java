package dev.conveyor.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.nimbusds.oauth2.sdk.AccessTokenResponse;
import com.nimbusds.oauth2.sdk.ClientCredentialsGrant;
import com.nimbusds.oauth2.sdk.ErrorObject;
import com.nimbusds.oauth2.sdk.OAuth2Error;
import com.nimbusds.oauth2.sdk.ParseException;
import com.nimbusds.oauth2.sdk.Scope;
import com.nimbusds.oauth2.sdk.TokenRequest;
import com.nimbusds.oauth2.sdk.TokenResponse;
import com.nimbusds.oauth2.sdk.auth.ClientAuthentication;
import com.nimbusds.oauth2.sdk.auth.ClientSecretBasic;
import com.nimbusds.oauth2.sdk.auth.ClientSecretPost;
import com.nimbusds.oauth2.sdk.auth.Secret;
import com.nimbusds.oauth2.sdk.id.ClientID;
import com.nimbusds.oauth2.sdk.token.AccessTokenType;
import dev.conveyor.application.fakes.MutableClock;
import dev.conveyor.bootstrap.BearerApi.Credentials;
import dev.conveyor.bootstrap.BearerApi.Reply;
import dev.conveyor.postgres.testing.TestDatabase;
import io.dropwizard.testing.ConfigOverride;
import io.dropwizard.testing.junit5.DropwizardAppExtension;
import io.dropwizard.testing.junit5.DropwizardExtensionsSupport;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.function.Function;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * {@code POST /v1/oauth/token} as the OAuth 2.0 client credentials grant (RFC 6749 §4.4): form-encoded, the
 * credentials in HTTP Basic or in the form, an optional scope narrowing the token, answers and errors as RFC
 * 6749 §5.1 and §5.2 say. Proven with a real OAuth client library (Nimbus OAuth 2.0 SDK) and with raw requests.
 */
@ExtendWith(DropwizardExtensionsSupport.class)
class OAuthTokenApiTest {
    static final byte[] KEY = BearerApi.key(9);
    static final TestDatabase DB = TestDatabase.create();
    static final MutableClock CLOCK = ConveyorTestApp.clock();
    static final DropwizardAppExtension<ConveyorConfiguration> APP =
            BearerApi.appWithAuth(DB, CLOCK, KEY, ConfigOverride.config("auth.tokenLifetime", "10m"));
    static final BearerApi API = new BearerApi(APP::getLocalPort);
    static final Credentials ADMIN = BearerApi.createDirectly(DB, KEY, CLOCK, "admin", "*");
    static final String FORM = "application/x-www-form-urlencoded";
    static final String BASIC_CHALLENGE = "Basic realm=\"conveyor\"";

    @AfterAll
    static void dropDatabase() {
        DB.close();
    }

    private static URI endpoint() {
        return URI.create("http://localhost:" + APP.getLocalPort() + "/v1/oauth/token");
    }

    private static Credentials worker() {
        return API.createClient(API.token(ADMIN), "worker", "queues:read queues:consume:orders topics:read");
    }

    // ---- through a real OAuth client library

    private static TokenResponse nimbus(ClientAuthentication authentication, Scope scope)
            throws IOException, ParseException {
        TokenRequest request = new TokenRequest.Builder(endpoint(), authentication, new ClientCredentialsGrant())
                .scope(scope)
                .build();
        return TokenResponse.parse(request.toHTTPRequest().send());
    }

    private static ClientSecretBasic basic(Credentials client) {
        return new ClientSecretBasic(new ClientID(client.id()), new Secret(client.secret()));
    }

    private static ClientSecretPost post(Credentials client) {
        return new ClientSecretPost(new ClientID(client.id()), new Secret(client.secret()));
    }

    @Test
    void anOAuthLibraryGetsATokenWithClientSecretBasicAndWithClientSecretPost() throws Exception {
        Credentials client = worker();

        for (ClientAuthentication authentication : List.of(basic(client), post(client))) {
            TokenResponse response = nimbus(authentication, null);

            assertThat(response.indicatesSuccess())
                    .as("%s: %s", authentication.getMethod(), response)
                    .isTrue();
            AccessTokenResponse success = response.toSuccessResponse();
            assertThat(success.getTokens().getAccessToken().getType()).isEqualTo(AccessTokenType.BEARER);
            assertThat(success.getTokens().getAccessToken().getLifetime()).isEqualTo(600);
            assertThat(success.getTokens().getAccessToken().getScope())
                    .isEqualTo(Scope.parse("queues:read queues:consume:orders topics:read"));
            String token = success.getTokens().getAccessToken().getValue();
            API.get("/v1/queues", token).expect(200);
        }
    }

    @Test
    void anOAuthLibraryNarrowsItsTokenWithScope() throws Exception {
        Credentials client = worker();

        AccessTokenResponse success =
                nimbus(basic(client), new Scope("topics:read")).toSuccessResponse();

        assertThat(success.getTokens().getAccessToken().getScope()).isEqualTo(new Scope("topics:read"));
        String token = success.getTokens().getAccessToken().getValue();
        assertThat(Jwt.payload(token).get("scope").asText()).isEqualTo("topics:read");
        API.get("/v1/topics", token).expect(200);
        API.get("/v1/queues", token).expectForbidden("queues:read");
    }

    @Test
    void anOAuthLibraryReadsTheRefusalsAsOAuthErrors() throws Exception {
        Credentials client = worker();
        Credentials wrong = new Credentials(client.id(), "not-the-secret");

        TokenResponse badBasic = nimbus(basic(wrong), null);
        TokenResponse badPost = nimbus(post(wrong), null);
        TokenResponse tooWide = nimbus(basic(client), new Scope("queues:delete"));

        ErrorObject basicError = badBasic.toErrorResponse().getErrorObject();
        assertThat(basicError.getCode()).isEqualTo(OAuth2Error.INVALID_CLIENT.getCode());
        assertThat(basicError.getHTTPStatusCode()).isEqualTo(401);
        ErrorObject postError = badPost.toErrorResponse().getErrorObject();
        assertThat(postError.getCode()).isEqualTo(OAuth2Error.INVALID_CLIENT.getCode());
        assertThat(postError.getHTTPStatusCode()).isEqualTo(400);
        ErrorObject scopeError = tooWide.toErrorResponse().getErrorObject();
        assertThat(scopeError.getCode()).isEqualTo(OAuth2Error.INVALID_SCOPE.getCode());
        assertThat(scopeError.getDescription()).contains("queues:delete");
    }

    // ---- raw requests: what exactly is answered

    private static Reply form(String body, String authorization) {
        return API.send("POST", "/v1/oauth/token", body, FORM, authorization);
    }

    private static String basicHeader(String id, String secret) {
        String pair =
                URLEncoder.encode(id, StandardCharsets.UTF_8) + ":" + URLEncoder.encode(secret, StandardCharsets.UTF_8);
        return "Basic " + Base64.getEncoder().encodeToString(pair.getBytes(StandardCharsets.UTF_8));
    }

    private static String credentialsInForm(Credentials client) {
        return "grant_type=client_credentials&client_id=" + client.id() + "&client_secret=" + client.secret();
    }

    /** Asserts an RFC 6749 §5.2 error: status, error code, a description, JSON, not to be cached. */
    private static JsonNode oauthError(Reply reply, int status, String error) {
        JsonNode body = reply.expect(status);
        assertThat(body.get("error").asText()).as("error of %s", reply.text()).isEqualTo(error);
        assertThat(body.get("error_description").asText()).matches("[\\x20-\\x21\\x23-\\x5B\\x5D-\\x7E]+");
        assertThat(body.properties()).extracting(e -> e.getKey()).containsOnly("error", "error_description");
        assertThat(reply.header("Content-Type")).startsWith("application/json");
        assertThat(reply.header("Cache-Control")).contains("no-store");
        return body;
    }

    @Test
    void aTokenIsAnswered200AndNotToBeCached() {
        Credentials client = worker();

        for (Reply reply : List.of(
                form("grant_type=client_credentials", basicHeader(client.id(), client.secret())),
                form(credentialsInForm(client), null))) {
            JsonNode body = reply.expect(200);

            assertThat(body.properties())
                    .extracting(e -> e.getKey())
                    .containsExactlyInAnyOrder("access_token", "token_type", "expires_in", "scope");
            assertThat(body.get("token_type").asText()).isEqualTo("Bearer");
            assertThat(body.get("expires_in").asLong()).isEqualTo(600);
            assertThat(reply.header("Cache-Control")).contains("no-store");
            assertThat(reply.header("Pragma")).isEqualTo("no-cache");
            assertThat(reply.header("Content-Type")).startsWith("application/json");
        }
    }

    @Test
    void theJsonRequestIsAnsweredAsBeforeWithPragmaBeside() {
        Reply reply = API.requestToken(ADMIN.id(), ADMIN.secret());

        reply.expect(201);
        assertThat(reply.header("Cache-Control")).contains("no-store");
        assertThat(reply.header("Pragma")).isEqualTo("no-cache");
        API.requestToken(ADMIN.id(), "wrong").expectUnauthorized();
    }

    @Test
    void basicCredentialsAreFormDecodedAsRfc6749Says() {
        Credentials client = worker();
        // Every character percent-encoded, as a client may: the server must decode before comparing.
        Function<String, String> encodeAll =
                text -> text.chars().mapToObj(c -> String.format("%%%02X", c)).reduce("", String::concat);
        String pair = encodeAll.apply(client.id()) + ":" + encodeAll.apply(client.secret());
        String header = "Basic " + Base64.getEncoder().encodeToString(pair.getBytes(StandardCharsets.US_ASCII));

        form("grant_type=client_credentials", header).expect(200);
        form("grant_type=client_credentials", "basic " + header.substring(6)).expect(200);
    }

    @Test
    void wrongCredentialsInBasicAre401InvalidClientWithABasicChallenge() {
        Credentials client = worker();
        List<String> headers = List.of(
                basicHeader(client.id(), "wrong"),
                basicHeader("not-a-client", client.secret()),
                "Basic !!!not-base64",
                "Basic " + Base64.getEncoder().encodeToString("no-colon".getBytes(StandardCharsets.UTF_8)),
                "Basic " + Base64.getEncoder().encodeToString((client.id() + ":%zz").getBytes(StandardCharsets.UTF_8)));

        for (String header : headers) {
            Reply reply = form("grant_type=client_credentials", header);

            oauthError(reply, 401, "invalid_client");
            assertThat(reply.headers().allValues("WWW-Authenticate")).containsExactly(BASIC_CHALLENGE);
        }
    }

    @Test
    void wrongCredentialsInTheFormAre400InvalidClientWithoutAChallenge() {
        Credentials client = worker();
        List<String> bodies = List.of(
                credentialsInForm(new Credentials(client.id(), "wrong")),
                "grant_type=client_credentials&client_id=" + client.id(),
                "grant_type=client_credentials&client_secret=" + client.secret());

        for (String body : bodies) {
            Reply reply = form(body, null);

            oauthError(reply, 400, "invalid_client");
            assertThat(reply.header("WWW-Authenticate")).isNull();
        }
    }

    @Test
    void noCredentialsAtAllAre401InvalidClientInvitingBasic() {
        Reply reply = form("grant_type=client_credentials", null);

        oauthError(reply, 401, "invalid_client");
        assertThat(reply.headers().allValues("WWW-Authenticate")).containsExactly(BASIC_CHALLENGE);
        // A bearer token is no client authentication.
        oauthError(form("grant_type=client_credentials", "Bearer " + API.token(ADMIN)), 401, "invalid_client");
    }

    @Test
    void aDisabledClientIsRefusedAsAWrongSecretIs() {
        String admin = API.token(ADMIN);
        Credentials client = worker();
        API.patch("/v1/clients/" + client.id(), "{\"is_active\": false}", admin).expect(200);

        Reply basic = form("grant_type=client_credentials", basicHeader(client.id(), client.secret()));
        Reply wrong = form("grant_type=client_credentials", basicHeader(client.id(), "wrong"));

        oauthError(basic, 401, "invalid_client");
        assertThat(basic.text()).isEqualTo(wrong.text());
        oauthError(form(credentialsInForm(client), null), 400, "invalid_client");
    }

    @Test
    void invalidRequestsAreNamed() {
        Credentials client = worker();
        String basic = basicHeader(client.id(), client.secret());

        assertThat(oauthError(form("", basic), 400, "invalid_request")
                        .get("error_description")
                        .asText())
                .contains("grant_type");
        assertThat(oauthError(
                                form("grant_type=client_credentials&grant_type=client_credentials", basic),
                                400,
                                "invalid_request")
                        .get("error_description")
                        .asText())
                .contains("grant_type");
        assertThat(oauthError(form("grant_type=client_credentials&scope=a&scope=b", basic), 400, "invalid_request")
                        .get("error_description")
                        .asText())
                .contains("scope");
        assertThat(oauthError(form(credentialsInForm(client), basic), 400, "invalid_request")
                        .get("error_description")
                        .asText())
                .contains("Basic");
        oauthError(form("grant_type=client_credentials&client_id=" + ADMIN.id(), basic), 400, "invalid_request");
        oauthError(form("grant_type=client_credentials&client_secret=%zz", basic), 400, "invalid_request");
    }

    @Test
    void theClientIdMayAccompanyBasicWhenItIsTheSame() {
        Credentials client = worker();

        form("grant_type=client_credentials&client_id=" + client.id(), basicHeader(client.id(), client.secret()))
                .expect(200);
    }

    @Test
    void unknownParametersAreIgnored() {
        Credentials client = worker();

        form("grant_type=client_credentials&audience=x&resource=y", basicHeader(client.id(), client.secret()))
                .expect(200);
    }

    @Test
    void anotherGrantTypeIsUnsupported() {
        Credentials client = worker();

        for (String grant : List.of("password", "authorization_code", "refresh_token", "CLIENT_CREDENTIALS")) {
            oauthError(
                    form("grant_type=" + grant, basicHeader(client.id(), client.secret())),
                    400,
                    "unsupported_grant_type");
        }
    }

    @Test
    void aScopeTheClientDoesNotHoldOrThatDoesNotParseIsInvalidScope() {
        Credentials client = worker();
        String basic = basicHeader(client.id(), client.secret());

        assertThat(oauthError(form("grant_type=client_credentials&scope=queues%3Aconsume", basic), 400, "invalid_scope")
                        .get("error_description")
                        .asText())
                .contains("queues:consume");
        oauthError(form("grant_type=client_credentials&scope=*", basic), 400, "invalid_scope");
        oauthError(form("grant_type=client_credentials&scope=queues%3Afly", basic), 400, "invalid_scope");
        // A description stays printable ASCII whatever the scope asked for held.
        oauthError(form("grant_type=client_credentials&scope=%22%5C%C3%A9%0A", basic), 400, "invalid_scope");
    }

    @Test
    void aScopeWithinTheClientsScopesNarrowsTheToken() {
        Credentials client = worker();

        JsonNode body = form(
                        "grant_type=client_credentials&scope=queues%3Aconsume%3Aorders+queues%3Aread%3Aorders",
                        basicHeader(client.id(), client.secret()))
                .expect(200);

        assertThat(body.get("scope").asText()).isEqualTo("queues:consume:orders queues:read:orders");
        String token = body.get("access_token").asText();
        API.get("/v1/queues/orders/stats", token).expect(404); // allowed, and there is no such queue
        API.get("/v1/queues", token).expectForbidden("queues:read");
        // An empty scope is no narrowing.
        assertThat(form("grant_type=client_credentials&scope=", basicHeader(client.id(), client.secret()))
                        .expect(200)
                        .get("scope")
                        .asText())
                .isEqualTo("queues:consume:orders queues:read topics:read");
    }

    @Test
    void aNarrowedTokenStopsWhenTheClientChangesLikeAnyOther() {
        String admin = API.token(ADMIN);
        Credentials client = worker();
        String narrowed = form(
                        "grant_type=client_credentials&scope=topics%3Aread", basicHeader(client.id(), client.secret()))
                .expect(200)
                .get("access_token")
                .asText();

        API.patch("/v1/clients/" + client.id(), "{\"name\": \"renamed\"}", admin)
                .expect(200);

        API.get("/v1/topics", narrowed).expectUnauthorized();
    }

    // ---- the document

    @Test
    void theApiDocumentDescribesBothRequestsAndTheirAnswers() {
        JsonNode document = API.get("/openapi.json", null).expect(200);
        JsonNode token = document.at("/paths/~1v1~1oauth~1token/post");

        assertThat(token.at("/requestBody/content").properties())
                .extracting(e -> e.getKey())
                .containsExactlyInAnyOrder("application/json", FORM);
        assertThat(token.at("/requestBody/content/application~1x-www-form-urlencoded/schema/$ref")
                        .asText())
                .isEqualTo("#/components/schemas/ClientCredentialsForm");
        assertThat(token.at("/responses").properties())
                .extracting(e -> e.getKey())
                .contains("200", "201", "400", "401", "422");
        assertThat(document.at("/components/schemas/OAuthErrorResponse/properties/error/enum"))
                .extracting(JsonNode::asText)
                .contains("invalid_client", "invalid_scope", "unsupported_grant_type");
        assertThat(document.at("/components/schemas/ClientCredentialsForm/properties")
                        .properties())
                .extracting(e -> e.getKey())
                .containsExactlyInAnyOrder("grant_type", "client_id", "client_secret", "scope");
        for (String path : List.of("/paths/~1v1~1clients~1{id}/patch", "/paths/~1v1~1queues~1{id}/patch")) {
            assertThat(document.at(path + "/requestBody/content").properties())
                    .as(path)
                    .extracting(e -> e.getKey())
                    .containsExactlyInAnyOrder("application/json", "application/merge-patch+json");
        }
        assertThat(document.at("/paths/~1v1~1clients~1{id}/put").isMissingNode())
                .isFalse();
        assertThat(document.at("/components/schemas/ClientRequest/properties/is_active")
                        .isMissingNode())
                .isFalse();
    }
}
