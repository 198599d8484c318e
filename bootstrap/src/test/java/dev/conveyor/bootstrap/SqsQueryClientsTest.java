package dev.conveyor.bootstrap;

import static dev.conveyor.bootstrap.Api.j;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.conveyor.application.fakes.MutableClock;
import dev.conveyor.postgres.testing.TestDatabase;
import io.dropwizard.testing.junit5.DropwizardAppExtension;
import io.dropwizard.testing.junit5.DropwizardExtensionsSupport;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The SQS endpoint through real AWS Query clients: Debian bookworm's boto3 1.26 and AWS CLI 2.9, run as they are
 * installed ({@code apt-get install python3-boto3 awscli}), against the whole application on PostgreSQL. Each test is
 * one call of one action, as an application makes it, and checks what the client hands back and what /v1 sees.
 * Skipped, saying what to install, where the clients are missing.
 */
@ExtendWith(DropwizardExtensionsSupport.class)
class SqsQueryClientsTest {
    static final TestDatabase DB = TestDatabase.create();
    static final MutableClock CLOCK = ConveyorTestApp.clock();
    static final DropwizardAppExtension<ConveyorConfiguration> APP = ConveyorTestApp.extension(DB, CLOCK);
    static final Api API = new Api(APP);
    static QueryClients clients;

    @BeforeAll
    static void clients() {
        clients = new QueryClients(endpoint());
    }

    @AfterAll
    static void dropDatabase() {
        DB.close();
    }

    static String endpoint() {
        return "http://localhost:" + APP.getLocalPort();
    }

    static String url(String queue) {
        return endpoint() + "/000000000000/" + queue;
    }

    /** A queue made through /v1, so that each test drives only the action it is about. */
    static String queue(String name) {
        API.createQueue(name);
        return url(name);
    }

    /** What the script's call answered; the test fails if it raised. */
    static JsonNode answer(String script, Map<String, ?> arguments) {
        return printed(script, arguments, "Answer");
    }

    /** What the script's call raised; the test fails if it answered. */
    static JsonNode error(String script, Map<String, ?> arguments) {
        return printed(script, arguments, "Error");
    }

    private static JsonNode printed(String script, Map<String, ?> arguments, String member) {
        JsonNode printed = clients.boto3(script, arguments);
        assertThat(printed.has(member))
                .as("boto3 %s printed %s", script, printed)
                .isTrue();
        return printed.get(member);
    }

    // ---- boto3 1.26

    @Test
    void boto3CreatesAQueueWithAttributes() {
        JsonNode created = answer(
                "create_queue",
                Map.of("QueueName", "b3-create", "Attributes", Map.of("VisibilityTimeout", "40", "DelaySeconds", "2")));

        assertThat(created.get("QueueUrl").asText()).isEqualTo(url("b3-create"));
        JsonNode queue = API.get("/v1/queues/b3-create").expect(200);
        assertThat(queue.get("ack_deadline_seconds").asInt()).isEqualTo(40);
        assertThat(queue.get("delivery_delay_seconds").asInt()).isEqualTo(2);
    }

    @Test
    void boto3GetsAQueueUrl() {
        queue("b3-url");

        assertThat(answer("get_queue_url", Map.of("QueueName", "b3-url"))
                        .get("QueueUrl")
                        .asText())
                .isEqualTo(url("b3-url"));
    }

    @Test
    void boto3ListsQueuesByPrefix() {
        queue("b3-list-a");
        queue("b3-list-b");
        queue("b3-other");

        JsonNode listed = answer("list_queues", Map.of("QueueNamePrefix", "b3-list-"));

        assertThat(Api.texts(listed.get("QueueUrls"))).containsExactly(url("b3-list-a"), url("b3-list-b"));
    }

    @Test
    void boto3PagesQueuesWithMaxResultsAndNextToken() {
        queue("b3-page-a");
        queue("b3-page-b");

        JsonNode first = answer("list_queues", Map.of("QueueNamePrefix", "b3-page-", "MaxResults", 1));
        assertThat(Api.texts(first.get("QueueUrls"))).containsExactly(url("b3-page-a"));
        JsonNode second = answer(
                "list_queues",
                Map.of(
                        "QueueNamePrefix",
                        "b3-page-",
                        "MaxResults",
                        1,
                        "NextToken",
                        first.get("NextToken").asText()));

        assertThat(Api.texts(second.get("QueueUrls"))).containsExactly(url("b3-page-b"));
        assertThat(second.has("NextToken")).isFalse();
    }

    @Test
    void boto3SendsAMessage() throws Exception {
        String url = queue("b3-send");
        String body = "héllo ✓ <a & b> = +1\r\nsecond line";

        JsonNode sent = answer("send_message", Map.of("QueueUrl", url, "MessageBody", body));

        assertThat(sent.get("MD5OfMessageBody").asText()).isEqualTo(SqsQueryApiTest.md5(body));
        JsonNode stored = API.browse("b3-send").get(0);
        assertThat(stored.get("id").asText()).isEqualTo(sent.get("MessageId").asText());
        assertThat(stored.get("body").asText()).isEqualTo(body);
    }

    @Test
    void boto3ReceivesUpToMaxNumberOfMessages() throws Exception {
        String url = queue("b3-receive");
        API.publish("b3-receive", j("[{'body': 'one'}, {'body': 'two'}, {'body': 'three'}]"));

        JsonNode received =
                answer("receive_message", Map.of("QueueUrl", url, "MaxNumberOfMessages", 2, "WaitTimeSeconds", 1));

        JsonNode messages = received.get("Messages");
        assertThat(messages).hasSize(2);
        for (JsonNode message : messages) {
            assertThat(message.get("MD5OfBody").asText())
                    .isEqualTo(SqsQueryApiTest.md5(message.get("Body").asText()));
            assertThat(message.get("ReceiptHandle").asText()).isNotBlank();
        }
    }

    @Test
    void boto3ReceivesNothingFromAnEmptyQueueAfterWaitTimeSeconds() {
        String url = queue("b3-empty");

        JsonNode received = answer("receive_message", Map.of("QueueUrl", url, "WaitTimeSeconds", 1));

        assertThat(received.has("Messages")).as("no messages: %s", received).isFalse();
    }

    @Test
    void boto3LongPollGetsAMessageSentWhileItWaits() throws Exception {
        QueryClients.assumeBoto3(); // here, not in the thread below, so that it skips the test
        String url = queue("b3-long-poll");
        CompletableFuture<JsonNode> waiting = CompletableFuture.supplyAsync(
                () -> answer("receive_message", Map.of("QueueUrl", url, "WaitTimeSeconds", 20)));
        Thread.sleep(1500); // most likely waiting by now; if not, the message is simply there when it asks

        API.publish("b3-long-poll", j("{'body': 'wake up'}"));

        JsonNode received = waiting.get(60, TimeUnit.SECONDS);
        assertThat(received.get("Messages")).hasSize(1);
        assertThat(received.at("/Messages/0/Body").asText()).isEqualTo("wake up");
    }

    @Test
    void boto3DeletesAMessage() {
        String url = queue("b3-delete-message");
        API.publish("b3-delete-message", j("{'body': 'done'}"));
        String handle =
                API.receive("b3-delete-message", 1).get(0).get("receipt").asText();

        answer("delete_message", Map.of("QueueUrl", url, "ReceiptHandle", handle));

        assertThat(API.total("b3-delete-message")).isZero();
    }

    @Test
    void boto3DeletesAQueue() {
        String url = queue("b3-delete-queue");

        answer("delete_queue", Map.of("QueueUrl", url));

        API.get("/v1/queues/b3-delete-queue").expect(404);
    }

    @Test
    void boto3RaisesQueueDoesNotExistForAMissingQueue() {
        JsonNode caught = answer("queue_does_not_exist", Map.of("QueueName", "b3-nowhere"));
        assertThat(caught.get("Caught").asText()).isEqualTo("sqs.exceptions.QueueDoesNotExist");

        JsonNode error = error("send_message", Map.of("QueueUrl", url("b3-nowhere"), "MessageBody", "x"));
        assertThat(error.get("Exception").asText()).isEqualTo("QueueDoesNotExist");
        assertThat(error.get("Code").asText()).isEqualTo("AWS.SimpleQueueService.NonExistentQueue");
        assertThat(error.get("Type").asText()).isEqualTo("Sender");
        assertThat(error.get("Status").asInt()).isEqualTo(400);
        assertThat(error.get("Message").asText()).isEqualTo("The specified queue does not exist.");
    }

    @Test
    void boto3SeesAnInvalidParameterAsAClientErrorWithSqssCode() {
        String url = queue("b3-bounds");

        JsonNode error = error("receive_message", Map.of("QueueUrl", url, "MaxNumberOfMessages", 11));

        assertThat(error.get("Exception").asText()).isEqualTo("ClientError");
        assertThat(error.get("Code").asText()).isEqualTo("InvalidParameterValue");
        assertThat(error.get("Message").asText()).contains("MaxNumberOfMessages");
    }

    @Test
    void boto3CreatesAFifoQueueSendsToAGroupAndReceivesItsSystemAttributes() {
        String url = answer(
                        "create_queue",
                        Map.of(
                                "QueueName",
                                "b3-fifo.fifo",
                                "Attributes",
                                Map.of("FifoQueue", "true", "ContentBasedDeduplication", "true")))
                .get("QueueUrl")
                .asText();
        assertThat(url).isEqualTo(url("b3-fifo.fifo"));

        JsonNode sent =
                answer("send_message", Map.of("QueueUrl", url, "MessageBody", "first", "MessageGroupId", "order-1"));
        JsonNode message = answer(
                        "receive_message",
                        Map.of("QueueUrl", url, "AttributeNames", List.of("All"), "WaitTimeSeconds", 1))
                .get("Messages")
                .get(0);

        assertThat(sent.path("SequenceNumber").asText()).isNotBlank();
        assertThat(message.get("MessageId").asText())
                .isEqualTo(sent.get("MessageId").asText());
        assertThat(message.get("Attributes").get("MessageGroupId").asText()).isEqualTo("order-1");
        assertThat(message.get("Attributes").get("SequenceNumber").asText())
                .isEqualTo(sent.get("SequenceNumber").asText());
    }

    @Test
    void boto3SeesAFifoSendWithoutAGroupAsMissingParameter() {
        String url = answer(
                        "create_queue",
                        Map.of("QueueName", "b3-fifo-refused.fifo", "Attributes", Map.of("FifoQueue", "true")))
                .get("QueueUrl")
                .asText();

        JsonNode error =
                error("send_message", Map.of("QueueUrl", url, "MessageBody", "x", "MessageDeduplicationId", "d"));

        assertThat(error.get("Code").asText()).isEqualTo("MissingParameter");
        assertThat(error.get("Message").asText()).isEqualTo("The request must contain the parameter MessageGroupId.");
        JsonNode attributes = answer(
                        "get_queue_attributes",
                        Map.of("QueueUrl", url, "AttributeNames", List.of("FifoQueue", "ContentBasedDeduplication")))
                .get("Attributes");
        assertThat(attributes.get("FifoQueue").asText()).isEqualTo("true");
        assertThat(attributes.get("ContentBasedDeduplication").asText()).isEqualTo("false");
    }

    // ---- AWS CLI 2.9

    @Test
    void cliCreatesAQueueWithAttributes() {
        JsonNode created =
                clients.awsOk("create-queue", "--queue-name", "cli-create", "--attributes", "VisibilityTimeout=40");

        assertThat(created.get("QueueUrl").asText()).isEqualTo(url("cli-create"));
        assertThat(API.get("/v1/queues/cli-create")
                        .expect(200)
                        .get("ack_deadline_seconds")
                        .asInt())
                .isEqualTo(40);
    }

    @Test
    void cliGetsAQueueUrl() {
        queue("cli-url");

        assertThat(clients.awsOk("get-queue-url", "--queue-name", "cli-url")
                        .get("QueueUrl")
                        .asText())
                .isEqualTo(url("cli-url"));
    }

    @Test
    void cliListsQueuesByPrefixFollowingNextToken() {
        queue("cli-list-a");
        queue("cli-list-b");
        queue("cli-list-c");

        // --page-size makes the CLI ask with MaxResults and follow each NextToken until there is none.
        JsonNode listed = clients.awsOk("list-queues", "--queue-name-prefix", "cli-list-", "--page-size", "2");

        assertThat(Api.texts(listed.get("QueueUrls")))
                .containsExactly(url("cli-list-a"), url("cli-list-b"), url("cli-list-c"));
    }

    @Test
    void cliSendsAMessage() throws Exception {
        String url = queue("cli-send");

        JsonNode sent = clients.awsOk("send-message", "--queue-url", url, "--message-body", "héllo & <cli>");

        assertThat(sent.get("MD5OfMessageBody").asText()).isEqualTo(SqsQueryApiTest.md5("héllo & <cli>"));
        assertThat(API.browse("cli-send").get(0).get("body").asText()).isEqualTo("héllo & <cli>");
    }

    @Test
    void cliReceivesWithWaitTimeSecondsAndMaxNumberOfMessages() {
        String url = queue("cli-receive");
        API.publish("cli-receive", j("[{'body': 'one'}, {'body': 'two'}, {'body': 'three'}]"));

        JsonNode received = clients.awsOk(
                "receive-message",
                "--queue-url",
                url,
                "--max-number-of-messages",
                "10",
                "--wait-time-seconds",
                "2",
                "--attribute-names",
                "All");

        List<String> bodies = received.findValuesAsText("Body");
        assertThat(bodies).containsExactlyInAnyOrder("one", "two", "three");
    }

    @Test
    void cliDeletesAMessage() {
        String url = queue("cli-delete-message");
        API.publish("cli-delete-message", j("{'body': 'done'}"));
        String handle =
                API.receive("cli-delete-message", 1).get(0).get("receipt").asText();

        clients.awsOk("delete-message", "--queue-url", url, "--receipt-handle", handle);

        assertThat(API.total("cli-delete-message")).isZero();
    }

    @Test
    void cliDeletesAQueue() {
        String url = queue("cli-delete-queue");

        clients.awsOk("delete-queue", "--queue-url", url);

        API.get("/v1/queues/cli-delete-queue").expect(404);
    }

    @Test
    void cliCreatesAFifoQueueAndSendsWithGroupAndDeduplicationIds() {
        JsonNode created =
                clients.awsOk("create-queue", "--queue-name", "cli-fifo.fifo", "--attributes", "FifoQueue=true");
        String url = created.get("QueueUrl").asText();
        assertThat(url).isEqualTo(url("cli-fifo.fifo"));

        JsonNode sent = clients.awsOk(
                "send-message",
                "--queue-url",
                url,
                "--message-body",
                "first",
                "--message-group-id",
                "order-1",
                "--message-deduplication-id",
                "order-1-created");

        assertThat(sent.path("SequenceNumber").asText()).isNotBlank();
        assertThat(API.browse("cli-fifo.fifo").get(0).get("group_id").asText()).isEqualTo("order-1");
    }

    @Test
    void cliReportsAMissingQueueWithSqssCodeAndFails() {
        QueryClients.Run run = clients.aws("get-queue-url", "--queue-name", "cli-nowhere");

        assertThat(run.exit()).as("the CLI's exit code for a service error").isEqualTo(254);
        // "...GetQueueUrl operation (reached max retries: 0): The..." here, where AWS_MAX_ATTEMPTS is 1
        assertThat(run.stderr().strip())
                .startsWith("An error occurred (AWS.SimpleQueueService.NonExistentQueue) when calling the GetQueueUrl"
                        + " operation")
                .endsWith(": The specified queue does not exist.");
    }

    // ---- queue attributes, tags, purge, batches, visibility: boto3 and the CLI, one call each

    static String arn(String queue) {
        return "arn:aws:sqs:us-east-1:000000000000:" + queue;
    }

    /** A batch's entries for the CLI, as JSON: a receipt handle may hold what its shorthand syntax splits on. */
    static String entries(Map<?, ?>... entries) {
        return Api.JSON.valueToTree(List.of(entries)).toString();
    }

    /** A message made ready and then received through /v1: its receipt, which is an SQS receipt handle. */
    static String inFlight(String queue, String body) {
        API.publish(queue, j("{'body': '%s'}", body));
        return API.receive(queue, 1).get(0).get("receipt").asText();
    }

    @Test
    void boto3GetsQueueAttributes() {
        String url = answer(
                        "create_queue",
                        Map.of("QueueName", "b3-attributes", "Attributes", Map.of("VisibilityTimeout", "40")))
                .get("QueueUrl")
                .asText();

        JsonNode attributes = answer("get_queue_attributes", Map.of("QueueUrl", url, "AttributeNames", List.of("All")))
                .get("Attributes");

        assertThat(attributes.get("VisibilityTimeout").asText()).isEqualTo("40");
        assertThat(attributes.get("QueueArn").asText()).isEqualTo(arn("b3-attributes"));
        assertThat(attributes.get("ApproximateNumberOfMessages").asText()).isEqualTo("0");
    }

    @Test
    void cliGetsQueueAttributes() {
        String url = queue("cli-attributes");

        JsonNode attributes = clients.awsOk(
                        "get-queue-attributes", "--queue-url", url, "--attribute-names", "QueueArn", "DelaySeconds")
                .get("Attributes");

        assertThat(attributes.get("QueueArn").asText()).isEqualTo(arn("cli-attributes"));
        assertThat(attributes.get("DelaySeconds").asText()).isEqualTo("0");
    }

    @Test
    void boto3SetsQueueAttributes() {
        String url = queue("b3-set-attributes");

        answer("set_queue_attributes", Map.of("QueueUrl", url, "Attributes", Map.of("VisibilityTimeout", "50")));

        assertThat(API.get("/v1/queues/b3-set-attributes")
                        .expect(200)
                        .get("ack_deadline_seconds")
                        .asInt())
                .isEqualTo(50);
    }

    @Test
    void cliSetsQueueAttributes() {
        String url = queue("cli-set-attributes");

        clients.awsOk("set-queue-attributes", "--queue-url", url, "--attributes", "VisibilityTimeout=50");

        assertThat(API.get("/v1/queues/cli-set-attributes")
                        .expect(200)
                        .get("ack_deadline_seconds")
                        .asInt())
                .isEqualTo(50);
    }

    @Test
    void boto3TagsListsAndUntagsAQueue() {
        String url = queue("b3-tags");

        answer("tag_queue", Map.of("QueueUrl", url, "Tags", Map.of("team", "orders", "env", "test")));
        JsonNode tags = answer("list_queue_tags", Map.of("QueueUrl", url)).get("Tags");
        answer("untag_queue", Map.of("QueueUrl", url, "TagKeys", List.of("env")));
        JsonNode after = answer("list_queue_tags", Map.of("QueueUrl", url)).get("Tags");

        assertThat(tags.get("team").asText()).isEqualTo("orders");
        assertThat(tags.get("env").asText()).isEqualTo("test");
        assertThat(after.size()).isEqualTo(1);
        assertThat(after.get("team").asText()).isEqualTo("orders");
    }

    @Test
    void cliTagsListsAndUntagsAQueue() {
        String url = queue("cli-tags");

        clients.awsOk("tag-queue", "--queue-url", url, "--tags", "team=orders,env=test");
        clients.awsOk("untag-queue", "--queue-url", url, "--tag-keys", "env");
        JsonNode tags = clients.awsOk("list-queue-tags", "--queue-url", url).get("Tags");

        assertThat(tags.size()).isEqualTo(1);
        assertThat(tags.get("team").asText()).isEqualTo("orders");
    }

    @Test
    void boto3PurgesAQueue() {
        String url = queue("b3-purge");
        API.publish("b3-purge", j("[{'body': 'one'}, {'body': 'two'}]"));

        answer("purge_queue", Map.of("QueueUrl", url));

        assertThat(API.total("b3-purge")).isZero();
    }

    @Test
    void cliPurgesAQueue() {
        String url = queue("cli-purge");
        API.publish("cli-purge", j("{'body': 'one'}"));

        clients.awsOk("purge-queue", "--queue-url", url);

        assertThat(API.total("cli-purge")).isZero();
    }

    @Test
    void boto3ListsDeadLetterSourceQueues() {
        String dlq = queue("b3-dlq");
        String policy = j("{'deadLetterTargetArn': '%s', 'maxReceiveCount': '3'}", arn("b3-dlq"));
        answer("create_queue", Map.of("QueueName", "b3-dlq-source", "Attributes", Map.of("RedrivePolicy", policy)));

        JsonNode sources = answer("list_dead_letter_source_queues", Map.of("QueueUrl", dlq));

        assertThat(Api.texts(sources.get("queueUrls"))).containsExactly(url("b3-dlq-source"));
    }

    @Test
    void cliListsDeadLetterSourceQueues() {
        String dlq = queue("cli-dlq");
        String policy = j("{'deadLetterTargetArn': '%s', 'maxReceiveCount': 3}", arn("cli-dlq"));
        clients.awsOk(
                "create-queue",
                "--queue-name",
                "cli-dlq-source",
                "--attributes",
                Api.JSON.valueToTree(Map.of("RedrivePolicy", policy)).toString());

        JsonNode sources = clients.awsOk("list-dead-letter-source-queues", "--queue-url", dlq);

        assertThat(Api.texts(sources.get("queueUrls"))).containsExactly(url("cli-dlq-source"));
    }

    @Test
    void boto3SendsAndReceivesTypedMessageAttributesExactly() {
        String url = queue("b3-attributes-typed");
        Map<String, Map<String, String>> attributes = Map.of(
                "text", Map.of("DataType", "String", "StringValue", "attribValue 1"),
                "price", Map.of("DataType", "Number.float", "StringValue", "4563442423554324324264524243.32543234"),
                "blob", Map.of("DataType", "Binary", "BinaryValue", "SGVsbG8gYmluYXJ5IHdvcmxkIQ=="));

        JsonNode sent = answer(
                "binary_message_attribute",
                Map.of("QueueUrl", url, "MessageBody", "typed", "MessageAttributes", attributes));
        JsonNode received = answer("receive_message", Map.of("QueueUrl", url, "MessageAttributeNames", List.of("All")))
                .at("/Messages/0");

        assertThat(received.get("MD5OfMessageAttributes").asText())
                .isEqualTo(sent.get("MD5OfMessageAttributes").asText());
        assertThat(received.at("/MessageAttributes/price/StringValue").asText())
                .isEqualTo("4563442423554324324264524243.32543234");
        assertThat(received.at("/MessageAttributes/price/DataType").asText()).isEqualTo("Number.float");
        assertThat(received.at("/MessageAttributes/blob/BinaryValue").asText())
                .isEqualTo("SGVsbG8gYmluYXJ5IHdvcmxkIQ==");
        assertThat(received.at("/MessageAttributes/text/StringValue").asText()).isEqualTo("attribValue 1");
    }

    @Test
    void cliSendsAMessageAttributeWithSqssMd5() {
        String url = queue("cli-attributes-typed");

        JsonNode sent = clients.awsOk(
                "send-message",
                "--queue-url",
                url,
                "--message-body",
                "typed",
                "--message-attributes",
                "{\"attribName1\": {\"DataType\": \"String\", \"StringValue\": \"attribValue 1\"}}");

        assertThat(sent.get("MD5OfMessageAttributes").asText()).isEqualTo("19e27d4e946b072f3f58da80d94fd778");
    }

    @Test
    void boto3ReceivesSystemAttributes() {
        String url = queue("b3-system-attributes");
        API.publish("b3-system-attributes", j("{'body': 'x'}"));

        JsonNode attributes = answer("receive_message", Map.of("QueueUrl", url, "AttributeNames", List.of("All")))
                .at("/Messages/0/Attributes");

        assertThat(attributes.get("ApproximateReceiveCount").asText()).isEqualTo("1");
        assertThat(attributes.get("SentTimestamp").asText()).matches("[0-9]{13}");
        assertThat(attributes.get("ApproximateFirstReceiveTimestamp").asText()).matches("[0-9]{13}");
    }

    @Test
    void boto3SendsABatchAndSeesEachEntrysOutcome() {
        String url = queue("b3-send-batch");

        JsonNode sent = answer(
                "send_message_batch",
                Map.of(
                        "QueueUrl",
                        url,
                        "Entries",
                        List.of(Map.of("Id", "a", "MessageBody", "one"), Map.of("Id", "b", "MessageBody", "two"))));

        assertThat(sent.get("Successful").findValuesAsText("Id")).containsExactlyInAnyOrder("a", "b");
        assertThat(sent.has("Failed")).isFalse();
        assertThat(API.total("b3-send-batch")).isEqualTo(2);
        JsonNode twice = error(
                "send_message_batch",
                Map.of(
                        "QueueUrl",
                        url,
                        "Entries",
                        List.of(Map.of("Id", "a", "MessageBody", "one"), Map.of("Id", "a", "MessageBody", "two"))));
        assertThat(twice.get("Exception").asText()).isEqualTo("BatchEntryIdsNotDistinct");
        assertThat(twice.get("Code").asText()).isEqualTo("AWS.SimpleQueueService.BatchEntryIdsNotDistinct");
    }

    @Test
    void cliSendsABatch() {
        String url = queue("cli-send-batch");

        JsonNode sent = clients.awsOk(
                "send-message-batch", "--queue-url", url, "--entries", "Id=a,MessageBody=one", "Id=b,MessageBody=two");

        assertThat(sent.get("Successful").findValuesAsText("Id")).containsExactlyInAnyOrder("a", "b");
        assertThat(API.total("cli-send-batch")).isEqualTo(2);
    }

    @Test
    void boto3DeletesABatchAndSeesAMalformedHandleFailAlone() {
        String url = queue("b3-delete-batch");
        String handle = inFlight("b3-delete-batch", "one");

        JsonNode deleted = answer(
                "delete_message_batch",
                Map.of(
                        "QueueUrl",
                        url,
                        "Entries",
                        List.of(
                                Map.of("Id", "good", "ReceiptHandle", handle),
                                Map.of("Id", "bad", "ReceiptHandle", "not-a-handle"))));

        assertThat(deleted.get("Successful").findValuesAsText("Id")).containsExactly("good");
        assertThat(deleted.at("/Failed/0/Id").asText()).isEqualTo("bad");
        assertThat(deleted.at("/Failed/0/Code").asText()).isEqualTo("ReceiptHandleIsInvalid");
        assertThat(deleted.at("/Failed/0/SenderFault").asBoolean()).isTrue();
        assertThat(API.total("b3-delete-batch")).isZero();
    }

    @Test
    void cliDeletesABatch() {
        String url = queue("cli-delete-batch");
        String handle = inFlight("cli-delete-batch", "one");

        clients.awsOk(
                "delete-message-batch",
                "--queue-url",
                url,
                "--entries",
                entries(Map.of("Id", "a", "ReceiptHandle", handle)));

        assertThat(API.total("cli-delete-batch")).isZero();
    }

    @Test
    void boto3ChangesAMessagesVisibilityToZeroSoItIsReadyAgain() {
        String url = queue("b3-visibility");
        String handle = inFlight("b3-visibility", "again");

        answer("change_message_visibility", Map.of("QueueUrl", url, "ReceiptHandle", handle, "VisibilityTimeout", 0));

        assertThat(API.receive("b3-visibility", 1)).hasSize(1);
    }

    @Test
    void cliChangesAMessagesVisibility() {
        String url = queue("cli-visibility");
        String handle = inFlight("cli-visibility", "again");

        clients.awsOk(
                "change-message-visibility",
                "--queue-url",
                url,
                "--receipt-handle",
                handle,
                "--visibility-timeout",
                "0");

        assertThat(API.receive("cli-visibility", 1)).hasSize(1);
    }

    @Test
    void boto3ChangesVisibilityInABatch() {
        String url = queue("b3-visibility-batch");
        String handle = inFlight("b3-visibility-batch", "again");

        JsonNode changed = answer(
                "change_message_visibility_batch",
                Map.of(
                        "QueueUrl",
                        url,
                        "Entries",
                        List.of(Map.of("Id", "a", "ReceiptHandle", handle, "VisibilityTimeout", 0))));

        assertThat(changed.get("Successful").findValuesAsText("Id")).containsExactly("a");
        assertThat(API.receive("b3-visibility-batch", 1)).hasSize(1);
    }

    @Test
    void cliChangesVisibilityInABatch() {
        String url = queue("cli-visibility-batch");
        String handle = inFlight("cli-visibility-batch", "again");

        clients.awsOk(
                "change-message-visibility-batch",
                "--queue-url",
                url,
                "--entries",
                entries(Map.of("Id", "a", "ReceiptHandle", handle, "VisibilityTimeout", 0)));

        assertThat(API.receive("cli-visibility-batch", 1)).hasSize(1);
    }
}
