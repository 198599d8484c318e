package dev.conveyor.bootstrap;

import static dev.conveyor.bootstrap.Api.j;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.conveyor.application.ClientSecrets;
import dev.conveyor.application.ClientService;
import dev.conveyor.application.UuidV7Generator;
import dev.conveyor.application.fakes.MutableClock;
import dev.conveyor.postgres.JdbiClientRepository;
import dev.conveyor.postgres.JdbiSession;
import dev.conveyor.postgres.testing.TestDatabase;
import io.dropwizard.testing.ConfigOverride;
import io.dropwizard.testing.junit5.DropwizardAppExtension;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.InstantSource;
import java.util.Base64;
import java.util.function.IntSupplier;

/**
 * Plain JSON over the wire to one running app with authentication on: each call sends the Authorization
 * header it is given (or none), and answers status, body and headers, so tests see what a client sees.
 */
final class BearerApi {
    /** The one answer to every credential problem. */
    static final String UNAUTHORIZED = "{\"code\":401,\"message\":\"a valid access token is required\"}";

    static final String CHALLENGE = "Bearer realm=\"conveyor\"";

    private final IntSupplier port;

    /** One per app, as in {@link Api}. */
    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    BearerApi(IntSupplier port) {
        this.port = port;
    }

    /** A key of 32 fixed bytes, different for each seed. */
    static byte[] key(int seed) {
        byte[] key = new byte[32];
        for (int i = 0; i < key.length; i++) {
            key[i] = (byte) (seed * 37 + i * 11 + 1);
        }
        return key;
    }

    /** The app with authentication on and {@code key} as its secret key, extra overrides after. */
    static DropwizardAppExtension<ConveyorConfiguration> appWithAuth(
            TestDatabase db, MutableClock clock, byte[] key, ConfigOverride... more) {
        ConfigOverride[] overrides = new ConfigOverride[more.length + 2];
        overrides[0] = ConfigOverride.config("auth.enabled", "true");
        overrides[1] = ConfigOverride.config("auth.secretKey", base64(key));
        System.arraycopy(more, 0, overrides, 2, more.length);
        return ConveyorTestApp.extension(db, clock, overrides);
    }

    static String base64(byte[] bytes) {
        return Base64.getEncoder().encodeToString(bytes);
    }

    /** A client's credentials, as the create call or the create-client command answers them. */
    record Credentials(String id, String secret) {}

    /**
     * Makes a client directly in the database, as the create-client command does: the way to the first admin
     * client, since with authentication on the clients API needs a token already.
     */
    static Credentials createDirectly(TestDatabase db, byte[] key, InstantSource clock, String name, String scopes) {
        JdbiSession session = new JdbiSession(db.jdbi());
        ClientService.CreatedClient created = new ClientService(
                        new JdbiClientRepository(session),
                        new ClientSecrets(key, new SecureRandom()),
                        session,
                        new UuidV7Generator(clock),
                        clock)
                .create(name, scopes, null);
        return new Credentials(created.client().id().toString(), created.secret());
    }

    static String bearer(String token) {
        return token == null ? null : "Bearer " + token;
    }

    // ---- raw requests; token null sends no Authorization header

    Reply get(String path, String token) {
        return send("GET", path, null, bearer(token));
    }

    Reply post(String path, String json, String token) {
        return send("POST", path, json, bearer(token));
    }

    Reply put(String path, String json, String token) {
        return send("PUT", path, json, bearer(token));
    }

    /** A JSON Merge Patch, as application/merge-patch+json. */
    Reply patch(String path, String json, String token) {
        return send("PATCH", path, json, "application/merge-patch+json", bearer(token));
    }

    Reply delete(String path, String token) {
        return send("DELETE", path, null, bearer(token));
    }

    /** One request with exactly this Authorization header value, or none when it is null. */
    Reply send(String method, String path, String json, String authorization) {
        return send(method, path, json, "application/json", authorization);
    }

    /** One request with a body of this content type (when there is a body) and this Authorization header. */
    Reply send(String method, String path, String body, String contentType, String authorization) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://localhost:" + port.getAsInt() + path))
                .timeout(Duration.ofSeconds(30))
                .method(
                        method,
                        body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (body != null) {
            request.header("Content-Type", contentType);
        }
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        try {
            HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
            return new Reply(response.statusCode(), response.body(), response.headers());
        } catch (IOException e) {
            throw new AssertionError(method + " " + path + " failed", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    // ---- clients and tokens, asserting success

    Reply requestToken(String clientId, String secret) {
        return post(
                "/v1/oauth/token", j("{'client_id': %s, 'client_secret': %s}", quoted(clientId), quoted(secret)), null);
    }

    String token(Credentials client) {
        return requestToken(client.id(), client.secret())
                .expect(201)
                .get("access_token")
                .asText();
    }

    /** Creates a client through the API with the caller's token and answers its credentials. */
    Credentials createClient(String token, String name, String scopes) {
        JsonNode created = post("/v1/clients", j("{'name': '%s', 'scopes': '%s'}", name, scopes), token)
                .expect(201);
        return new Credentials(
                created.get("id").asText(), created.get("client_secret").asText());
    }

    /** A JSON string, or null. */
    static String quoted(String text) {
        if (text == null) {
            return "null";
        }
        String array = Api.array(text);
        return array.substring(1, array.length() - 1);
    }

    /** One answer: status, body text and headers. */
    record Reply(int status, String text, HttpHeaders headers) {
        /** Asserts the status and answers the body as JSON (null when empty). */
        JsonNode expect(int expected) {
            assertThat(status).as("status of a reply with body %s", text).isEqualTo(expected);
            return text.isEmpty() ? null : Api.parse(text);
        }

        String header(String name) {
            return headers.firstValue(name).orElse(null);
        }

        /** Asserts the one generic 401: its body, its JSON type and the Bearer challenge. */
        void expectUnauthorized() {
            assertThat(status).as("status of a reply with body %s", text).isEqualTo(401);
            assertThat(Api.parse(text)).as("body").isEqualTo(Api.parse(UNAUTHORIZED));
            assertThat(header("Content-Type")).startsWith("application/json");
            assertThat(headers.allValues("WWW-Authenticate")).containsExactly(CHALLENGE);
        }

        /** Asserts a 403 naming the missing scope. */
        void expectForbidden(String scope) {
            assertThat(status).as("status of a reply with body %s", text).isEqualTo(403);
            assertThat(Api.parse(text))
                    .as("body")
                    .isEqualTo(Api.parse(j("{'code': 403, 'message': 'the access token lacks the scope %s'}", scope)));
            assertThat(header("Content-Type")).startsWith("application/json");
        }
    }
}
