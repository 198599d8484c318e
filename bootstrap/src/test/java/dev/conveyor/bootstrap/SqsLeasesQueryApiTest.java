package dev.conveyor.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;

import dev.conveyor.application.fakes.MutableClock;
import dev.conveyor.bootstrap.SqsQueryApiTest.Xml;
import dev.conveyor.postgres.testing.TestDatabase;
import io.dropwizard.testing.junit5.DropwizardAppExtension;
import io.dropwizard.testing.junit5.DropwizardExtensionsSupport;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Leases and receipts through the AWS Query protocol, with form-encoded requests as Query clients send them
 * (batch entries flattened as {@code <Action>RequestEntry.N.<member>}) and their XML answers parsed.
 */
@ExtendWith(DropwizardExtensionsSupport.class)
class SqsLeasesQueryApiTest {
    static final TestDatabase DB = TestDatabase.create();
    static final MutableClock CLOCK = ConveyorTestApp.clock();
    static final DropwizardAppExtension<ConveyorConfiguration> APP = ConveyorTestApp.extension(DB, CLOCK);
    static final Api API = new Api(APP);
    static final HttpClient HTTP = HttpClient.newHttpClient();

    @AfterAll
    static void dropDatabase() {
        DB.close();
    }

    /** Posts the action with {@code name=value} pairs to {@code /}, form-encoded, as a Query client does. */
    static Xml call(String action, String... pairs) throws Exception {
        String form = "Action=" + action + "&Version=2012-11-05"
                + IntStream.range(0, pairs.length / 2)
                        .mapToObj(i -> "&" + encode(pairs[2 * i]) + "=" + encode(pairs[2 * i + 1]))
                        .collect(Collectors.joining());
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://localhost:" + APP.getLocalPort() + "/"))
                .header("Content-Type", "application/x-www-form-urlencoded; charset=utf-8")
                .POST(HttpRequest.BodyPublishers.ofString(form))
                .build();
        return SqsQueryApiTest.parse(HTTP.send(request, HttpResponse.BodyHandlers.ofString()));
    }

    private static String encode(String text) {
        return URLEncoder.encode(text, StandardCharsets.UTF_8);
    }

    /** A queue with one message per body, all received (leased for the queue's 30 s); answers the handles. */
    private static List<String> leased(String name, String... bodies) throws Exception {
        String url = call("CreateQueue", "QueueName", name).one("QueueUrl");
        for (String body : bodies) {
            call("SendMessage", "QueueUrl", url, "MessageBody", body);
        }
        Xml received = call("ReceiveMessage", "QueueUrl", url, "MaxNumberOfMessages", "10");
        assertThat(received.all("Message")).hasSize(bodies.length);
        return received.all("ReceiptHandle");
    }

    private static Xml change(String name, String handle, String visibilityTimeout) throws Exception {
        return call(
                "ChangeMessageVisibility",
                "QueueUrl",
                url(name),
                "ReceiptHandle",
                handle,
                "VisibilityTimeout",
                visibilityTimeout);
    }

    private static String url(String name) {
        return "http://localhost:" + APP.getLocalPort() + "/000000000000/" + name;
    }

    @Test
    void receiveMessageTakesVisibilityTimeout() throws Exception {
        leased("query-lease");
        call("SendMessage", "QueueUrl", url("query-lease"), "MessageBody", "leased long");

        Xml received = call("ReceiveMessage", "QueueUrl", url("query-lease"), "VisibilityTimeout", "90");

        assertThat(received.one("Body")).isEqualTo("leased long");
        CLOCK.advance(Duration.ofSeconds(89));
        assertThat(call("ReceiveMessage", "QueueUrl", url("query-lease")).all("Message"))
                .isEmpty();
        CLOCK.advance(Duration.ofSeconds(1));
        assertThat(call("ReceiveMessage", "QueueUrl", url("query-lease")).one("Body"))
                .isEqualTo("leased long");

        Xml refused = call("ReceiveMessage", "QueueUrl", url("query-lease"), "VisibilityTimeout", "soon");
        assertThat(refused.status()).isEqualTo(400);
        assertThat(refused.one("Code")).isEqualTo("InvalidParameterValue");
        assertThat(refused.one("Message")).contains("VisibilityTimeout");
    }

    @Test
    void deleteMessageBatchAnswersEachEntryInXml() throws Exception {
        List<String> handles = leased("query-delete-batch", "a", "b");

        Xml answer = call(
                "DeleteMessageBatch",
                "QueueUrl",
                url("query-delete-batch"),
                "DeleteMessageBatchRequestEntry.1.Id",
                "first",
                "DeleteMessageBatchRequestEntry.1.ReceiptHandle",
                handles.get(0),
                "DeleteMessageBatchRequestEntry.2.Id",
                "second",
                "DeleteMessageBatchRequestEntry.2.ReceiptHandle",
                handles.get(1),
                "DeleteMessageBatchRequestEntry.3.Id",
                "bad",
                "DeleteMessageBatchRequestEntry.3.ReceiptHandle",
                "garbage");

        assertThat(answer.status()).isEqualTo(200);
        assertThat(answer.root()).isEqualTo("DeleteMessageBatchResponse");
        assertThat(answer.all("DeleteMessageBatchResultEntry")).hasSize(2);
        assertThat(answer.all("BatchResultErrorEntry")).hasSize(1);
        assertThat(answer.all("Id")).containsExactly("first", "second", "bad");
        assertThat(answer.one("Code")).isEqualTo("ReceiptHandleIsInvalid");
        assertThat(answer.one("SenderFault")).isEqualTo("true");
        assertThat(API.total("query-delete-batch")).isZero();
    }

    @Test
    void changeMessageVisibilityInXml() throws Exception {
        String handle = leased("query-change", "one").get(0);

        Xml changed = change("query-change", handle, "0");

        assertThat(changed.status()).isEqualTo(200);
        assertThat(changed.root()).isEqualTo("ChangeMessageVisibilityResponse");
        assertThat(changed.one("RequestId")).isNotBlank();
        assertThat(API.stats("query-change").get("available").asInt()).isEqualTo(1);

        // Visible again: no longer in flight under that handle.
        Xml notInFlight = change("query-change", handle, "60");
        assertThat(notInFlight.status()).isEqualTo(400);
        assertThat(notInFlight.root()).isEqualTo("ErrorResponse");
        assertThat(notInFlight.one("Type")).isEqualTo("Sender");
        assertThat(notInFlight.one("Code")).isEqualTo("AWS.SimpleQueueService.MessageNotInflight");
        assertThat(API.stats("query-change").get("available").asInt()).isEqualTo(1);
    }

    @Test
    void changeMessageVisibilityNeedsItsParameters() throws Exception {
        String handle = leased("query-change-missing", "one").get(0);

        Xml noTimeout =
                call("ChangeMessageVisibility", "QueueUrl", url("query-change-missing"), "ReceiptHandle", handle);
        assertThat(noTimeout.status()).isEqualTo(400);
        assertThat(noTimeout.one("Code")).isEqualTo("MissingParameter");
        assertThat(noTimeout.one("Message")).contains("VisibilityTimeout");

        Xml noHandle =
                call("ChangeMessageVisibility", "QueueUrl", url("query-change-missing"), "VisibilityTimeout", "0");
        assertThat(noHandle.one("Code")).isEqualTo("MissingParameter");
        assertThat(noHandle.one("Message")).contains("ReceiptHandle");

        Xml malformed = change("query-change-missing", "garbage", "0");
        assertThat(malformed.status()).isEqualTo(404);
        assertThat(malformed.one("Code")).isEqualTo("ReceiptHandleIsInvalid");

        assertThat(API.stats("query-change-missing").get("in_flight").asInt()).isEqualTo(1);
    }

    /** The JMS library's nack; an entry without VisibilityTimeout counts as 0, as older clients leave a zero out. */
    @Test
    void changeMessageVisibilityBatchInXmlWithAMissingTimeoutAsZero() throws Exception {
        List<String> handles = leased("query-change-batch", "a", "b");

        Xml answer = call(
                "ChangeMessageVisibilityBatch",
                "QueueUrl",
                url("query-change-batch"),
                "ChangeMessageVisibilityBatchRequestEntry.1.Id",
                "explicit",
                "ChangeMessageVisibilityBatchRequestEntry.1.ReceiptHandle",
                handles.get(0),
                "ChangeMessageVisibilityBatchRequestEntry.1.VisibilityTimeout",
                "0",
                "ChangeMessageVisibilityBatchRequestEntry.2.Id",
                "missing",
                "ChangeMessageVisibilityBatchRequestEntry.2.ReceiptHandle",
                handles.get(1));

        assertThat(answer.status()).isEqualTo(200);
        assertThat(answer.root()).isEqualTo("ChangeMessageVisibilityBatchResponse");
        assertThat(answer.all("ChangeMessageVisibilityBatchResultEntry")).hasSize(2);
        assertThat(answer.all("Id")).containsExactly("explicit", "missing");
        assertThat(answer.all("BatchResultErrorEntry")).isEmpty();
        assertThat(call("ReceiveMessage", "QueueUrl", url("query-change-batch"), "MaxNumberOfMessages", "10")
                        .all("Message"))
                .hasSize(2);
    }
}
