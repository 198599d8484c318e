package dev.conveyor.bootstrap;

import static dev.conveyor.bootstrap.Api.j;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.conveyor.application.fakes.MutableClock;
import dev.conveyor.postgres.testing.TestDatabase;
import io.dropwizard.testing.junit5.DropwizardAppExtension;
import io.dropwizard.testing.junit5.DropwizardExtensionsSupport;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Requests built to break the server. Each one must get a 4xx JSON error that names what is wrong, with no
 * stack trace, SQL or class name in it (malformed JSON is 400; a known field of the wrong type or out of its
 * bounds is 422 naming the field; receipts that are malformed or not current are reported in {@code failed}, as
 * the contract says); must leave every table exactly as it was; and must leave the server serving (a publish,
 * a receive and an ack on another queue succeed right after it).
 */
@ExtendWith(DropwizardExtensionsSupport.class)
class HostileInputApiTest {
    static final TestDatabase DB = TestDatabase.create();
    static final MutableClock CLOCK = ConveyorTestApp.clock();
    static final DropwizardAppExtension<ConveyorConfiguration> APP = ConveyorTestApp.extension(DB, CLOCK);
    static final Api API = new Api(APP);
    /** Raw HTTP, so that a request can carry any bytes, any Content-Type, and a path the JAX-RS client would fix. */
    static final HttpClient HTTP =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    /** Words that would mean internals leaked into an answer. */
    static final List<String> LEAKS = List.of(
            "exception",
            "\tat ",
            "java.",
            "javax.",
            "jakarta.",
            "org.",
            "com.",
            "dev.conveyor",
            "sql",
            "postgres",
            "jdbc",
            "jdbi",
            "liquibase",
            "hibernate",
            "jackson",
            "stack");

    /** A receipt of a message leased from another queue, and one of the hostile queue, for the receipt cases. */
    static String foreignReceipt;

    static String ownReceipt;

    @BeforeAll
    static void createTargets() {
        API.createQueue("hq", "'max_messages': 1000");
        API.createQueue("hq-dlq");
        API.createTopic("ht");
        API.subscribe("hs", "ht", "hq", "{\"kind\": [\"a\"]}");
        API.createQueue("other");
        API.createQueue("canary");
        API.publish("other", "{'body': 1}".replace('\'', '"'));
        foreignReceipt = API.receive("other", 1).get(0).get("receipt").asText();
        API.publish("hq", "{'body': 'kept'}".replace('\'', '"'));
        ownReceipt = API.receive("hq", 1).get(0).get("receipt").asText();
    }

    @AfterAll
    static void dropDatabase() {
        DB.close();
    }

    /** One hostile request and what it must be answered with. */
    @SuppressWarnings("ArrayRecordComponent") // a test case, never compared
    record Hostile(
            String name,
            String method,
            String path,
            byte[] body,
            String contentType,
            int status,
            List<String> mentions) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Hostile post(String name, String path, String json, int status, String... mentions) {
        return new Hostile(
                name,
                "POST",
                path,
                json.getBytes(StandardCharsets.UTF_8),
                "application/json",
                status,
                List.of(mentions));
    }

    static Hostile raw(
            String name, String method, String path, byte[] body, String contentType, int status, String... mentions) {
        return new Hostile(name, method, path, body, contentType, status, List.of(mentions));
    }

    static Stream<Hostile> cases() {
        List<Hostile> cases = new ArrayList<>();
        cases.addAll(bodies());
        cases.addAll(messages());
        cases.addAll(numbers());
        cases.addAll(names());
        cases.addAll(receipts());
        cases.addAll(filters());
        return cases.stream();
    }

    /** Bodies that are not the JSON they should be. */
    static List<Hostile> bodies() {
        String publish = "/v1/queues/hq/messages";
        return List.of(
                raw(
                        "a body over the 32 MiB limit",
                        "POST",
                        publish,
                        ("{\"body\": \"" + "x".repeat(33 * 1024 * 1024) + "\"}").getBytes(StandardCharsets.UTF_8),
                        "application/json",
                        413,
                        "large"),
                post(
                        "100,000 levels of nested arrays",
                        publish,
                        "{\"body\": " + "[".repeat(100_000) + "]".repeat(100_000) + "}",
                        400,
                        "nest"),
                post(
                        "100,000 levels of nested objects",
                        publish,
                        "{\"body\": " + "{\"a\":".repeat(100_000) + "1" + "}".repeat(100_000) + "}",
                        400,
                        "nest"),
                post("a number of 100,000 digits", publish, "{\"body\": " + "9".repeat(100_000) + "}", 400, "number"),
                post(
                        "a string body of 300 KiB",
                        publish,
                        "{\"body\": \"" + "x".repeat(300 * 1024) + "\"}",
                        422,
                        "body"),
                raw(
                        "invalid UTF-8",
                        "POST",
                        publish,
                        new byte[] {'{', '"', 'b', 'o', 'd', 'y', '"', ':', '"', (byte) 0xC3, (byte) 0x28, '"', '}'},
                        "application/json",
                        400,
                        "utf-8"),
                raw(
                        "an overlong UTF-8 encoding of a slash",
                        "POST",
                        publish,
                        new byte[] {'{', '"', 'b', 'o', 'd', 'y', '"', ':', '"', (byte) 0xC0, (byte) 0xAF, '"', '}'},
                        "application/json",
                        400,
                        "utf-8"),
                post("a lone high surrogate escaped", publish, "{\"body\": \"\\ud800\"}", 400, "surrogate"),
                post("a lone low surrogate escaped", publish, "{\"body\": \"\\udc00x\"}", 400, "surrogate"),
                post("\\u0000 in the body", publish, "{\"body\": \"a\\u0000b\"}", 400, "\\u0000"),
                post("\\u0000 in a body's key", publish, "{\"body\": {\"a\\u0000\": 1}}", 400, "\\u0000"),
                post(
                        "\\u0000 in an attribute value",
                        publish,
                        "{\"body\": 1, \"attributes\": {\"k\": \"v\\u0000\"}}",
                        400,
                        "\\u0000"),
                post(
                        "\\u0000 in an attribute key",
                        publish,
                        "{\"body\": 1, \"attributes\": {\"\\u0000\": \"v\"}}",
                        400,
                        "\\u0000"),
                post("\\u0000 in a label", publish, "{\"body\": 1, \"label\": \"\\u0000\"}", 400, "\\u0000"),
                post("\\u0000 in a queue name", "/v1/queues", "{\"id\": \"a\\u0000b\"}", 400, "\\u0000"),
                post("duplicate keys", publish, "{\"body\": 1, \"body\": 2}", 400, "duplicate"),
                post("duplicate keys in the body", publish, "{\"body\": {\"a\": 1, \"a\": 2}}", 400, "duplicate"),
                post(
                        "duplicate keys in a queue",
                        "/v1/queues",
                        "{\"id\": \"dup\", \"id\": \"dup2\"}",
                        400,
                        "duplicate"),
                post("trailing garbage", publish, "{\"body\": 1} x", 400, "malformed json"),
                post("a second JSON value", publish, "{\"body\": 1}{\"body\": 2}", 400, "trailing"),
                post("a truncated object", publish, "{\"body\": 1", 400, "json"),
                raw("an empty body", "POST", publish, new byte[0], "application/json", 422, "message"),
                post("null", publish, "null", 422, "message"),
                post("a bare string", publish, "\"hello\"", 422, "message"),
                post("a bare number", publish, "42", 422, "message"),
                post("an unknown field in a message", publish, "{\"body\": 1, \"priority\": 9}", 400, "priority"),
                post(
                        "an unknown field in a queue",
                        "/v1/queues",
                        "{\"id\": \"u1\", \"ack_deadline\": 9}",
                        400,
                        "ack_deadline"),
                post("an unknown field in a receive", "/v1/queues/hq/receive", "{\"max\": 9}", 400, "max"),
                raw(
                        "text/plain",
                        "POST",
                        publish,
                        "{\"body\": 1}".getBytes(StandardCharsets.UTF_8),
                        "text/plain",
                        415,
                        "application/json"),
                raw(
                        "application/xml",
                        "POST",
                        "/v1/queues",
                        "<id>x</id>".getBytes(StandardCharsets.UTF_8),
                        "application/xml",
                        415,
                        "application/json"),
                raw(
                        "form-encoded",
                        "POST",
                        "/v1/queues",
                        "id=x".getBytes(StandardCharsets.UTF_8),
                        "application/x-www-form-urlencoded",
                        415,
                        "application/json"));
    }

    /** Messages and batches that break the publishing rules. */
    static List<Hostile> messages() {
        String publish = "/v1/queues/hq/messages";
        String batchWithABadSeventh = IntStream.range(0, 10)
                .mapToObj(i -> i == 7 ? "{\"body\": 1, \"attributes\": {\"k\": 5}}" : "{\"body\": " + i + "}")
                .collect(Collectors.joining(",", "[", "]"));
        String attributes33 = IntStream.range(0, 33)
                .mapToObj(i -> "\"k" + i + "\": \"v\"")
                .collect(Collectors.joining(",", "{", "}"));
        return List.of(
                post("an empty batch", publish, "[]", 422, "1 to 100"),
                post(
                        "a batch of 101",
                        publish,
                        IntStream.range(0, 101)
                                .mapToObj(i -> "{\"body\": 1}")
                                .collect(Collectors.joining(",", "[", "]")),
                        422,
                        "1 to 100"),
                post("an invalid message at index 7 of a batch", publish, batchWithABadSeventh, 422, "[7]"),
                post("a message without a body", publish, "{\"attributes\": {}}", 422, "body"),
                post("a null in a batch", publish, "[{\"body\": 1}, null]", 422, "[1]"),
                post("attributes not an object", publish, "{\"body\": 1, \"attributes\": [\"a\"]}", 422, "attributes"),
                post("an attribute value not a string", publish, "{\"body\": 1, \"attributes\": {\"k\": 1}}", 422, "k"),
                post(
                        "33 attributes",
                        publish,
                        "{\"body\": 1, \"attributes\": " + attributes33 + "}",
                        422,
                        "attributes"),
                post(
                        "an attribute key of 129 characters",
                        publish,
                        "{\"body\": 1, \"attributes\": {\"" + "k".repeat(129) + "\": \"v\"}}",
                        422,
                        "attributes"),
                post(
                        "an attribute value of 1025 characters",
                        publish,
                        "{\"body\": 1, \"attributes\": {\"k\": \"" + "v".repeat(1025) + "\"}}",
                        422,
                        "attributes"),
                post(
                        "a label of 129 characters",
                        publish,
                        "{\"body\": 1, \"label\": \"" + "l".repeat(129) + "\"}",
                        422,
                        "label"),
                post("a label not a string", publish, "{\"body\": 1, \"label\": 5}", 422, "label"),
                post(
                        "a publish to a topic with a message at index 1 bad",
                        "/v1/topics/ht/messages",
                        "[{\"body\": 1, \"attributes\": {\"kind\": \"a\"}}, {\"body\": 2, \"delay_seconds\": -1}]",
                        422,
                        "[1]"));
    }

    /** Every numeric field at -1, 0, max + 1, 2^31, 2^63, 1e309 and as a string, where those are out of bounds. */
    static List<Hostile> numbers() {
        record Field(String name, String path, String template, long min, long max) {}
        List<Field> fields = List.of(
                new Field(
                        "ack_deadline_seconds",
                        "/v1/queues",
                        "{\"id\": \"n-%s\", \"ack_deadline_seconds\": %s}",
                        1,
                        43200),
                new Field(
                        "message_retention_seconds",
                        "/v1/queues",
                        "{\"id\": \"n-%s\", \"message_retention_seconds\": %s}",
                        60,
                        1209600),
                new Field(
                        "delivery_delay_seconds",
                        "/v1/queues",
                        "{\"id\": \"n-%s\", \"delivery_delay_seconds\": %s}",
                        0,
                        900),
                new Field("max_deliveries", "/v1/queues", "{\"id\": \"n-%s\", \"max_deliveries\": %s}", 1, 1000),
                new Field(
                        "backoff_min_seconds",
                        "/v1/queues",
                        "{\"id\": \"n-%s\", \"backoff_min_seconds\": %s," + " \"backoff_max_seconds\": 43200}",
                        0,
                        43200),
                new Field(
                        "backoff_max_seconds",
                        "/v1/queues",
                        "{\"id\": \"n-%s\", \"backoff_max_seconds\": %s}",
                        0,
                        43200),
                new Field("max_messages", "/v1/queues", "{\"id\": \"n-%s\", \"max_messages\": %s}", 1, Long.MAX_VALUE),
                new Field("max_messages", "/v1/queues/hq/receive", "{\"max_messages\": %2$s}", 1, 100),
                new Field("wait_seconds", "/v1/queues/hq/receive", "{\"wait_seconds\": %2$s}", 0, 20),
                new Field("delay_seconds", "/v1/queues/hq/messages", "{\"body\": 1, \"delay_seconds\": %2$s}", 0, 900),
                new Field(
                        "delay_seconds",
                        "/v1/queues/hq/nack",
                        "{\"receipts\": [\"${own}\"], \"delay_seconds\": %2$s}",
                        0,
                        43200),
                new Field(
                        "seconds",
                        "/v1/queues/hq/extend",
                        "{\"receipts\": [\"${own}\"], \"seconds\": %2$s}",
                        0,
                        43200));
        List<Hostile> cases = new ArrayList<>();
        for (Field field : fields) {
            List<String> values = new ArrayList<>();
            if (field.min() > -1) {
                values.add("-1");
            }
            if (field.min() > 0) {
                values.add("0");
            }
            if (field.max() < Long.MAX_VALUE) {
                values.add(Long.toString(field.max() + 1));
            }
            if (field.max() < 2147483648L) {
                values.add("2147483648");
            }
            values.addAll(List.of("9223372036854775808", "1e309", "\"5\"", "1.5", "true"));
            for (String value : values) {
                String id = Integer.toHexString((field.name() + value).hashCode());
                cases.add(post(
                        field.name() + " = " + value + " (" + field.path() + ")",
                        field.path(),
                        String.format(Locale.ROOT, field.template(), id, value),
                        422,
                        field.name()));
            }
        }
        cases.add(raw("limit = 0", "GET", "/v1/queues?limit=0", null, null, 422, "limit"));
        cases.add(raw("limit = 1001", "GET", "/v1/queues?limit=1001", null, null, 422, "limit"));
        cases.add(raw("limit = 2^63", "GET", "/v1/queues?limit=9223372036854775808", null, null, 422, "limit"));
        cases.add(raw("limit not a number", "GET", "/v1/queues?limit=ten", null, null, 422, "limit"));
        cases.add(raw("offset = -1", "GET", "/v1/queues?offset=-1", null, null, 422, "offset"));
        cases.add(raw("offset = 1e309", "GET", "/v1/topics?offset=1e309", null, null, 422, "offset"));
        return cases;
    }

    /** Names that are not names: in a body (422, naming the field) and in a path (404 or 4xx). */
    static List<Hostile> names() {
        List<Hostile> cases = new ArrayList<>();
        List<String> bad = List.of(
                "../etc",
                "..",
                ".hidden",
                "a/b",
                "a b",
                "a:b",
                "a;b",
                "x';DROP TABLE queues;--",
                "q%20",
                "qսeue" /* an Armenian letter that looks like u */,
                "ｑueue" /* fullwidth q */,
                "q\u200b",
                "q".repeat(129),
                "q".repeat(10_000),
                "",
                "-lead",
                "_lead");
        for (String name : bad) {
            String shown = name.length() > 20 ? name.length() + " characters" : name;
            cases.add(post(
                    "queue id '" + shown + "'",
                    "/v1/queues",
                    "{\"id\": " + Api.array(name).substring(1, Api.array(name).length() - 1) + "}",
                    422,
                    "id"));
            cases.add(post(
                    "topic id '" + shown + "'",
                    "/v1/topics",
                    "{\"id\": " + Api.array(name).substring(1, Api.array(name).length() - 1) + "}",
                    422,
                    "id"));
        }
        cases.add(post(
                "subscription to a queue '../hq'",
                "/v1/subscriptions",
                "{\"id\": \"s-bad\", \"topic_id\": \"ht\", \"queue_id\": \"../hq\"}",
                422,
                "queue_id"));
        cases.add(post(
                "a dead-letter queue id with SQL",
                "/v1/queues",
                "{\"id\": \"dl-sql\", \"dead_letter_queue_id\": \"hq' OR '1'='1\"}",
                422,
                "dead_letter_queue_id"));
        cases.add(post(
                "a queue as its own dead-letter queue",
                "/v1/queues",
                "{\"id\": \"self-dl\", \"dead_letter_queue_id\": \"self-dl\"}",
                422,
                "dead_letter_queue_id"));
        for (String path : List.of(
                "/v1/queues/..%2Fhq/messages",
                "/v1/queues/hq%2F..%2Fother/messages",
                "/v1/queues/%2e%2e/messages",
                "/v1/queues/hq%00/messages",
                "/v1/queues/hq%27%20OR%20%271%27%3D%271/messages",
                "/v1/queues/q%D5%BDeue/messages",
                "/v1/queues/" + "q".repeat(129) + "/messages",
                "/v1/queues/" + "q".repeat(10_000) + "/messages",
                "/v1/topics/ht%3Bx/messages")) {
            cases.add(raw(
                    "publish to path " + (path.length() > 60 ? path.length() + " characters" : path),
                    "POST",
                    path,
                    "{\"body\": 1}".getBytes(StandardCharsets.UTF_8),
                    "application/json",
                    -1,
                    ""));
        }
        return cases;
    }

    /** Receipts that are malformed, foreign, repeated or too many: refused or reported failed, nothing changed. */
    static List<Hostile> receipts() {
        String thousandAndOne =
                IntStream.range(0, 1001).mapToObj(i -> "\"${own}\"").collect(Collectors.joining(",", "[", "]"));
        return List.of(
                post("1001 receipts", "/v1/queues/hq/ack", "{\"receipts\": " + thousandAndOne + "}", 422, "receipts"),
                post("no receipts", "/v1/queues/hq/ack", "{\"receipts\": []}", 422, "receipts"),
                post("receipts null", "/v1/queues/hq/ack", "{\"receipts\": null}", 422, "receipts"),
                post("receipts not a list", "/v1/queues/hq/ack", "{\"receipts\": \"${own}\"}", 422, "receipts"),
                post("a receipt that is a number", "/v1/queues/hq/nack", "{\"receipts\": [5]}", 422, "receipts[0]"),
                post(
                        "a receipt that is null",
                        "/v1/queues/hq/extend",
                        "{\"receipts\": [null], \"seconds\": 5}",
                        200,
                        "malformed_receipt"),
                post(
                        "an ack of 1001 receipts on a queue that does not exist",
                        "/v1/queues/nope/ack",
                        "{\"receipts\": " + thousandAndOne + "}",
                        422,
                        "receipts"),
                post(
                        "a malformed receipt",
                        "/v1/queues/hq/ack",
                        "{\"receipts\": [\"not-a-receipt\"]}",
                        200,
                        "malformed_receipt"),
                post(
                        "a receipt of SQL",
                        "/v1/queues/hq/ack",
                        "{\"receipts\": [\"' OR 1=1 --\"]}",
                        200,
                        "malformed_receipt"),
                post(
                        "a receipt of another queue",
                        "/v1/queues/hq/ack",
                        "{\"receipts\": [\"${foreign}\"]}",
                        200,
                        "receipt_not_current"),
                post(
                        "a nack of a receipt of another queue",
                        "/v1/queues/hq/nack",
                        "{\"receipts\": [\"${foreign}\"]}",
                        200,
                        "receipt_not_current"),
                post(
                        "an extend of a receipt of another queue",
                        "/v1/queues/hq/extend",
                        "{\"receipts\": [\"${foreign}\"], \"seconds\": 600}",
                        200,
                        "receipt_not_current"),
                post(
                        "a receipt of 10,000 characters",
                        "/v1/queues/hq/ack",
                        "{\"receipts\": [\"" + "r".repeat(10_000) + "\"]}",
                        200,
                        "malformed_receipt"));
    }

    /** Subscription filters that are not maps of lists of strings. */
    static List<Hostile> filters() {
        List<Hostile> cases = new ArrayList<>();
        List<String> bad = List.of(
                "[]",
                "\"kind\"",
                "5",
                "{\"kind\": \"a\"}",
                "{\"kind\": [1]}",
                "{\"kind\": [null]}",
                "{\"kind\": [[\"a\"]]}",
                "{\"kind\": {\"a\": 1}}",
                "{\"kind\": []}",
                "{\"\": [\"a\"]}",
                "{\"kind\": [\"" + "v".repeat(1025) + "\"]}");
        int n = 0;
        for (String filter : bad) {
            cases.add(post(
                    "filter " + (filter.length() > 40 ? filter.length() + " characters" : filter),
                    "/v1/subscriptions",
                    "{\"id\": \"f" + n++ + "\", \"topic_id\": \"ht\", \"queue_id\": \"hq-dlq\","
                            + " \"message_filters\": " + filter + "}",
                    422,
                    "message_filters"));
        }
        return cases;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void isRefusedNamingTheProblemChangesNothingAndTheServerGoesOn(Hostile hostile) throws Exception {
        String before = everything();

        Answer answer = send(hostile);

        String text = answer.body();
        if (hostile.status() == -1) {
            assertThat(answer.status()).as("status of %s: %s", hostile, text).isBetween(400, 499);
        } else {
            assertThat(answer.status()).as("status of %s: %s", hostile, text).isEqualTo(hostile.status());
        }
        JsonNode json = Api.parse(text);
        assertThat(answer.contentType()).startsWith("application/json");
        String lower = text.toLowerCase(Locale.ROOT);
        for (String mention : hostile.mentions()) {
            assertThat(lower).as("the answer names the problem").contains(mention.toLowerCase(Locale.ROOT));
        }
        assertThat(LEAKS).as("internals in %s", text).noneMatch(lower::contains);
        if (answer.status() == 200) {
            assertThat(json.get("succeeded"))
                    .as("nothing succeeded in %s", text)
                    .isEmpty();
        }
        assertThat(everything()).as("every table as it was").isEqualTo(before);
        theServerStillServes();
    }

    @Test
    void filterValuesWithSqlWildcardsMatchOnlyThemselves() {
        API.createTopic("wild");
        API.createQueue("wild-q");
        API.subscribe("wild-s", "wild", "wild-q", j("{'k': ['%%', 'a_c', 'x\\\\y']}"));

        API.publishToTopic(
                "wild",
                j("[{'body': 1, 'attributes': {'k': 'anything'}}, {'body': 2, 'attributes': {'k': 'abc'}},"
                        + " {'body': 3, 'attributes': {'k': 'xzy'}}, {'body': 4, 'attributes': {'k': '%%'}},"
                        + " {'body': 5, 'attributes': {'k': 'a_c'}}, {'body': 6, 'attributes': {'k': 'x\\\\y'}}]"));

        JsonNode received = API.receive("wild-q", 10);
        List<Integer> bodies = new ArrayList<>();
        received.forEach(m -> bodies.add(m.get("body").asInt()));
        assertThat(bodies).containsExactlyInAnyOrder(4, 5, 6);
    }

    /** What came back: the status, the Content-Type and the body. */
    record Answer(int status, String contentType, String body) {}

    private static Answer send(Hostile hostile) throws Exception {
        String path = hostile.path().replace("${own}", ownReceipt).replace("${foreign}", foreignReceipt);
        if (hostile.body() != null && hostile.body().length > ONLY_THE_HEAD_OF) {
            return sendOnlyTheHead(path, hostile);
        }
        HttpRequest.Builder request = HttpRequest.newBuilder(
                        URI.create("http://localhost:" + APP.getLocalPort() + path))
                .timeout(Duration.ofSeconds(30))
                .header("Accept", "application/json");
        if (hostile.body() == null) {
            request.method(hostile.method(), HttpRequest.BodyPublishers.noBody());
        } else {
            byte[] body = new String(hostile.body(), StandardCharsets.ISO_8859_1)
                    .replace("${own}", ownReceipt)
                    .replace("${foreign}", foreignReceipt)
                    .getBytes(StandardCharsets.ISO_8859_1);
            request.header("Content-Type", hostile.contentType())
                    .method(hostile.method(), HttpRequest.BodyPublishers.ofByteArray(body));
        }
        HttpResponse<String> response =
                HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        return new Answer(
                response.statusCode(),
                response.headers().firstValue("Content-Type").orElse(""),
                response.body());
    }

    /** Bodies longer than this are announced whole and sent only this far. */
    private static final int ONLY_THE_HEAD_OF = 1024 * 1024;

    /**
     * Announces the whole body in Content-Length but sends only its first MiB, then reads the answer: the server
     * must refuse a body over its limit without waiting for the rest of it. (A client that writes the rest first,
     * as java.net.http does, sees the connection closed under it instead of the answer.)
     */
    private static Answer sendOnlyTheHead(String path, Hostile hostile) throws Exception {
        try (Socket socket = new Socket("localhost", APP.getLocalPort())) {
            socket.setSoTimeout(30_000);
            OutputStream out = socket.getOutputStream();
            out.write((hostile.method() + " " + path + " HTTP/1.1\r\nHost: localhost\r\nAccept: application/json\r\n"
                            + "Content-Type: " + hostile.contentType() + "\r\nContent-Length: " + hostile.body().length
                            + "\r\nConnection: close\r\n\r\n")
                    .getBytes(StandardCharsets.ISO_8859_1));
            out.write(hostile.body(), 0, ONLY_THE_HEAD_OF);
            out.flush();
            String response = new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            int headersEnd = response.indexOf("\r\n\r\n");
            String head = response.substring(0, headersEnd);
            String contentType = head.lines()
                    .filter(l -> l.toLowerCase(Locale.ROOT).startsWith("content-type:"))
                    .map(l -> l.substring("content-type:".length()).trim())
                    .findFirst()
                    .orElse("");
            return new Answer(Integer.parseInt(head.split(" ")[1]), contentType, response.substring(headersEnd + 4));
        }
    }

    /** Every row that a request could change, as one text: counts, and the state of every message. */
    private static String everything() throws SQLException {
        try (Connection c = DB.connect();
                Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("""
            SELECT (SELECT count(*) FROM topics) || '/' || (SELECT count(*) FROM queues) || '/'
                   || (SELECT count(*) FROM subscriptions) || '/' || (SELECT count(*) FROM clients) || '/'
                   || (SELECT coalesce(string_agg(id || ':' || ack_deadline_seconds || ':' || updated_at, ','
                                       ORDER BY id), '') FROM queues) || '/'
                   || (SELECT coalesce(string_agg(queue_id || ':' || id || ':' || delivery_attempts || ':'
                                       || visible_at || ':' || coalesce(lease_id::text, '-'), ',' ORDER BY queue_id, id), '')
                       FROM messages)
            """)) {
            rs.next();
            return rs.getString(1);
        }
    }

    private static void theServerStillServes() {
        API.publish("canary", "{\"body\": \"alive\"}");
        JsonNode received = API.receive("canary", 1);
        assertThat(received).hasSize(1);
        API.ack("canary", received.get(0).get("receipt").asText());
    }
}
