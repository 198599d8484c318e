package dev.conveyor.bootstrap;

import static dev.conveyor.bootstrap.Api.j;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.conveyor.application.fakes.MutableClock;
import dev.conveyor.bootstrap.BearerApi.Credentials;
import dev.conveyor.bootstrap.BearerApi.Reply;
import dev.conveyor.domain.Scope;
import dev.conveyor.postgres.testing.TestDatabase;
import dev.conveyor.rest.ClientsResource;
import dev.conveyor.rest.QueueInspectionResource;
import dev.conveyor.rest.QueueMessagesResource;
import dev.conveyor.rest.QueuesResource;
import dev.conveyor.rest.StatsResource;
import dev.conveyor.rest.SubscriptionsResource;
import dev.conveyor.rest.TokenResource;
import dev.conveyor.rest.TopicsResource;
import dev.conveyor.rest.auth.Public;
import dev.conveyor.rest.auth.Requires;
import io.dropwizard.testing.junit5.DropwizardAppExtension;
import io.dropwizard.testing.junit5.DropwizardExtensionsSupport;
import io.swagger.v3.oas.annotations.Operation;
import jakarta.ws.rs.HttpMethod;
import java.lang.reflect.Method;
import java.util.Arrays;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * What each scope allows, end to end: the scope a call needs (for its one resource, or unrestricted), 403
 * naming it otherwise, creates named by the body, receipts of one queue only, and no client granting more
 * than it holds.
 */
@ExtendWith(DropwizardExtensionsSupport.class)
class AuthScopesApiTest {
    static final byte[] KEY = BearerApi.key(3);
    static final TestDatabase DB = TestDatabase.create();
    static final MutableClock CLOCK = ConveyorTestApp.clock();
    static final DropwizardAppExtension<ConveyorConfiguration> APP = BearerApi.appWithAuth(DB, CLOCK, KEY);
    static final BearerApi API = new BearerApi(APP::getLocalPort);
    static final Credentials ADMIN = BearerApi.createDirectly(DB, KEY, CLOCK, "admin", "*");

    /** Tokens of clients holding exactly these scopes, made once each. */
    private static final Map<String, String> TOKENS = new java.util.HashMap<>();

    private static final AtomicInteger NAMES = new AtomicInteger();

    @BeforeAll
    static void sharedResources() {
        String admin = admin();
        API.post("/v1/queues", "{\"id\": \"sink\"}", admin).expect(201);
        API.post("/v1/topics", "{\"id\": \"feed\"}", admin).expect(201);
    }

    @AfterAll
    static void dropDatabase() {
        DB.close();
    }

    private static String admin() {
        return tokenFor("*");
    }

    /** The token of a client holding exactly {@code scopes}, made by the admin through the API. */
    static String tokenFor(String scopes) {
        String token = TOKENS.get(scopes);
        if (token == null) {
            String grantor = scopes.equals("*") ? API.token(ADMIN) : admin();
            token = API.token(API.createClient(grantor, "holds " + scopes, scopes));
            TOKENS.put(scopes, token);
        }
        return token;
    }

    private static String unique(String prefix) {
        return prefix + "-" + NAMES.incrementAndGet();
    }

    // ---- what the admin makes ready for a call

    private static String topic(String name) {
        API.post("/v1/topics", j("{'id': '%s'}", name), admin()).expect(201);
        return name;
    }

    private static String queue(String name) {
        API.post("/v1/queues", j("{'id': '%s'}", name), admin()).expect(201);
        return name;
    }

    private static String queueWithAMessage(String name) {
        queue(name);
        API.post("/v1/queues/" + name + "/messages", "{\"body\": \"m\"}", admin())
                .expect(201);
        return name;
    }

    private static String subscription(String name) {
        queue(name);
        API.post("/v1/subscriptions", j("{'id': '%s', 'topic_id': 'feed', 'queue_id': '%s'}", name, name), admin())
                .expect(201);
        return name;
    }

    private static String client(String name) {
        return API.createClient(admin(), name, "queues:read").id();
    }

    /** Publishes a message to the queue and receives it as the admin, answering its receipt. */
    private static String receipt(String queue) {
        String admin = admin();
        API.post("/v1/queues/" + queue + "/messages", "{\"body\": \"m\"}", admin)
                .expect(201);
        JsonNode data = API.post("/v1/queues/" + queue + "/receive", "{\"max_messages\": 1}", admin)
                .expect(200)
                .get("data");
        assertThat(data).hasSize(1);
        return data.get(0).get("receipt").asText();
    }

    // ---- the matrix

    /**
     * One call: the scope it needs ({@code <resources>:<action>}), on the resource {@code prepare} makes ready
     * (answering its name), with the body made for that name, and the status it answers when allowed.
     */
    record Call(
            String label,
            String scope,
            String method,
            String path,
            Function<String, String> prepare,
            Function<String, String> body,
            int success) {
        @Override
        public String toString() {
            return label + " needs " + scope;
        }

        Reply send(String name, String token) {
            return send(name, bodyFor(name), token);
        }

        /** The request body for the resource; making it may change the resource (a receive for a receipt). */
        String bodyFor(String name) {
            return body == null ? null : body.apply(name);
        }

        Reply send(String name, String requestBody, String token) {
            return API.send(method, path.replace("{name}", name), requestBody, BearerApi.bearer(token));
        }

        String resources() {
            return scope.split(":")[0];
        }

        /** Another action on the same kind of resource. */
        String otherAction() {
            String action = scope.split(":")[1];
            return Scope.ACTIONS.get(resources()).stream()
                    .filter(a -> !a.equals(action))
                    .findFirst()
                    .orElseThrow();
        }
    }

    private static Call call(
            String label,
            String scope,
            String method,
            String path,
            Function<String, String> prepare,
            Function<String, String> body,
            int success) {
        return new Call(label, scope, method, path, prepare, body, success);
    }

    static Stream<Call> calls() {
        Function<String, String> nothing = name -> name;
        Function<String, String> noBody = null;
        Function<String, String> idBody = name -> j("{'id': '%s'}", name);
        Function<String, String> message = name -> "{\"body\": 1}";
        return Stream.of(
                call("create a topic", "topics:create", "POST", "/v1/topics", nothing, idBody, 201),
                call("get a topic", "topics:read", "GET", "/v1/topics/{name}", AuthScopesApiTest::topic, noBody, 200),
                call(
                        "delete a topic",
                        "topics:delete",
                        "DELETE",
                        "/v1/topics/{name}",
                        AuthScopesApiTest::topic,
                        noBody,
                        204),
                call(
                        "publish to a topic",
                        "topics:publish",
                        "POST",
                        "/v1/topics/{name}/messages",
                        AuthScopesApiTest::topic,
                        message,
                        201),
                call("create a queue", "queues:create", "POST", "/v1/queues", nothing, idBody, 201),
                call("get a queue", "queues:read", "GET", "/v1/queues/{name}", AuthScopesApiTest::queue, noBody, 200),
                call(
                        "count a queue",
                        "queues:read",
                        "GET",
                        "/v1/queues/{name}/stats",
                        AuthScopesApiTest::queue,
                        noBody,
                        200),
                call(
                        "browse a queue",
                        "queues:read",
                        "GET",
                        "/v1/queues/{name}/messages",
                        AuthScopesApiTest::queue,
                        noBody,
                        200),
                call(
                        "change a queue",
                        "queues:update",
                        "PUT",
                        "/v1/queues/{name}",
                        AuthScopesApiTest::queue,
                        name -> "{\"ack_deadline_seconds\": 60}",
                        200),
                call(
                        "patch a queue",
                        "queues:update",
                        "PATCH",
                        "/v1/queues/{name}",
                        AuthScopesApiTest::queue,
                        name -> "{\"ack_deadline_seconds\": 60}",
                        200),
                call(
                        "delete a queue",
                        "queues:delete",
                        "DELETE",
                        "/v1/queues/{name}",
                        AuthScopesApiTest::queue,
                        noBody,
                        204),
                call(
                        "publish to a queue",
                        "queues:publish",
                        "POST",
                        "/v1/queues/{name}/messages",
                        AuthScopesApiTest::queue,
                        message,
                        201),
                call(
                        "receive",
                        "queues:consume",
                        "POST",
                        "/v1/queues/{name}/receive",
                        AuthScopesApiTest::queueWithAMessage,
                        name -> "{\"max_messages\": 1}",
                        200),
                call(
                        "ack",
                        "queues:consume",
                        "POST",
                        "/v1/queues/{name}/ack",
                        AuthScopesApiTest::queue,
                        name -> j("{'receipts': ['%s']}", receipt(name)),
                        200),
                call(
                        "nack",
                        "queues:consume",
                        "POST",
                        "/v1/queues/{name}/nack",
                        AuthScopesApiTest::queue,
                        name -> j("{'receipts': ['%s'], 'delay_seconds': 0}", receipt(name)),
                        200),
                call(
                        "extend",
                        "queues:consume",
                        "POST",
                        "/v1/queues/{name}/extend",
                        AuthScopesApiTest::queue,
                        name -> j("{'receipts': ['%s'], 'seconds': 60}", receipt(name)),
                        200),
                call(
                        "redrive",
                        "queues:manage",
                        "POST",
                        "/v1/queues/{name}/redrive",
                        AuthScopesApiTest::queueWithAMessage,
                        name -> "{\"destination_queue_id\": \"sink\"}",
                        200),
                call(
                        "purge",
                        "queues:manage",
                        "POST",
                        "/v1/queues/{name}/purge",
                        AuthScopesApiTest::queueWithAMessage,
                        noBody,
                        200),
                call(
                        "clean up",
                        "queues:manage",
                        "POST",
                        "/v1/queues/{name}/cleanup",
                        AuthScopesApiTest::queue,
                        noBody,
                        200),
                call(
                        "create a subscription",
                        "subscriptions:create",
                        "POST",
                        "/v1/subscriptions",
                        AuthScopesApiTest::queue,
                        name -> j("{'id': '%s', 'topic_id': 'feed', 'queue_id': '%s'}", name, name),
                        201),
                call(
                        "get a subscription",
                        "subscriptions:read",
                        "GET",
                        "/v1/subscriptions/{name}",
                        AuthScopesApiTest::subscription,
                        noBody,
                        200),
                call(
                        "delete a subscription",
                        "subscriptions:delete",
                        "DELETE",
                        "/v1/subscriptions/{name}",
                        AuthScopesApiTest::subscription,
                        noBody,
                        204),
                call(
                        "get a client",
                        "clients:read",
                        "GET",
                        "/v1/clients/{name}",
                        AuthScopesApiTest::client,
                        noBody,
                        200),
                call(
                        "change a client",
                        "clients:update",
                        "PUT",
                        "/v1/clients/{name}",
                        AuthScopesApiTest::client,
                        name -> "{\"name\": \"renamed\"}",
                        200),
                call(
                        "patch a client",
                        "clients:update",
                        "PATCH",
                        "/v1/clients/{name}",
                        AuthScopesApiTest::client,
                        name -> "{\"name\": \"renamed\"}",
                        200),
                call(
                        "delete a client",
                        "clients:delete",
                        "DELETE",
                        "/v1/clients/{name}",
                        AuthScopesApiTest::client,
                        noBody,
                        204));
    }

    private static void expectAllowed(Call call, Reply reply) {
        JsonNode answer = reply.expect(call.success());
        if (answer != null && answer.has("failed")) {
            assertThat(answer.get("failed"))
                    .as("receipts refused in %s", reply.text())
                    .isEmpty();
            assertThat(answer.get("succeeded")).hasSize(1);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("calls")
    void aScopeForOneResourceAllowsTheCallOnThatResource(Call call) {
        String name = call.prepare().apply(unique("named"));

        expectAllowed(call, call.send(name, tokenFor(call.scope() + ":" + name)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("calls")
    void aScopeForAnotherResourceIsRefusedNamingTheScopeNeeded(Call call) {
        String name = call.prepare().apply(unique("other"));

        call.send(name, tokenFor(call.scope() + ":elsewhere")).expectForbidden(call.scope() + ":" + name);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("calls")
    void anotherActionOnTheSameResourceIsRefusedNamingTheScopeNeeded(Call call) {
        String name = call.prepare().apply(unique("action"));
        String wrong = call.resources() + ":" + call.otherAction();

        call.send(name, tokenFor(wrong + ":" + name)).expectForbidden(call.scope() + ":" + name);
        call.send(name, tokenFor(wrong)).expectForbidden(call.scope() + ":" + name);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("calls")
    void anUnrestrictedScopeAllowsTheCallOnAnyResource(Call call) {
        String name = call.prepare().apply(unique("any"));

        expectAllowed(call, call.send(name, tokenFor(call.scope())));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("calls")
    void theStarAllowsEveryCall(Call call) {
        String name = call.prepare().apply(unique("star"));

        expectAllowed(call, call.send(name, tokenFor("*")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("calls")
    void aRefusedCallChangesNothing(Call call) {
        String name = call.prepare().apply(unique("kept"));
        String body = call.bodyFor(name);
        String before = stateOf(call, name);

        call.send(name, body, tokenFor(call.scope() + ":elsewhere")).expect(403);

        assertThat(stateOf(call, name)).isEqualTo(before);
    }

    /** What the admin sees of the resource the call acts on (and, for queues, of their messages). */
    private static String stateOf(Call call, String name) {
        String admin = admin();
        String path = "/v1/" + call.resources() + "/" + name;
        Reply resource = API.get(path, admin);
        String state = resource.status() + " " + resource.text();
        if (call.resources().equals("queues") && resource.status() == 200) {
            state += " " + API.get(path + "/stats", admin).text();
        }
        return state;
    }

    // ---- lists

    @ParameterizedTest
    @CsvSource({
        "topics:read, /v1/topics",
        "queues:read, /v1/queues",
        "subscriptions:read, /v1/subscriptions",
        "clients:read, /v1/clients"
    })
    void listCallsNeedTheUnrestrictedScope(String scope, String path) {
        API.get(path, tokenFor(scope + ":orders")).expectForbidden(scope);
        API.get(path, tokenFor(scope.split(":")[0] + ":delete")).expectForbidden(scope);

        JsonNode list = API.get(path, tokenFor(scope)).expect(200);

        assertThat(list.get("data").isArray()).isTrue();
    }

    @Test
    void listingTheSubscriptionsOfOneTopicOrQueueNeedsTheUnrestrictedScopeToo() {
        String name = subscription(unique("listed"));

        API.get("/v1/subscriptions?topic_id=feed", tokenFor("subscriptions:read:feed"))
                .expectForbidden("subscriptions:read");
        API.get("/v1/subscriptions?queue_id=" + name, tokenFor("subscriptions:read:" + name))
                .expectForbidden("subscriptions:read");
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "/v1/queues/bad%20name",
                "/v1/queues/.hidden",
                "/v1/queues/a:b",
                "/v1/queues/*",
                "/v1/topics/caf%C3%A9"
            })
    void aValidTokenWithoutTheScopeIs403EvenWhenThePathNamesNoValidResource(String path) {
        Reply reply = API.get(path, tokenFor("queues:read:orders topics:read:orders"));

        assertThat(reply.status())
                .as("status of a reply with body %s", reply.text())
                .isEqualTo(403);
        assertThat(reply.expect(403).get("message").asText()).startsWith("the access token lacks the scope ");
    }

    @Test
    void aValidTokenWithoutTheScopeIs403EvenWhenTheBodyNamesNoValidResource() {
        Reply reply = API.post("/v1/queues", "{\"id\": \"-bad\"}", tokenFor("queues:create:orders"));

        assertThat(reply.status())
                .as("status of a reply with body %s", reply.text())
                .isEqualTo(403);
    }

    // ---- creates named by the body

    @Test
    void aCreateScopeForOneNameCreatesThatNameOnly() {
        String token = tokenFor("queues:create:orders");

        API.post("/v1/queues", "{\"id\": \"other\"}", token).expectForbidden("queues:create:other");
        API.post("/v1/queues", "{\"id\": \"orders\"}", token).expect(201);

        API.get("/v1/queues/other", admin()).expect(404);
        API.get("/v1/queues/orders", admin()).expect(200);
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "{}",
                "{\"id\": 5}",
                "{\"id\": null}",
                "{\"id\": [\"mine\"]}",
                "not json",
                "{\"id\": {\"name\": \"mine\"}}"
            })
    void aCreateWhoseBodyNamesNoResourceNeedsTheUnrestrictedScope(String body) {
        API.post("/v1/queues", body, tokenFor("queues:create:mine")).expectForbidden("queues:create");

        assertThat(API.post("/v1/queues", body, tokenFor("queues:create")).status())
                .as("the unrestricted scope lets the call through to its own validation")
                .isNotIn(401, 403);
    }

    @Test
    void aDuplicateIdCannotSmuggleAnotherNameIntoACreate() {
        String twice = "{\"id\": \"mine-1\", \"id\": \"theirs-1\"}";
        String reversed = "{\"id\": \"theirs-2\", \"id\": \"mine-2\"}";

        assertThat(API.post("/v1/queues", twice, tokenFor("queues:create:mine-1"))
                        .status())
                .isIn(400, 403);
        assertThat(API.post("/v1/queues", reversed, tokenFor("queues:create:mine-2"))
                        .status())
                .isIn(400, 403);

        for (String name : new String[] {"mine-1", "theirs-1", "mine-2", "theirs-2"}) {
            API.get("/v1/queues/" + name, admin()).expect(404);
        }
    }

    @Test
    void aCreateScopeForOneNameWorksForTopicsAndSubscriptionsToo() {
        API.post("/v1/topics", "{\"id\": \"t-other\"}", tokenFor("topics:create:t-mine"))
                .expectForbidden("topics:create:t-other");
        API.post("/v1/topics", "{\"id\": \"t-mine\"}", tokenFor("topics:create:t-mine"))
                .expect(201);
        queue("s-queue");
        String token = tokenFor("subscriptions:create:s-mine");
        API.post("/v1/subscriptions", "{\"id\": \"s-other\", \"topic_id\": \"feed\", \"queue_id\": \"s-queue\"}", token)
                .expectForbidden("subscriptions:create:s-other");
        API.post("/v1/subscriptions", "{\"id\": \"s-mine\", \"topic_id\": \"feed\", \"queue_id\": \"s-queue\"}", token)
                .expect(201);
    }

    @Test
    void creatingClientsNeedsTheUnrestrictedCreateScope() {
        API.post("/v1/clients", "{\"name\": \"x\", \"scopes\": \"clients:create\"}", tokenFor("clients:create:x"))
                .expectForbidden("clients:create");
    }

    // ---- receipts

    @Test
    void aScopeForOneQueueCoversOnlyThatQueuesReceipts() {
        queue("receipts-a");
        queue("receipts-b");
        String own = receipt("receipts-a");
        String foreign = receipt("receipts-b");
        String token = tokenFor("queues:consume:receipts-a");

        JsonNode answer = API.post("/v1/queues/receipts-a/ack", j("{'receipts': ['%s', '%s']}", own, foreign), token)
                .expect(200);

        assertThat(Api.texts(answer.get("succeeded"))).containsExactly(own);
        assertThat(answer.get("failed")).hasSize(1);
        assertThat(answer.get("failed").get(0).get("receipt").asText()).isEqualTo(foreign);
        assertThat(answer.get("failed").get(0).get("reason").asText()).isEqualTo("receipt_not_current");
        API.post("/v1/queues/receipts-b/ack", j("{'receipts': ['%s']}", foreign), token)
                .expectForbidden("queues:consume:receipts-b");
        assertThat(API.get("/v1/queues/receipts-b/stats", admin())
                        .expect(200)
                        .get("in_flight")
                        .asInt())
                .as("queue B's message is still leased")
                .isEqualTo(1);
    }

    @Test
    void nackAndExtendOfAnotherQueuesReceiptsAreRefusedPerItemToo() {
        queue("receipts-c");
        queue("receipts-d");
        String foreign = receipt("receipts-d");
        String token = tokenFor("queues:consume:receipts-c");

        for (String body : new String[] {
            j("{'receipts': ['%s'], 'delay_seconds': 0}", foreign), j("{'receipts': ['%s'], 'seconds': 0}", foreign)
        }) {
            String path =
                    body.contains("delay_seconds") ? "/v1/queues/receipts-c/nack" : "/v1/queues/receipts-c/extend";
            JsonNode answer = API.post(path, body, token).expect(200);
            assertThat(answer.get("succeeded")).isEmpty();
            assertThat(answer.get("failed").get(0).get("reason").asText()).isEqualTo("receipt_not_current");
        }
        assertThat(API.get("/v1/queues/receipts-d/stats", admin())
                        .expect(200)
                        .get("in_flight")
                        .asInt())
                .isEqualTo(1);
    }

    // ---- granting only what one holds

    @Test
    void aClientCreatesClientsWithScopesItHoldsOrNarrowerOnes() {
        String token = tokenFor("clients:create queues:read topics:publish:feed");

        JsonNode created = API.post(
                        "/v1/clients",
                        "{\"name\": \"narrower\", \"scopes\": \"queues:read:orders topics:publish:feed\"}",
                        token)
                .expect(201);

        assertThat(created.get("scopes").asText()).isEqualTo("queues:read:orders topics:publish:feed");
        API.post("/v1/clients", "{\"name\": \"same\", \"scopes\": \"clients:create queues:read\"}", token)
                .expect(201);
    }

    @Test
    void aClientCannotCreateAClientWithAScopeItLacks() {
        String token = tokenFor("clients:create clients:read queues:read topics:publish:feed");
        int before = API.get("/v1/clients?limit=1000", admin())
                .expect(200)
                .get("data")
                .size();

        API.post("/v1/clients", "{\"name\": \"wider\", \"scopes\": \"queues:read queues:consume\"}", token)
                .expectForbidden("queues:consume");
        API.post("/v1/clients", "{\"name\": \"star\", \"scopes\": \"*\"}", token)
                .expectForbidden("*");
        API.post("/v1/clients", "{\"name\": \"other-topic\", \"scopes\": \"topics:publish:other\"}", token)
                .expectForbidden("topics:publish:other");
        API.post("/v1/clients", "{\"name\": \"all-topics\", \"scopes\": \"topics:publish\"}", token)
                .expectForbidden("topics:publish");

        assertThat(API.get("/v1/clients?limit=1000", admin()).expect(200).get("data"))
                .hasSize(before);
    }

    @Test
    void aClientCanOnlyChangeAClientsScopesToOnesItHolds() {
        String victim = API.createClient(admin(), "victim", "queues:read").id();
        JsonNode before = API.get("/v1/clients/" + victim, admin()).expect(200);
        String token = tokenFor("clients:update queues:read topics:read");

        API.put("/v1/clients/" + victim, "{\"scopes\": \"queues:manage\"}", token)
                .expectForbidden("queues:manage");
        API.put("/v1/clients/" + victim, "{\"scopes\": \"*\"}", token).expectForbidden("*");
        API.put("/v1/clients/" + victim, "{\"name\": \"renamed\", \"scopes\": \"queues:consume\"}", token)
                .expectForbidden("queues:consume");
        assertThat(API.get("/v1/clients/" + victim, admin()).expect(200))
                .as("unchanged")
                .isEqualTo(before);

        JsonNode changed = API.put("/v1/clients/" + victim, "{\"scopes\": \"topics:read queues:read:orders\"}", token)
                .expect(200);
        assertThat(changed.get("scopes").asText()).isEqualTo("queues:read:orders topics:read");
    }

    // ---- open endpoints

    @ParameterizedTest
    @ValueSource(strings = {"/liveness", "/readiness", "/metrics", "/openapi.json", "/openapi.yaml", "/docs"})
    void operationalEndpointsAnswerWithoutAToken(String path) {
        assertThat(API.get(path, null).status()).isEqualTo(200);
        assertThat(API.send("GET", path, null, "Bearer not-a-token").status())
                .as("a bad token is ignored there")
                .isEqualTo(200);
    }

    @Test
    void theTokenCallIsTheOnlyV1CallWithoutAToken() {
        API.requestToken(ADMIN.id(), ADMIN.secret()).expect(201);
        API.get("/v1/queues", null).expectUnauthorized();
    }

    // ---- every method declares its scope

    @Test
    void everyV1MethodDeclaresTheScopeItNeedsAsTheIssueMapsIt() {
        Map<String, String> expected = new TreeMap<>(Map.ofEntries(
                Map.entry("createTopic", "topics:create body:id"),
                Map.entry("listTopics", "topics:read "),
                Map.entry("getTopic", "topics:read path:id"),
                Map.entry("deleteTopic", "topics:delete path:id"),
                Map.entry("publishToTopic", "topics:publish path:id"),
                Map.entry("createQueue", "queues:create body:id"),
                Map.entry("listQueues", "queues:read "),
                Map.entry("getQueue", "queues:read path:id"),
                Map.entry("updateQueue", "queues:update path:id"),
                Map.entry("patchQueue", "queues:update path:id"),
                Map.entry("deleteQueue", "queues:delete path:id"),
                Map.entry("publishToQueue", "queues:publish path:id"),
                Map.entry("browseMessages", "queues:read path:id"),
                Map.entry("getQueueStats", "queues:read path:id"),
                Map.entry("getMessage", "queues:read path:id"),
                Map.entry("getQueueStatsHistory", "queues:read path:id"),
                Map.entry("getStatsOfQueues", "queues:read "),
                Map.entry("getHistoryOfQueues", "queues:read "),
                Map.entry("receiveMessages", "queues:consume path:id"),
                Map.entry("ackMessages", "queues:consume path:id"),
                Map.entry("nackMessages", "queues:consume path:id"),
                Map.entry("extendLeases", "queues:consume path:id"),
                Map.entry("redriveMessages", "queues:manage path:id"),
                Map.entry("purgeQueue", "queues:manage path:id"),
                Map.entry("cleanupQueue", "queues:manage path:id"),
                Map.entry("createSubscription", "subscriptions:create body:id"),
                Map.entry("listSubscriptions", "subscriptions:read "),
                Map.entry("getSubscription", "subscriptions:read path:id"),
                Map.entry("deleteSubscription", "subscriptions:delete path:id"),
                Map.entry("createClient", "clients:create "),
                Map.entry("listClients", "clients:read "),
                Map.entry("getClient", "clients:read path:id"),
                Map.entry("updateClient", "clients:update path:id"),
                Map.entry("patchClient", "clients:update path:id"),
                Map.entry("deleteClient", "clients:delete path:id"),
                Map.entry("issueToken", "public")));

        Map<String, String> declared = new TreeMap<>();
        Stream.of(
                        TopicsResource.class,
                        QueuesResource.class,
                        QueueMessagesResource.class,
                        QueueInspectionResource.class,
                        StatsResource.class,
                        SubscriptionsResource.class,
                        ClientsResource.class,
                        TokenResource.class)
                .flatMap(resource -> Arrays.stream(resource.getDeclaredMethods()))
                .filter(AuthScopesApiTest::isResourceMethod)
                .forEach(method -> {
                    Requires requires = method.getAnnotation(Requires.class);
                    String declaration = method.isAnnotationPresent(Public.class)
                            ? "public"
                            : requires == null ? "nothing" : requires.value() + " " + requires.name();
                    declared.put(method.getAnnotation(Operation.class).operationId(), declaration);
                });

        assertThat(declared).isEqualTo(expected);
    }

    private static boolean isResourceMethod(Method method) {
        return Arrays.stream(method.getAnnotations())
                .anyMatch(annotation -> annotation.annotationType().isAnnotationPresent(HttpMethod.class));
    }
}
