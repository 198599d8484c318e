package dev.conveyor.bootstrap;

import static dev.conveyor.bootstrap.Api.j;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.conveyor.application.fakes.MutableClock;
import dev.conveyor.bootstrap.BearerApi.Credentials;
import dev.conveyor.postgres.testing.TestDatabase;
import io.dropwizard.testing.junit5.DropwizardAppExtension;
import io.dropwizard.testing.junit5.DropwizardExtensionsSupport;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The whole API with authentication on, for a client holding {@code *}: everything works with its token as
 * it does without authentication, and nothing works without a token. Time moves only when the test moves
 * CLOCK.
 */
@ExtendWith(DropwizardExtensionsSupport.class)
class AuthCoreApiTest {
    static final byte[] KEY = BearerApi.key(4);
    static final TestDatabase DB = TestDatabase.create();
    static final MutableClock CLOCK = ConveyorTestApp.clock();
    static final DropwizardAppExtension<ConveyorConfiguration> APP = BearerApi.appWithAuth(DB, CLOCK, KEY);
    static final BearerApi API = new BearerApi(APP::getLocalPort);
    static final Credentials ADMIN = BearerApi.createDirectly(DB, KEY, CLOCK, "admin", "*");

    static final List<String> CLIENT_FIELDS =
            List.of("id", "name", "scopes", "is_active", "token_version", "created_at", "updated_at");

    @AfterAll
    static void dropDatabase() {
        DB.close();
    }

    private static String token() {
        return API.token(ADMIN);
    }

    // ---- topics, queues, subscriptions

    @Test
    void topicsQueuesAndSubscriptionsAreCreatedReadListedChangedAndDeletedWithAToken() {
        String token = token();

        assertThat(API.post("/v1/topics", "{\"id\": \"crud-t\"}", token)
                        .expect(201)
                        .get("id")
                        .asText())
                .isEqualTo("crud-t");
        assertThat(API.get("/v1/topics/crud-t", token).expect(200).get("id").asText())
                .isEqualTo("crud-t");
        assertThat(API.get("/v1/topics", token).expect(200).get("data").findValuesAsText("id"))
                .contains("crud-t");

        API.post("/v1/queues", "{\"id\": \"crud-q\", \"ack_deadline_seconds\": 45}", token)
                .expect(201);
        assertThat(API.get("/v1/queues/crud-q", token)
                        .expect(200)
                        .get("ack_deadline_seconds")
                        .asInt())
                .isEqualTo(45);
        assertThat(API.put("/v1/queues/crud-q", "{\"ack_deadline_seconds\": 90}", token)
                        .expect(200)
                        .get("ack_deadline_seconds")
                        .asInt())
                .isEqualTo(90);
        JsonNode queues = API.get("/v1/queues?limit=10&offset=0", token).expect(200);
        assertThat(queues.get("limit").asInt()).isEqualTo(10);
        assertThat(queues.get("offset").asInt()).isZero();
        assertThat(queues.get("data").findValuesAsText("id")).contains("crud-q");

        API.post(
                        "/v1/subscriptions",
                        "{\"id\": \"crud-s\", \"topic_id\": \"crud-t\", \"queue_id\": \"crud-q\", \"message_filters\": null}",
                        token)
                .expect(201);
        assertThat(API.get("/v1/subscriptions/crud-s", token)
                        .expect(200)
                        .get("topic_id")
                        .asText())
                .isEqualTo("crud-t");
        assertThat(API.get("/v1/subscriptions", token).expect(200).get("data").findValuesAsText("id"))
                .contains("crud-s");
        assertThat(API.get("/v1/subscriptions?topic_id=crud-t", token)
                        .expect(200)
                        .get("data")
                        .findValuesAsText("id"))
                .containsExactly("crud-s");
        assertThat(API.get("/v1/subscriptions?queue_id=crud-q", token)
                        .expect(200)
                        .get("data")
                        .findValuesAsText("id"))
                .containsExactly("crud-s");

        API.delete("/v1/subscriptions/crud-s", token).expect(204);
        API.get("/v1/subscriptions/crud-s", token).expect(404);
        API.delete("/v1/topics/crud-t", token).expect(204);
        API.get("/v1/topics/crud-t", token).expect(404);
        API.delete("/v1/queues/crud-q", token).expect(204);
        API.get("/v1/queues/crud-q", token).expect(404);
    }

    // ---- messages

    @Test
    void publishingReceivingAckingNackingAndExtendingWorkWithAToken() {
        String token = token();
        API.post("/v1/topics", "{\"id\": \"flow-t\"}", token).expect(201);
        API.post("/v1/queues", "{\"id\": \"flow-q\", \"ack_deadline_seconds\": 30}", token)
                .expect(201);
        API.post("/v1/subscriptions", "{\"id\": \"flow-s\", \"topic_id\": \"flow-t\", \"queue_id\": \"flow-q\"}", token)
                .expect(201);

        JsonNode fannedOut = API.post("/v1/topics/flow-t/messages", "{\"body\": \"via topic\"}", token)
                .expect(201);
        assertThat(Api.texts(fannedOut.get("data").get(0).get("queue_ids"))).containsExactly("flow-q");
        API.post("/v1/queues/flow-q/messages", "[{\"body\": \"direct 1\"}, {\"body\": \"direct 2\"}]", token)
                .expect(201);
        assertThat(API.get("/v1/queues/flow-q/stats", token)
                        .expect(200)
                        .get("available")
                        .asInt())
                .isEqualTo(3);
        assertThat(API.get("/v1/queues/flow-q/messages", token).expect(200).get("data"))
                .hasSize(3);

        JsonNode received = API.post("/v1/queues/flow-q/receive", "{\"max_messages\": 3, \"wait_seconds\": 0}", token)
                .expect(200)
                .get("data");
        assertThat(received).hasSize(3);
        assertThat(received.findValuesAsText("body")).containsExactly("via topic", "direct 1", "direct 2");
        String first = received.get(0).get("receipt").asText();
        String second = received.get(1).get("receipt").asText();
        String third = received.get(2).get("receipt").asText();

        JsonNode acked = API.post("/v1/queues/flow-q/ack", j("{'receipts': ['%s']}", first), token)
                .expect(200);
        assertThat(Api.texts(acked.get("succeeded"))).containsExactly(first);
        JsonNode extended = API.post(
                        "/v1/queues/flow-q/extend", j("{'receipts': ['%s'], 'seconds': 600}", third), token)
                .expect(200);
        assertThat(Api.texts(extended.get("succeeded"))).containsExactly(third);
        Instant leaseEnd = Api.timestamp(API.get("/v1/queues/flow-q/messages", token)
                .expect(200)
                .get("data")
                .get(1)
                .get("lease_expires_at"));
        assertThat(leaseEnd)
                .isEqualTo(CLOCK.instant()
                        .truncatedTo(java.time.temporal.ChronoUnit.MICROS)
                        .plusSeconds(600));
        JsonNode nacked = API.post(
                        "/v1/queues/flow-q/nack", j("{'receipts': ['%s'], 'delay_seconds': 0}", second), token)
                .expect(200);
        assertThat(Api.texts(nacked.get("succeeded"))).containsExactly(second);

        JsonNode stats = API.get("/v1/queues/flow-q/stats", token).expect(200);
        assertThat(stats.get("available").asInt()).isEqualTo(1);
        assertThat(stats.get("in_flight").asInt()).isEqualTo(1);
        JsonNode again =
                API.post("/v1/queues/flow-q/receive", "{}", token).expect(200).get("data");
        assertThat(again).hasSize(1);
        assertThat(again.get(0).get("body").asText()).isEqualTo("direct 1");
        assertThat(again.get(0).get("delivery_attempts").asInt()).isEqualTo(2);
    }

    // ---- maintenance

    @Test
    void redrivePurgeAndCleanupWorkWithAToken() {
        String token = token();
        API.post("/v1/queues", "{\"id\": \"ops-dlq\"}", token).expect(201);
        API.post("/v1/queues", "{\"id\": \"ops-q\"}", token).expect(201);
        API.post("/v1/queues/ops-dlq/messages", "[{\"body\": 1}, {\"body\": 2}]", token)
                .expect(201);

        assertThat(API.post("/v1/queues/ops-dlq/redrive", "{\"destination_queue_id\": \"ops-q\"}", token)
                        .expect(200))
                .isEqualTo(Api.parse("{\"moved\": 2}"));
        JsonNode cleaned = API.post("/v1/queues/ops-q/cleanup", null, token).expect(200);
        assertThat(cleaned.get("queue_id").asText()).isEqualTo("ops-q");
        assertThat(cleaned.get("expired").asInt()).isZero();
        assertThat(API.post("/v1/queues/ops-q/purge", null, token).expect(200))
                .isEqualTo(Api.parse("{\"deleted\": 2}"));
        assertThat(API.get("/v1/queues/ops-q/stats", token)
                        .expect(200)
                        .get("total")
                        .asInt())
                .isZero();
    }

    // ---- clients

    @Test
    void aClientIsCreatedWithItsSecretShownOnceThenReadListedChangedAndDeleted() {
        String token = token();
        Instant now = CLOCK.instant().truncatedTo(java.time.temporal.ChronoUnit.MICROS);

        BearerApi.Reply creation = API.post(
                "/v1/clients",
                "{\"name\": \"billing worker\", \"scopes\": \"topics:publish queues:consume:billing\"}",
                token);
        // It carries the secret: no cache may keep it.
        assertThat(creation.header("Cache-Control")).contains("no-store");
        JsonNode created = creation.expect(201);

        assertThat(created.properties())
                .extracting(e -> e.getKey())
                .containsExactlyInAnyOrderElementsOf(concat(CLIENT_FIELDS, "client_secret"));
        String id = created.get("id").asText();
        assertThat(UUID.fromString(id).toString()).isEqualTo(id);
        assertThat(created.get("name").asText()).isEqualTo("billing worker");
        assertThat(created.get("scopes").asText()).isEqualTo("queues:consume:billing topics:publish");
        assertThat(created.get("is_active").asBoolean()).isTrue();
        assertThat(created.get("token_version").asLong()).isEqualTo(1);
        assertThat(Api.timestamp(created.get("created_at"))).isEqualTo(now);
        assertThat(Api.timestamp(created.get("updated_at"))).isEqualTo(now);
        String secret = created.get("client_secret").asText();
        assertThat(java.util.Base64.getUrlDecoder().decode(secret))
                .as("32 random bytes")
                .hasSize(32);

        JsonNode read = API.get("/v1/clients/" + id, token).expect(200);
        assertThat(read.properties()).extracting(e -> e.getKey()).containsExactlyInAnyOrderElementsOf(CLIENT_FIELDS);
        assertThat(read.toString()).doesNotContain(secret);
        JsonNode list = API.get("/v1/clients", token).expect(200);
        assertThat(list.properties()).extracting(e -> e.getKey()).containsExactlyInAnyOrder("data", "limit", "offset");
        assertThat(list.get("limit").asInt()).isEqualTo(100);
        assertThat(list.get("offset").asInt()).isZero();
        assertThat(list.get("data").findValuesAsText("id")).contains(id, ADMIN.id());
        assertThat(list.toString()).doesNotContain(secret).doesNotContain("client_secret");
        assertThat(API.get("/v1/clients?limit=1&offset=1", token).expect(200).get("data"))
                .hasSize(1);

        // A change of nothing is refused and ends no token.
        API.put("/v1/clients/" + id, "{}", token).expect(422);
        JsonNode renamed =
                API.put("/v1/clients/" + id, "{\"name\": \"billing\"}", token).expect(200);
        assertThat(renamed.get("name").asText()).isEqualTo("billing");
        assertThat(renamed.get("scopes").asText())
                .as("left out: unchanged")
                .isEqualTo("queues:consume:billing topics:publish");
        assertThat(renamed.get("is_active").asBoolean()).isTrue();
        assertThat(renamed.get("token_version").asLong()).isEqualTo(2);
        assertThat(renamed.has("client_secret")).isFalse();
        JsonNode rescoped = API.put("/v1/clients/" + id, "{\"scopes\": \"queues:read\", \"is_active\": false}", token)
                .expect(200);
        assertThat(rescoped.get("name").asText()).isEqualTo("billing");
        assertThat(rescoped.get("scopes").asText()).isEqualTo("queues:read");
        assertThat(rescoped.get("is_active").asBoolean()).isFalse();
        assertThat(rescoped.get("token_version").asLong()).isEqualTo(3);
        assertThat(API.get("/v1/clients/" + id, token).expect(200)).isEqualTo(rescoped);

        API.delete("/v1/clients/" + id, token).expect(204);
        API.get("/v1/clients/" + id, token).expect(404);
        API.delete("/v1/clients/" + id, token).expect(404);
    }

    @Test
    void aClientWithBadFieldsIsRefusedWith422() {
        String token = token();

        assertThat(API.post("/v1/clients", "{\"name\": \"\", \"scopes\": \"queues:fly\"}", token)
                        .expect(422)
                        .get("errors"))
                .isNotEmpty();
        API.post("/v1/clients", "{\"name\": \"x\"}", token).expect(422);
        API.put("/v1/clients/" + ADMIN.id(), "{\"scopes\": \"\"}", token).expect(422);
    }

    @Test
    void anUnknownClientIsNotFound() {
        String token = token();

        API.get("/v1/clients/" + UUID.randomUUID(), token).expect(404);
        API.get("/v1/clients/not-a-uuid", token).expect(404);
        API.put("/v1/clients/" + UUID.randomUUID(), "{\"name\": \"x\"}", token).expect(404);
    }

    // ---- without a token

    @ParameterizedTest(name = "{0} {1}")
    @CsvSource(
            delimiter = '|',
            value = {
                "POST   | /v1/topics                     | {\"id\": \"nt\"}",
                "GET    | /v1/topics                     |",
                "GET    | /v1/topics/guarded-t           |",
                "DELETE | /v1/topics/guarded-t           |",
                "POST   | /v1/topics/guarded-t/messages  | {\"body\": 1}",
                "POST   | /v1/queues                     | {\"id\": \"nq\"}",
                "GET    | /v1/queues                     |",
                "GET    | /v1/queues/guarded-q           |",
                "PUT    | /v1/queues/guarded-q           | {}",
                "DELETE | /v1/queues/guarded-q           |",
                "POST   | /v1/queues/guarded-q/messages  | {\"body\": 1}",
                "GET    | /v1/queues/guarded-q/messages  |",
                "POST   | /v1/queues/guarded-q/receive   | {}",
                "POST   | /v1/queues/guarded-q/ack       | {\"receipts\": [\"r\"]}",
                "POST   | /v1/queues/guarded-q/nack      | {\"receipts\": [\"r\"]}",
                "POST   | /v1/queues/guarded-q/extend    | {\"receipts\": [\"r\"], \"seconds\": 1}",
                "GET    | /v1/queues/guarded-q/stats     |",
                "POST   | /v1/queues/guarded-q/redrive   | {\"destination_queue_id\": \"guarded-q\"}",
                "POST   | /v1/queues/guarded-q/purge     |",
                "POST   | /v1/queues/guarded-q/cleanup   |",
                "POST   | /v1/subscriptions              | {\"id\": \"ns\", \"topic_id\": \"guarded-t\", \"queue_id\": \"guarded-q\"}",
                "GET    | /v1/subscriptions              |",
                "GET    | /v1/subscriptions/guarded-s    |",
                "DELETE | /v1/subscriptions/guarded-s    |",
                "POST   | /v1/clients                    | {\"name\": \"x\", \"scopes\": \"*\"}",
                "GET    | /v1/clients                    |",
                "GET    | /v1/clients/{admin}            |",
                "PUT    | /v1/clients/{admin}            | {\"is_active\": false}",
                "DELETE | /v1/clients/{admin}            |",
                "GET    | /v1/queues/no-such-queue       |",
                "POST   | /v1/queues                     | not json"
            })
    void everyV1CallButTheTokenCallIs401WithoutATokenAndChangesNothing(String method, String path, String body) {
        String token = token();
        ensureGuardedResources(token);
        String before = snapshot(token);

        API.send(method, path.replace("{admin}", ADMIN.id()), body, null).expectUnauthorized();

        assertThat(snapshot(token)).isEqualTo(before);
    }

    private static void ensureGuardedResources(String token) {
        if (API.get("/v1/subscriptions/guarded-s", token).status() == 404) {
            API.post("/v1/topics", "{\"id\": \"guarded-t\"}", token).expect(201);
            API.post("/v1/queues", "{\"id\": \"guarded-q\"}", token).expect(201);
            API.post("/v1/queues/guarded-q/messages", "{\"body\": \"kept\"}", token)
                    .expect(201);
            API.post(
                            "/v1/subscriptions",
                            "{\"id\": \"guarded-s\", \"topic_id\": \"guarded-t\", \"queue_id\": \"guarded-q\"}",
                            token)
                    .expect(201);
        }
    }

    /** Everything the unauthenticated calls could touch, as the admin sees it. */
    private static String snapshot(String token) {
        return String.join(
                "\n",
                API.get("/v1/topics/guarded-t", token).text(),
                API.get("/v1/queues/guarded-q", token).text(),
                API.get("/v1/queues/guarded-q/messages", token).text(),
                API.get("/v1/subscriptions/guarded-s", token).text(),
                API.get("/v1/clients/" + ADMIN.id(), token).text(),
                API.get("/v1/topics/nt", token).status() + " "
                        + API.get("/v1/queues/nq", token).status() + " "
                        + API.get("/v1/subscriptions/ns", token).status(),
                Integer.toString(API.get("/v1/clients?limit=1000", token)
                        .expect(200)
                        .get("data")
                        .size()));
    }

    @Test
    void theApiDocumentDescribesTheClientsAndTokenCalls() {
        JsonNode paths = API.get("/openapi.json", null).expect(200).get("paths");

        assertThat(paths.has("/v1/clients")).isTrue();
        assertThat(paths.has("/v1/clients/{id}")).isTrue();
        assertThat(paths.has("/v1/oauth/token")).isTrue();
    }

    @Test
    void theApiDocumentDeclaresBearerTokensOnEveryV1CallButTheTokenCall() {
        JsonNode document = API.get("/openapi.json", null).expect(200);

        JsonNode schemes = document.path("components").path("securitySchemes");
        assertThat(schemes.size()).isEqualTo(1);
        JsonNode scheme = schemes.elements().next();
        assertThat(scheme.path("type").asText()).isEqualTo("http");
        assertThat(scheme.path("scheme").asText()).isEqualTo("bearer");
        document.path("paths")
                .properties()
                .forEach(path -> path.getValue().properties().forEach(operation -> {
                    String name = operation.getKey().toUpperCase(java.util.Locale.ROOT) + " " + path.getKey();
                    JsonNode responses = operation.getValue().path("responses");
                    if (!path.getKey().startsWith("/v1/")) {
                        assertThat(operation.getValue().has("security"))
                                .as("%s needs no token", name)
                                .isFalse();
                    } else if (path.getKey().equals("/v1/oauth/token")) {
                        assertThat(operation.getValue().has("security"))
                                .as("%s needs no token", name)
                                .isFalse();
                        assertThat(responses.has("401"))
                                .as("%s documents its 401", name)
                                .isTrue();
                    } else {
                        assertThat(operation.getValue().path("security"))
                                .as("security of %s", name)
                                .isNotEmpty();
                        assertThat(responses.has("401"))
                                .as("%s documents 401", name)
                                .isTrue();
                        assertThat(responses.has("403"))
                                .as("%s documents 403", name)
                                .isTrue();
                    }
                }));
    }

    private static List<String> concat(List<String> list, String more) {
        List<String> all = new java.util.ArrayList<>(list);
        all.add(more);
        return all;
    }
}
