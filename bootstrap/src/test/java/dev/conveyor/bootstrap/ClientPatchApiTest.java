package dev.conveyor.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.conveyor.application.fakes.MutableClock;
import dev.conveyor.bootstrap.BearerApi.Credentials;
import dev.conveyor.bootstrap.BearerApi.Reply;
import dev.conveyor.postgres.testing.TestDatabase;
import io.dropwizard.testing.junit5.DropwizardAppExtension;
import io.dropwizard.testing.junit5.DropwizardExtensionsSupport;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * {@code PATCH /v1/clients/{id}} (a JSON Merge Patch), creating a client disabled, and the scopes both PATCH
 * calls need. Authentication is on; time moves only when the test moves CLOCK.
 */
@ExtendWith(DropwizardExtensionsSupport.class)
class ClientPatchApiTest {
    static final byte[] KEY = BearerApi.key(7);
    static final TestDatabase DB = TestDatabase.create();
    static final MutableClock CLOCK = ConveyorTestApp.clock();
    static final DropwizardAppExtension<ConveyorConfiguration> APP = BearerApi.appWithAuth(DB, CLOCK, KEY);
    static final BearerApi API = new BearerApi(APP::getLocalPort);
    static final Credentials ADMIN = BearerApi.createDirectly(DB, KEY, CLOCK, "admin", "*");

    @AfterAll
    static void dropDatabase() {
        DB.close();
    }

    private static String admin() {
        return API.token(ADMIN);
    }

    private static JsonNode get(Credentials client) {
        return API.get("/v1/clients/" + client.id(), admin()).expect(200);
    }

    // ---- PATCH of clients

    @Test
    void aNameGivenChangesTheNameKeepsTheRestAndEndsEarlierTokens() {
        Credentials client = API.createClient(admin(), "before", "queues:read topics:read");
        String earlier = API.token(client);
        CLOCK.advance(Duration.ofSeconds(2));

        JsonNode after = API.patch("/v1/clients/" + client.id(), "{\"name\": \"after\"}", admin())
                .expect(200);

        assertThat(after.get("name").asText()).isEqualTo("after");
        assertThat(after.get("scopes").asText()).isEqualTo("queues:read topics:read");
        assertThat(after.get("is_active").asBoolean()).isTrue();
        assertThat(after.get("token_version").asLong()).isEqualTo(2);
        assertThat(Api.timestamp(after.get("updated_at"))).isEqualTo(CLOCK.instant());
        assertThat(get(client)).isEqualTo(after);
        API.get("/v1/queues", earlier).expectUnauthorized();
        API.get("/v1/queues", API.token(client)).expect(200);
    }

    @Test
    void scopesGivenReplaceTheScopesAndKeepTheName() {
        Credentials client = API.createClient(admin(), "scoped", "queues:read");

        JsonNode after = API.patch("/v1/clients/" + client.id(), "{\"scopes\": \"topics:read\"}", admin())
                .expect(200);

        assertThat(after.get("name").asText()).isEqualTo("scoped");
        assertThat(after.get("scopes").asText()).isEqualTo("topics:read");
        String token = API.token(client);
        API.get("/v1/topics", token).expect(200);
        API.get("/v1/queues", token).expectForbidden("queues:read");
    }

    @Test
    void isActiveFalseDisablesAndNullResetsToActive() {
        Credentials client = API.createClient(admin(), "switched", "queues:read");

        JsonNode disabled = API.patch("/v1/clients/" + client.id(), "{\"is_active\": false}", admin())
                .expect(200);
        assertThat(disabled.get("is_active").asBoolean()).isFalse();
        API.requestToken(client.id(), client.secret()).expectUnauthorized();

        JsonNode reset = API.patch("/v1/clients/" + client.id(), "{\"is_active\": null}", admin())
                .expect(200);
        assertThat(reset.get("is_active").asBoolean()).isTrue();
        assertThat(reset.get("name").asText()).isEqualTo("switched");
        API.token(client);
    }

    @Test
    void anEmptyPatchChangesNothingAndKeepsTheTokens() {
        Credentials client = API.createClient(admin(), "untouched", "queues:read");
        String token = API.token(client);
        JsonNode before = get(client);

        assertThat(API.patch("/v1/clients/" + client.id(), "{}", admin()).expect(200))
                .isEqualTo(before);
        API.get("/v1/queues", token).expect(200);
    }

    @Test
    void nullForNameOrScopesAndBadValuesAre422ListingEveryProblemAndChangeNothing() {
        Credentials client = API.createClient(admin(), "kept", "queues:read");
        String token = API.token(client);
        JsonNode before = get(client);

        List<String> nulls =
                Api.texts(API.patch("/v1/clients/" + client.id(), "{\"name\": null, \"scopes\": null}", admin())
                        .expect(422)
                        .get("errors"));
        Reply bad = API.patch(
                "/v1/clients/" + client.id(),
                "{\"name\": \" \", \"scopes\": \"queues:fly\", \"is_active\": false}",
                admin());

        assertThat(nulls)
                .containsExactlyInAnyOrder(
                        "name must not be null: a client always has a name",
                        "scopes must not be null: a client always holds at least one scope");
        assertThat(Api.texts(bad.expect(422).get("errors")))
                .hasSize(2)
                .anyMatch(error -> error.startsWith("name must be"))
                .anyMatch(error -> error.contains("queues:fly"));
        assertThat(API.patch("/v1/clients/" + client.id(), "{\"is_active\": \"no\"}", admin())
                        .expect(422)
                        .get("errors")
                        .get(0)
                        .asText())
                .isEqualTo("is_active must be true or false");
        assertThat(get(client)).isEqualTo(before);
        API.get("/v1/queues", token).expect(200);
    }

    @Test
    void anUnknownMemberIs400NamingItAndChangesNothing() {
        Credentials client = API.createClient(admin(), "strict", "queues:read");
        JsonNode before = get(client);

        JsonNode error = API.patch("/v1/clients/" + client.id(), "{\"active\": false}", admin())
                .expect(400);

        assertThat(error.get("message").asText()).contains("'active'").contains("is_active");
        assertThat(get(client)).isEqualTo(before);
    }

    @Test
    void aMissingClientIs404() {
        String missing = "0190d0c3-0000-7000-8000-000000000000";

        assertThat(API.patch("/v1/clients/" + missing, "{\"name\": \"x\"}", admin())
                        .expect(404)
                        .get("message")
                        .asText())
                .contains(missing);
        API.patch("/v1/clients/not-an-id", "{\"name\": \"x\"}", admin()).expect(404);
    }

    @Test
    void aCallerCannotPatchInScopesItDoesNotHold() {
        String updater = API.token(API.createClient(admin(), "updater", "clients:update queues:read"));
        Credentials victim = API.createClient(admin(), "victim", "queues:read");
        JsonNode before = get(victim);

        API.patch("/v1/clients/" + victim.id(), "{\"scopes\": \"*\"}", updater).expectForbidden("*");

        assertThat(get(victim)).isEqualTo(before);
        API.patch("/v1/clients/" + victim.id(), "{\"scopes\": \"queues:read\", \"name\": \"renamed\"}", updater)
                .expect(200);
    }

    @Test
    void plainJsonIsAcceptedAsAMergePatchToo() {
        Credentials client = API.createClient(admin(), "json-patched", "queues:read");

        JsonNode after = API.send(
                        "PATCH",
                        "/v1/clients/" + client.id(),
                        "{\"name\": \"renamed\"}",
                        "application/json",
                        BearerApi.bearer(admin()))
                .expect(200);

        assertThat(after.get("name").asText()).isEqualTo("renamed");
    }

    @Test
    void putOfAClientStillKeepsWhatIsLeftOutOrNull() {
        Credentials client = API.createClient(admin(), "put-kept", "queues:read");

        JsonNode after = API.put("/v1/clients/" + client.id(), "{\"name\": null, \"is_active\": false}", admin())
                .expect(200);

        assertThat(after.get("name").asText()).isEqualTo("put-kept");
        assertThat(after.get("is_active").asBoolean()).isFalse();
        assertThat(API.put("/v1/clients/" + client.id(), "{}", admin()).status())
                .isEqualTo(422);
    }

    // ---- the scopes PATCH needs

    @Test
    void patchingAQueueNeedsQueuesUpdateForThatQueue() {
        API.post("/v1/queues", "{\"id\": \"guarded\"}", admin()).expect(201);
        String reader = API.token(API.createClient(admin(), "queue-reader", "queues:read queues:create"));
        String otherQueue = API.token(API.createClient(admin(), "other-updater", "queues:update:elsewhere"));
        String updater = API.token(API.createClient(admin(), "queue-updater", "queues:update:guarded"));

        API.patch("/v1/queues/guarded", "{\"ack_deadline_seconds\": 5}", null).expectUnauthorized();
        API.patch("/v1/queues/guarded", "{\"ack_deadline_seconds\": 5}", reader)
                .expectForbidden("queues:update:guarded");
        API.patch("/v1/queues/guarded", "{\"ack_deadline_seconds\": 5}", otherQueue)
                .expectForbidden("queues:update:guarded");
        assertThat(API.get("/v1/queues/guarded", admin())
                        .expect(200)
                        .get("ack_deadline_seconds")
                        .asInt())
                .isEqualTo(30);

        assertThat(API.patch("/v1/queues/guarded", "{\"ack_deadline_seconds\": 5}", updater)
                        .expect(200)
                        .get("ack_deadline_seconds")
                        .asInt())
                .isEqualTo(5);
    }

    @Test
    void patchingAClientNeedsClientsUpdate() {
        Credentials target = API.createClient(admin(), "target", "queues:read");
        String reader = API.token(API.createClient(admin(), "client-reader", "clients:read"));

        API.patch("/v1/clients/" + target.id(), "{\"name\": \"x\"}", null).expectUnauthorized();
        API.patch("/v1/clients/" + target.id(), "{\"name\": \"x\"}", reader)
                .expectForbidden("clients:update:" + target.id());
        assertThat(get(target).get("name").asText()).isEqualTo("target");
    }

    // ---- creating a client disabled

    @Test
    void aClientCreatedDisabledGetsNoTokenUntilEnabled() {
        JsonNode created = API.post(
                        "/v1/clients",
                        "{\"name\": \"dormant\", \"scopes\": \"queues:read\", \"is_active\": false}",
                        admin())
                .expect(201);
        Credentials client = new Credentials(
                created.get("id").asText(), created.get("client_secret").asText());

        assertThat(created.get("is_active").asBoolean()).isFalse();
        API.requestToken(client.id(), client.secret()).expectUnauthorized();
        API.send(
                        "POST",
                        "/v1/oauth/token",
                        "grant_type=client_credentials&client_id=" + client.id() + "&client_secret=" + client.secret(),
                        "application/x-www-form-urlencoded",
                        null)
                .expect(400);

        API.patch("/v1/clients/" + client.id(), "{\"is_active\": true}", admin())
                .expect(200);
        API.get("/v1/queues", API.token(client)).expect(200);
    }

    @Test
    void aClientCreatedWithIsActiveTrueOrNullIsActive() {
        for (String active : List.of("true", "null")) {
            JsonNode created = API.post(
                            "/v1/clients",
                            "{\"name\": \"awake\", \"scopes\": \"queues:read\", \"is_active\": " + active + "}",
                            admin())
                    .expect(201);

            assertThat(created.get("is_active").asBoolean()).isTrue();
            API.token(new Credentials(
                    created.get("id").asText(), created.get("client_secret").asText()));
        }
    }
}
