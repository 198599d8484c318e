package dev.conveyor.client;

import static java.util.Map.entry;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.introspect.BeanPropertyDefinition;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The client against the server's own OpenAPI document, the API's exact reference: every {@code /v1} operation is a
 * call of the client, and every record has the fields of the schema it reads or writes. A call or field the server
 * gains fails here until the client has it. Read from the server with authentication on, whose document also has
 * the clients and the token.
 */
@ExtendWith(SecuredServer.class)
class ApiDocumentTest {
    /** The operations ConveyorClient calls. */
    private static final Set<String> CALLED = Set.of(
            "GET /v1/topics",
            "POST /v1/topics",
            "GET /v1/topics/{id}",
            "DELETE /v1/topics/{id}",
            "POST /v1/topics/{id}/messages",
            "GET /v1/queues",
            "POST /v1/queues",
            "GET /v1/queues/{id}",
            "PUT /v1/queues/{id}",
            "PATCH /v1/queues/{id}",
            "DELETE /v1/queues/{id}",
            "POST /v1/queues/{id}/messages",
            "GET /v1/queues/{id}/messages",
            "GET /v1/queues/{id}/messages/{message_id}",
            "POST /v1/queues/{id}/receive",
            "POST /v1/queues/{id}/ack",
            "POST /v1/queues/{id}/nack",
            "POST /v1/queues/{id}/extend",
            "GET /v1/queues/{id}/stats",
            "GET /v1/queues/{id}/stats/history",
            "POST /v1/queues/{id}/redrive",
            "POST /v1/queues/{id}/purge",
            "POST /v1/queues/{id}/cleanup",
            "GET /v1/stats",
            "GET /v1/stats/history",
            "GET /v1/subscriptions",
            "POST /v1/subscriptions",
            "GET /v1/subscriptions/{id}",
            "DELETE /v1/subscriptions/{id}",
            "GET /v1/clients",
            "POST /v1/clients",
            "GET /v1/clients/{id}",
            "PUT /v1/clients/{id}",
            "PATCH /v1/clients/{id}",
            "DELETE /v1/clients/{id}",
            "POST /v1/oauth/token");

    /** The query parameters the client sends, per operation; an operation not named takes none. */
    private static final Map<String, Set<String>> QUERIES = Map.of(
            "GET /v1/topics", Set.of("limit", "offset"),
            "GET /v1/queues", Set.of("limit", "offset"),
            "GET /v1/queues/{id}/messages", Set.of("limit", "offset", "text", "json_path", "label", "attribute.{key}"),
            "GET /v1/queues/{id}/stats/history", Set.of("window_seconds", "step_seconds"),
            "GET /v1/stats", Set.of("limit", "offset"),
            "GET /v1/stats/history", Set.of("window_seconds", "step_seconds", "limit", "offset"),
            "GET /v1/subscriptions", Set.of("topic_id", "queue_id", "limit", "offset"),
            "GET /v1/clients", Set.of("limit", "offset"));

    /** The client's record for each schema of the document. */
    private static final Map<String, Class<?>> RECORDS = Map.ofEntries(
            entry("TopicResponse", Topic.class),
            entry("QueueResponse", Queue.class),
            entry("QueueSettingsRequest", QueueSettings.class),
            entry("PublishMessageRequest", NewMessage.class),
            entry("PublishedResponse", Published.class),
            entry("ReceiveRequestBody", ReceiveOptions.class),
            entry("MessageResponse", Message.class),
            entry("DeadLetter", DeadLetter.class),
            entry("ReceiptOutcomeResponse", ReceiptOutcome.class),
            entry("ReceiptFailure", ReceiptOutcome.Failure.class),
            entry("StatsResponse", QueueStats.class),
            entry("RedriveRequest", RedriveRequest.class),
            entry("RedriveResponse", RedriveResult.class),
            entry("RedriveSkipped", RedriveResult.Skipped.class),
            entry("CleanupResponse", CleanupResult.class),
            entry("StatsOverview", StatsOverview.class),
            entry("QueueOverview", QueueOverview.class),
            entry("Rates", Rates.class),
            entry("StatsPoint", StatsPoint.class),
            entry("QueueHistory", QueueHistory.class),
            entry("Histories", StatsHistories.class),
            entry("QueueSeries", StatsHistories.Series.class),
            entry("SubscriptionRequest", NewSubscription.class),
            entry("SubscriptionResponse", Subscription.class),
            entry("ClientRequest", NewApiClient.class),
            entry("ClientUpdateRequest", ApiClientUpdate.class),
            entry("ClientResponse", ApiClient.class),
            entry("TokenResponse", Token.class));

    private static JsonNode document;

    @BeforeAll
    static void read(SecuredServer.Secured secured) throws Exception {
        // The first read of the document scans the server's classes: slow on a cold JVM.
        HttpResponse<String> answer = HttpClient.newHttpClient()
                .send(
                        HttpRequest.newBuilder(URI.create(secured.server().url() + "/openapi.json"))
                                .timeout(Duration.ofMinutes(1))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
        assertThat(answer.statusCode()).isEqualTo(200);
        document = Json.MAPPER.readTree(answer.body());
    }

    @Test
    void theClientCallsEveryOperationOfTheApi() {
        Set<String> operations = new TreeSet<>();
        for (Map.Entry<String, JsonNode> path : document.path("paths").properties()) {
            if (path.getKey().startsWith("/v1/")) {
                path.getValue().fieldNames().forEachRemaining(method -> {
                    if (Set.of("get", "post", "put", "patch", "delete").contains(method)) {
                        operations.add(method.toUpperCase(Locale.ROOT) + " " + path.getKey());
                    }
                });
            }
        }

        assertThat(operations).containsExactlyInAnyOrderElementsOf(CALLED);
    }

    @Test
    void theClientSendsEveryQueryParameterOfTheApi() {
        for (Map.Entry<String, JsonNode> path : document.path("paths").properties()) {
            for (Map.Entry<String, JsonNode> operation : path.getValue().properties()) {
                String name = operation.getKey().toUpperCase(Locale.ROOT) + " " + path.getKey();
                if (!CALLED.contains(name)) {
                    continue;
                }
                Set<String> query = new TreeSet<>();
                operation.getValue().path("parameters").forEach(parameter -> {
                    if (parameter.path("in").asText().equals("query")) {
                        query.add(parameter.path("name").asText());
                    }
                });
                assertThat(query)
                        .as("the query parameters of %s", name)
                        .containsExactlyInAnyOrderElementsOf(QUERIES.getOrDefault(name, Set.of()));
            }
        }
    }

    @Test
    void everyRecordHasTheFieldsOfItsSchema() {
        JsonNode schemas = document.path("components").path("schemas");
        RECORDS.forEach((schema, type) -> assertThat(fields(type))
                .as("%s's fields, against the schema %s", type.getSimpleName(), schema)
                .containsExactlyInAnyOrderElementsOf(properties(schemas.path(schema))));
    }

    @Test
    void aQueueToCreateIsItsIdAndItsSettings() {
        Set<String> settings = new HashSet<>(fields(QueueSettings.class));
        settings.add("id");

        assertThat(settings)
                .containsExactlyInAnyOrderElementsOf(
                        properties(document.path("components").path("schemas").path("QueueRequest")));
    }

    private static List<String> properties(JsonNode schema) {
        assertThat(schema.path("properties").isObject())
                .as("a schema with properties")
                .isTrue();
        List<String> names = new ArrayList<>();
        schema.path("properties").fieldNames().forEachRemaining(names::add);
        return names;
    }

    /** The JSON names the client's mapper reads and writes for the record. */
    private static List<String> fields(Class<?> type) {
        return Json.MAPPER
                .getSerializationConfig()
                .introspect(Json.MAPPER.constructType(type))
                .findProperties()
                .stream()
                .map(BeanPropertyDefinition::getName)
                .collect(Collectors.toList());
    }
}
