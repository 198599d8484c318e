package dev.conveyor.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import dev.conveyor.application.ConsumeService;
import dev.conveyor.application.PublishService;
import dev.conveyor.application.ReceiveRequest;
import dev.conveyor.application.fakes.MutableClock;
import dev.conveyor.domain.Attributes;
import dev.conveyor.domain.Names;
import dev.conveyor.domain.NewMessage;
import dev.conveyor.domain.Page;
import dev.conveyor.domain.QueueSettings;
import dev.conveyor.domain.RedriveAllowPolicy;
import dev.conveyor.postgres.testing.TestDatabase;
import io.dropwizard.testing.junit5.DropwizardAppExtension;
import io.dropwizard.testing.junit5.DropwizardExtensionsSupport;
import jakarta.ws.rs.Path;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.glassfish.jersey.model.Parameter.Source;
import org.glassfish.jersey.server.ResourceConfig;
import org.glassfish.jersey.server.model.Resource;
import org.glassfish.jersey.server.model.ResourceMethod;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * {@code /openapi.json}, {@code /openapi.yaml} and {@code /docs} of the running application: the document
 * covers every resource method Jersey actually serves, with schemas, bounds and error shapes that agree with the
 * code, and Swagger UI is served from the jar alone.
 */
@ExtendWith(DropwizardExtensionsSupport.class)
class ApiDocumentationTest {
    static final TestDatabase DB = TestDatabase.create();
    static final MutableClock CLOCK = ConveyorTestApp.clock();
    static final DropwizardAppExtension<ConveyorConfiguration> APP = ConveyorTestApp.extension(DB, CLOCK);

    private static final HttpClient HTTP =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private static final Set<String> HTTP_METHODS = Set.of("get", "put", "post", "delete", "patch", "head", "options");

    private final Api api = new Api(APP);

    @AfterAll
    static void dropDatabase() {
        DB.close();
    }

    // ---- completeness

    @Test
    void everyResourceMethodTheServerServesIsDocumentedAndNothingElse() {
        Set<String> served = new TreeSet<>(served().keySet());
        served.removeIf(ApiDocumentationTest::isDocumentationItself);
        // Not vacuous: the model walk finds the resources, root-level and nested paths alike.
        assertThat(served)
                .contains(
                        "GET /liveness",
                        "POST /v1/topics",
                        "DELETE /v1/queues/{id}",
                        "POST /v1/queues/{id}/receive",
                        "GET /v1/subscriptions/{id}");

        Set<String> documented = documentedOperations(openApi());
        assertThat(documented)
                .as("operations served but missing from /openapi.json")
                .containsAll(served);
        assertThat(served)
                .as("operations in /openapi.json that the server does not serve")
                .containsAll(documented);
    }

    @Test
    void theDocumentationEndpointsAreServedButNotDocumented() {
        assertThat(served().keySet()).contains("GET /openapi.{type}", "GET /docs", "GET /docs/{file}");
        assertThat(served().keySet()).filteredOn(ApiDocumentationTest::isSqs).hasSize(3);
        assertThat(names(openApi().get("paths")))
                .noneMatch(path -> path.startsWith("/openapi") || path.startsWith("/docs"));
    }

    // ---- schemas

    @Test
    void everyOperationAnswersWithAResponseSchema() {
        JsonNode doc = openApi();
        operations(doc).forEach((name, operation) -> {
            boolean anySchema = false;
            for (JsonNode response : operation.get("responses")) {
                JsonNode content = resolve(doc, response).get("content");
                if (content != null) {
                    for (JsonNode mediaType : content) {
                        anySchema |= mediaType.hasNonNull("schema");
                    }
                }
            }
            assertThat(anySchema).as("%s has a response with a schema", name).isTrue();
        });
    }

    @Test
    void everyMethodThatReadsABodyDocumentsItsSchema() {
        JsonNode doc = openApi();
        Map<String, JsonNode> operations = operations(doc);
        Set<String> readingABody = new TreeSet<>();
        served().forEach((name, method) -> {
            if (!isSqs(name)
                    && method.getInvocable().getParameters().stream().anyMatch(p -> p.getSource() == Source.ENTITY)) {
                readingABody.add(name);
            }
        });
        assertThat(readingABody)
                .contains(
                        "POST /v1/topics",
                        "POST /v1/queues",
                        "PUT /v1/queues/{id}",
                        "PATCH /v1/queues/{id}",
                        "POST /v1/subscriptions",
                        "POST /v1/topics/{id}/messages",
                        "POST /v1/queues/{id}/messages",
                        "POST /v1/queues/{id}/receive",
                        "POST /v1/queues/{id}/ack",
                        "POST /v1/queues/{id}/nack",
                        "POST /v1/queues/{id}/extend",
                        "POST /v1/queues/{id}/redrive");
        for (String name : readingABody) {
            assertThat(operations).as("documented operations").containsKey(name);
            JsonNode schema = operations.get(name).at("/requestBody/content/application~1json/schema");
            assertThat(schema.size()).as("request body schema of %s", name).isPositive();
        }
    }

    @Test
    void aPatchTakesAMergePatchOrPlainJsonOfTheSettingsPutTakes() {
        JsonNode patch = operations(openApi()).get("PATCH /v1/queues/{id}");
        JsonNode put = operations(openApi()).get("PUT /v1/queues/{id}");

        JsonNode content = patch.at("/requestBody/content");
        assertThat(names(content)).containsExactlyInAnyOrder("application/merge-patch+json", "application/json");
        for (JsonNode mediaType : content) {
            assertThat(mediaType.get("schema")).isEqualTo(put.at("/requestBody/content/application~1json/schema"));
        }
        assertThat(patch.get("description").asText()).contains("RFC 7396").contains("null resets");
        assertThat(put.get("description").asText()).contains("PATCH");
        assertThat(names(patch.get("responses"))).contains("200", "400", "404", "409", "415", "422");
    }

    @Test
    void aPublishTakesOneMessageOrABoundedArrayOfThem() {
        for (String name : List.of("POST /v1/topics/{id}/messages", "POST /v1/queues/{id}/messages")) {
            JsonNode body = operations(openApi()).get(name).get("requestBody");
            assertThat(body.path("required").asBoolean()).isTrue();
            JsonNode oneOf = body.at("/content/application~1json/schema/oneOf");
            assertThat(oneOf).as("publish body of %s", name).hasSize(2);
            assertThat(oneOf.get(0).get("$ref").asText()).isEqualTo("#/components/schemas/PublishMessageRequest");
            assertThat(oneOf.get(1).get("type").asText()).isEqualTo("array");
            assertThat(oneOf.get(1).get("minItems").asInt()).isEqualTo(1);
            assertThat(oneOf.get(1).get("maxItems").asInt()).isEqualTo(PublishService.MAX_BATCH);
            assertThat(oneOf.get(1).at("/items/$ref").asText()).isEqualTo("#/components/schemas/PublishMessageRequest");
        }
    }

    @Test
    void everySchemaAndPropertyIsDescribedAndEveryReferenceResolves() {
        JsonNode doc = openApi();
        JsonNode schemas = doc.at("/components/schemas");
        assertThat(schemas.size()).isGreaterThan(10);
        for (Map.Entry<String, JsonNode> schema : schemas.properties()) {
            assertThat(schema.getValue().path("description").asText())
                    .as("description of schema %s", schema.getKey())
                    .isNotBlank();
            for (Map.Entry<String, JsonNode> property :
                    schema.getValue().path("properties").properties()) {
                // A reference's siblings are ignored in OpenAPI 3.0: the referenced schema carries the description.
                if (!property.getValue().has("$ref")) {
                    assertThat(property.getValue().path("description").asText())
                            .as("description of %s.%s", schema.getKey(), property.getKey())
                            .isNotBlank();
                }
            }
        }
        List<String> references = new ArrayList<>();
        collectReferences(doc, references);
        assertThat(references).isNotEmpty();
        for (String reference : references) {
            assertThat(doc.at(reference.substring(1)).isMissingNode())
                    .as("target of %s is missing", reference)
                    .isFalse();
        }
    }

    @Test
    void boundsInTheSchemasAreTheDomainsBounds() {
        JsonNode schemas = openApi().at("/components/schemas");
        for (String queueSettings : List.of("QueueRequest", "QueueSettingsRequest")) {
            JsonNode properties = schemas.path(queueSettings).path("properties");
            assertBounds(properties.get("ack_deadline_seconds"), 1, QueueSettings.MAX_ACK_DEADLINE_SECONDS);
            assertThat(properties.at("/ack_deadline_seconds/default").asInt())
                    .isEqualTo(QueueSettings.DEFAULT_ACK_DEADLINE_SECONDS);
            assertBounds(properties.get("message_retention_seconds"), 60, QueueSettings.DEFAULT_RETENTION_SECONDS);
            assertThat(properties.at("/message_retention_seconds/default").asInt())
                    .isEqualTo(QueueSettings.DEFAULT_RETENTION_SECONDS);
            assertBounds(properties.get("delivery_delay_seconds"), 0, QueueSettings.MAX_DELAY_SECONDS);
            assertBounds(properties.get("backoff_max_seconds"), 0, QueueSettings.MAX_ACK_DEADLINE_SECONDS);
            assertThat(properties.at("/max_deliveries/nullable").asBoolean()).isTrue();
            assertBounds(properties.get("receive_wait_seconds"), 0, QueueSettings.MAX_RECEIVE_WAIT_SECONDS);
            assertBounds(
                    properties.get("max_message_bytes"),
                    QueueSettings.MIN_MESSAGE_BYTES,
                    QueueSettings.MAX_MESSAGE_BYTES);
            assertThat(properties.at("/max_message_bytes/default").asInt()).isEqualTo(QueueSettings.MAX_MESSAGE_BYTES);
            assertThat(properties.at("/allowed_dead_letter_sources/maxItems").asInt())
                    .isEqualTo(RedriveAllowPolicy.MAX_SOURCES);
            assertThat(properties.at("/allowed_dead_letter_sources/nullable").asBoolean())
                    .isTrue();
        }

        JsonNode receive = schemas.at("/ReceiveRequestBody/properties");
        assertBounds(receive.get("max_messages"), 1, ReceiveRequest.MAX_MESSAGES);
        assertBounds(receive.get("wait_seconds"), 0, ReceiveRequest.MAX_WAIT_SECONDS);
        assertThat(receive.at("/label/maxLength").asInt()).isEqualTo(NewMessage.MAX_LABEL_LENGTH);
        // The contract's bounds (API.md, "Additions"): 1 to 43200, the most an ack deadline may be.
        assertBounds(receive.get("lease_seconds"), 1, QueueSettings.MAX_ACK_DEADLINE_SECONDS);
        assertThat(receive.at("/lease_seconds/nullable").asBoolean()).isTrue();

        for (String receipts : List.of("ReceiptsRequest", "NackRequest", "ExtendRequest")) {
            JsonNode list = schemas.at("/" + receipts + "/properties/receipts");
            assertThat(list.get("minItems").asInt()).isEqualTo(1);
            assertThat(list.get("maxItems").asInt())
                    .as("receipts of %s", receipts)
                    .isEqualTo(ConsumeService.MAX_RECEIPTS);
            assertThat(schemas.at("/" + receipts + "/required"))
                    .as("required of %s", receipts)
                    .anyMatch(field -> field.asText().equals("receipts"));
        }
        assertBounds(schemas.at("/ExtendRequest/properties/seconds"), 0, QueueSettings.MAX_ACK_DEADLINE_SECONDS);

        JsonNode message = schemas.at("/PublishMessageRequest/properties");
        assertThat(message.at("/attributes/maxProperties").asInt()).isEqualTo(Attributes.MAX_KEYS);
        assertThat(message.at("/label/maxLength").asInt()).isEqualTo(NewMessage.MAX_LABEL_LENGTH);
        assertBounds(message.get("delay_seconds"), 0, QueueSettings.MAX_DELAY_SECONDS);
        assertThat(schemas.at("/PublishMessageRequest/description").asText())
                .contains(String.valueOf(NewMessage.MAX_BODY_BYTES));

        JsonNode limit =
                operations(openApi()).get("GET /v1/queues").get("parameters").get(0);
        assertThat(limit.get("name").asText()).isEqualTo("limit");
        assertBounds(limit.get("schema"), 1, Page.MAX_LIMIT);
        assertThat(limit.at("/schema/default").asInt()).isEqualTo(Page.DEFAULT_LIMIT);
    }

    @Test
    void everyNameTakenIsDescribedByTheNamingRule() {
        JsonNode schemas = openApi().at("/components/schemas");
        Map<String, String> nameFields = Map.of(
                "CreateTopicRequest", "id",
                "QueueRequest", "id",
                "SubscriptionRequest", "topic_id",
                "RedriveRequest", "destination_queue_id",
                "QueueSettingsRequest", "dead_letter_queue_id");
        Set<String> patterns = new HashSet<>();
        nameFields.forEach((schema, field) -> {
            JsonNode name = schemas.at("/" + schema + "/properties/" + field);
            assertThat(name.path("pattern").asText())
                    .as("pattern of %s.%s", schema, field)
                    .isNotEmpty();
            assertThat(name.path("maxLength").asInt())
                    .as("maxLength of %s.%s", schema, field)
                    .isEqualTo(128);
            patterns.add(name.get("pattern").asText());
        });
        assertThat(patterns).hasSize(1);

        Pattern documented = Pattern.compile(patterns.iterator().next());
        List<String> samples = List.of(
                "orders",
                "a",
                "0",
                "Orders.v2_eu-west",
                "a".repeat(128),
                "a".repeat(129),
                "",
                "-orders",
                ".orders",
                "_orders",
                "or ders",
                "orders/1",
                "ordérs",
                "orders\n");
        for (String sample : samples) {
            assertThat(documented.matcher(sample).matches())
                    .as("pattern on '%s'", sample)
                    .isEqualTo(Names.isValid(sample));
        }
    }

    // ---- errors

    @Test
    void theErrorShapesAreComponentsAndEveryClientErrorUsesOne() {
        JsonNode doc = openApi();
        JsonNode error = doc.at("/components/schemas/ErrorResponse");
        assertThat(error.at("/properties/code/type").asText()).isEqualTo("integer");
        assertThat(error.at("/properties/message/type").asText()).isEqualTo("string");
        assertThat(error.get("required")).extracting(JsonNode::asText).containsExactlyInAnyOrder("code", "message");
        JsonNode validation = doc.at("/components/schemas/ValidationErrorResponse");
        assertThat(validation.at("/properties/errors/type").asText()).isEqualTo("array");
        assertThat(validation.at("/properties/errors/items/type").asText()).isEqualTo("string");

        Map<String, Integer> clientErrors = new TreeMap<>();
        operations(doc).forEach((name, operation) -> {
            for (Map.Entry<String, JsonNode> entry : operation.get("responses").properties()) {
                String status = entry.getKey();
                if (!status.startsWith("4") && !status.equals("500")) {
                    continue;
                }
                clientErrors.merge(status, 1, Integer::sum);
                String expected = status.equals("422") ? "ValidationErrorResponse" : "ErrorResponse";
                JsonNode response = resolve(doc, entry.getValue());
                assertThat(response.path("description").asText())
                        .as("description of %s %s", name, status)
                        .isNotBlank();
                assertThat(response.at("/content/application~1json/schema/$ref").asText())
                        .as("schema of %s %s", name, status)
                        .isEqualTo("#/components/schemas/" + expected);
            }
        });
        // Every kind of refusal the mappers make is documented somewhere.
        assertThat(clientErrors).containsKeys("400", "404", "409", "413", "415", "422", "429", "500");
        assertThat(clientErrors.get("500")).isEqualTo(operations(doc).size());
    }

    @Test
    void theDocumentedErrorShapesAreWhatTheServerAnswers() {
        JsonNode schemas = openApi().at("/components/schemas");
        JsonNode notFound = api.get("/v1/queues/no-such-queue").expect(404);
        assertThat(names(notFound)).containsExactlyInAnyOrderElementsOf(names(schemas.at("/ErrorResponse/properties")));
        JsonNode invalid = api.post("/v1/queues", "{\"id\": \"not a name\"}").expect(422);
        assertThat(names(invalid))
                .containsExactlyInAnyOrderElementsOf(names(schemas.at("/ValidationErrorResponse/properties")));
    }

    // ---- YAML

    @Test
    void theYamlDocumentIsTheJsonDocument() throws IOException {
        HttpResponse<String> yaml = get("/openapi.yaml", "*/*");
        assertThat(yaml.statusCode()).isEqualTo(200);
        assertThat(contentType(yaml)).startsWith("application/yaml");
        JsonNode fromYaml = new YAMLMapper().readTree(yaml.body());
        assertThat(names(fromYaml.get("paths")))
                .containsExactlyElementsOf(names(openApi().get("paths")));
        assertThat(fromYaml).isEqualTo(openApi());
    }

    // ---- Swagger UI

    @Test
    void docsIsAPageOfLocalAssetsThatLoadsTheDocument() {
        HttpResponse<String> page = get("/docs", "text/html");
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(contentType(page)).startsWith("text/html");
        assertThat(page.headers().firstValue("Content-Security-Policy"))
                .hasValueSatisfying(policy -> assertThat(policy).contains("default-src 'self'"));
        String html = page.body();
        assertThat(html)
                .doesNotContainPattern("(?i)https?:")
                .doesNotContain("//cdn")
                .contains("swagger-ui");

        Matcher url = Pattern.compile("data-url=\"([^\"]+)\"").matcher(html);
        assertThat(url.find()).as("Swagger UI's document address in %s", html).isTrue();
        assertThat(url.group(1)).isEqualTo("/openapi.json");

        List<String> assets = new ArrayList<>();
        Matcher reference = Pattern.compile("(?:src|href)=\"([^\"]+)\"").matcher(html);
        while (reference.find()) {
            assets.add(reference.group(1));
        }
        assertThat(assets).anyMatch(a -> a.endsWith(".js")).anyMatch(a -> a.endsWith(".css"));
        for (String asset : assets) {
            assertThat(asset).as("asset address").startsWith("/docs/").doesNotStartWith("//");
            HttpResponse<String> answer = get(asset, "*/*");
            assertThat(answer.statusCode()).as("status of %s", asset).isEqualTo(200);
            assertThat(answer.body()).as("body of %s", asset).isNotEmpty();
            String type = contentType(answer);
            String expected =
                    asset.endsWith(".css") ? "text/css" : asset.endsWith(".js") ? "text/javascript" : "image/png";
            assertThat(type).as("type of %s", asset).startsWith(expected);
            if (asset.endsWith(".js") && !asset.contains("swagger-ui-bundle")) {
                // Our own script: it must not send the document anywhere, nor fetch anything from elsewhere.
                assertThat(answer.body()).contains("SwaggerUIBundle").doesNotContainPattern("(?i)https?:");
            }
        }
    }

    @Test
    void onlyTheFilesSwaggerUiNeedsAreServed() throws IOException {
        for (String path : List.of(
                "/docs/swagger-initializer.js", // in the webjar, but it points Swagger UI at the petstore
                "/docs/index.html",
                "/docs/oauth2-redirect.html",
                "/docs/swagger-ui.js",
                "/docs/pom.properties",
                "/docs/..",
                "/docs/../openapi.json")) {
            RawReply reply = rawGet(path);
            assertThat(reply.status())
                    .as("status of %s: %s", path, reply.text())
                    .isEqualTo(404);
            assertThat(reply.text())
                    .as("answer to %s", path)
                    .contains("\"code\":404")
                    .contains("application/json");
        }
    }

    /**
     * Paths that try to climb out of {@code /docs}, or hide their separators, never reach a handler: Jetty refuses
     * them itself with 400, in our JSON error shape. Only a listed name is ever served, so these would find
     * nothing anyway; the test holds that no such request is answered with a file.
     */
    @Test
    void noPathLeadsOutOfTheDocsAssets() throws IOException {
        for (String path : List.of(
                "/docs/../../etc/passwd",
                "/docs/../../../../etc/passwd%00.css",
                "/docs/%2e%2e/%2e%2e/etc/passwd",
                "/docs/%2e%2e",
                "/docs/..%2f..%2fetc%2fpasswd",
                "/docs/%2e%2e%2fswagger-ui%2fpom.properties",
                "/docs/%5c..%5c..%5cetc%5cpasswd")) {
            RawReply reply = rawGet(path);
            assertThat(reply.status())
                    .as("status of %s: %s", path, reply.text())
                    .isEqualTo(400);
            assertThat(reply.text())
                    .as("answer to %s", path)
                    .doesNotContain("root:")
                    .doesNotContain("version=")
                    .containsIgnoringCase("content-type: application/json")
                    .contains("{\"code\":400,\"message\":\"Bad Request");
        }
    }

    // ---- helpers

    /** Every resource method Jersey serves, as "METHOD /path/{template}", from its model of what is registered. */
    private static Map<String, ResourceMethod> served() {
        ResourceConfig config = APP.getEnvironment().jersey().getResourceConfig();
        Set<Class<?>> classes = new HashSet<>(config.getClasses());
        config.getInstances().forEach(instance -> classes.add(instance.getClass()));
        List<Resource> resources = new ArrayList<>(config.getResources());
        classes.stream()
                .filter(type -> type.isAnnotationPresent(Path.class))
                .map(Resource::from)
                .forEach(resources::add);
        Map<String, ResourceMethod> methods = new TreeMap<>();
        resources.forEach(resource -> walk(resource, "", methods));
        return methods;
    }

    private static void walk(Resource resource, String parentPath, Map<String, ResourceMethod> into) {
        String path = parentPath + "/" + (resource.getPath() == null ? "" : resource.getPath());
        assertThat(resource.getResourceLocator())
                .as("sub-resource locator at %s: walk it too", path)
                .isNull();
        for (ResourceMethod method : resource.getResourceMethods()) {
            into.put(method.getHttpMethod() + " " + template(path), method);
        }
        for (Resource child : resource.getChildResources()) {
            walk(child, path, into);
        }
    }

    /** {@code //v1/queues//{id:[a-z]+}/} as OpenAPI writes it: {@code /v1/queues/{id}}. */
    static String template(String path) {
        StringBuilder out = new StringBuilder();
        int depth = 0;
        boolean inRegex = false;
        for (char c : path.toCharArray()) {
            if (c == '{') {
                depth++;
                if (depth == 1) {
                    out.append(c);
                }
                continue;
            }
            if (c == '}') {
                depth--;
                if (depth == 0) {
                    out.append(c);
                    inRegex = false;
                }
                continue;
            }
            if (depth == 1 && c == ':') {
                inRegex = true;
            }
            if (depth == 0 || (depth == 1 && !inRegex)) {
                out.append(c);
            }
        }
        String normalized = out.toString().replaceAll("/+", "/");
        return normalized.length() > 1 && normalized.endsWith("/")
                ? normalized.substring(0, normalized.length() - 1)
                : normalized;
    }

    private static boolean isDocumentationItself(String operation) {
        String path = operation.substring(operation.indexOf(' ') + 1);
        return path.startsWith("/openapi.") || path.equals("/docs") || path.startsWith("/docs/") || isSqs(operation);
    }

    /**
     * The SQS endpoint: one path per protocol whose action is in a header or a parameter, described by AWS's own
     * API model, not by /openapi.json (which documents /v1).
     */
    private static boolean isSqs(String operation) {
        return operation.equals("POST /")
                || operation.startsWith("POST /{account")
                || operation.startsWith("GET /{account");
    }

    private static Set<String> documentedOperations(JsonNode doc) {
        return new TreeSet<>(operations(doc).keySet());
    }

    private static Map<String, JsonNode> operations(JsonNode doc) {
        Map<String, JsonNode> operations = new TreeMap<>();
        for (Map.Entry<String, JsonNode> path : doc.get("paths").properties()) {
            for (Map.Entry<String, JsonNode> method : path.getValue().properties()) {
                if (HTTP_METHODS.contains(method.getKey())) {
                    operations.put(method.getKey().toUpperCase(Locale.ROOT) + " " + path.getKey(), method.getValue());
                }
            }
        }
        return operations;
    }

    /** The response itself, or the shared one it refers to. */
    private static JsonNode resolve(JsonNode doc, JsonNode response) {
        JsonNode reference = response.get("$ref");
        if (reference == null) {
            return response;
        }
        JsonNode target = doc.at(reference.asText().substring(1));
        assertThat(target.isMissingNode()).as("target of %s", reference).isFalse();
        return target;
    }

    private static void collectReferences(JsonNode node, List<String> into) {
        if (node.isObject()) {
            for (Map.Entry<String, JsonNode> field : node.properties()) {
                if (field.getKey().equals("$ref")) {
                    into.add(field.getValue().asText());
                } else {
                    collectReferences(field.getValue(), into);
                }
            }
        } else if (node.isArray()) {
            node.forEach(element -> collectReferences(element, into));
        }
    }

    private static List<String> names(JsonNode object) {
        List<String> names = new ArrayList<>();
        object.fieldNames().forEachRemaining(names::add);
        return names;
    }

    private static void assertBounds(JsonNode schema, long minimum, long maximum) {
        assertThat(schema).as("schema").isNotNull();
        assertThat(schema.path("minimum").asLong(Long.MIN_VALUE))
                .as("minimum of %s", schema)
                .isEqualTo(minimum);
        assertThat(schema.path("maximum").asLong(Long.MIN_VALUE))
                .as("maximum of %s", schema)
                .isEqualTo(maximum);
    }

    private JsonNode openApi() {
        HttpResponse<String> answer = get("/openapi.json", "application/json");
        assertThat(answer.statusCode()).isEqualTo(200);
        assertThat(contentType(answer)).startsWith("application/json");
        JsonNode doc = Api.parse(answer.body());
        assertThat(doc.path("openapi").asText()).startsWith("3.");
        assertThat(doc.at("/info/title").asText()).isEqualTo("Conveyor");
        assertThat(doc.at("/info/description").asText()).isNotBlank();
        // No servers: clients and Swagger UI use the address they fetched the document from.
        assertThat(doc.has("servers")).isFalse();
        return doc;
    }

    private static String contentType(HttpResponse<?> response) {
        return response.headers().firstValue("Content-Type").orElse("");
    }

    private static HttpResponse<String> get(String path, String accept) {
        try {
            return HTTP.send(
                    HttpRequest.newBuilder(URI.create("http://localhost:" + APP.getLocalPort() + path))
                            .header("Accept", accept)
                            .timeout(Duration.ofSeconds(30))
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new AssertionError("GET " + path, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("GET " + path, e);
        }
    }

    /** The request line exactly as written, so that no client library tidies the path up first. */
    private static RawReply rawGet(String path) throws IOException {
        try (Socket socket = new Socket("localhost", APP.getLocalPort())) {
            socket.setSoTimeout(10_000);
            OutputStream out = socket.getOutputStream();
            out.write(("GET " + path + " HTTP/1.1\r\nHost: localhost\r\nAccept: */*\r\nConnection: close\r\n\r\n")
                    .getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            InputStream in = socket.getInputStream();
            in.transferTo(bytes);
            String text = bytes.toString(StandardCharsets.UTF_8);
            String statusLine = text.substring(0, text.indexOf("\r\n"));
            return new RawReply(Integer.parseInt(statusLine.split(" ")[1]), text);
        }
    }

    private record RawReply(int status, String text) {}
}
