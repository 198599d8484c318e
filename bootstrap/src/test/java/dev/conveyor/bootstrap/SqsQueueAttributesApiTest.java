package dev.conveyor.bootstrap;

import static dev.conveyor.bootstrap.Api.j;
import static dev.conveyor.bootstrap.SqsTestClients.arn;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.conveyor.application.fakes.MutableClock;
import dev.conveyor.postgres.testing.TestDatabase;
import io.dropwizard.testing.junit5.DropwizardAppExtension;
import io.dropwizard.testing.junit5.DropwizardExtensionsSupport;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.SqsException;

/**
 * Queue attributes through the AWS SDK for Java v2 (and Get/SetQueueAttributes in the Query protocol): every
 * attribute both ways, mapped onto the queue's settings that /v1 shows, and every refusal changing nothing.
 */
@ExtendWith(DropwizardExtensionsSupport.class)
class SqsQueueAttributesApiTest {
    static final TestDatabase DB = TestDatabase.create();
    static final MutableClock CLOCK = ConveyorTestApp.clock();
    static final DropwizardAppExtension<ConveyorConfiguration> APP = ConveyorTestApp.extension(DB, CLOCK);
    static final Api API = new Api(APP);
    static SqsClient sqs;

    @BeforeAll
    static void connect() {
        sqs = SqsTestClients.sdk(APP);
    }

    @AfterAll
    static void close() {
        sqs.close();
        DB.close();
    }

    private static String create(String name, Map<String, String> attributes) {
        return sqs.createQueue(b -> b.queueName(name).attributesWithStrings(attributes))
                .queueUrl();
    }

    private static Map<String, String> all(String url) {
        return sqs.getQueueAttributes(b -> b.queueUrl(url).attributeNamesWithStrings("All"))
                .attributesAsStrings();
    }

    @Test
    void createQueueSetsEveryAttributeThatGetQueueAttributesAndV1ShowBack() throws Exception {
        String dlq = create(
                "attrs-dlq",
                Map.of(
                        "RedriveAllowPolicy",
                        j("{'redrivePermission':'byQueue','sourceQueueArns':['%s']}", arn("attrs"))));
        Map<String, String> given = new LinkedHashMap<>();
        given.put("VisibilityTimeout", "45");
        given.put("MessageRetentionPeriod", "3600");
        given.put("DelaySeconds", "3");
        given.put("ReceiveMessageWaitTimeSeconds", "5");
        given.put("MaximumMessageSize", "2048");
        given.put("RedrivePolicy", j("{'deadLetterTargetArn':'%s','maxReceiveCount':4}", arn("attrs-dlq")));
        given.put("SqsManagedSseEnabled", "false");
        given.put("Policy", "");
        given.put("FifoQueue", "false");
        long before = CLOCK.instant().getEpochSecond();
        String url = create("attrs", given);

        Map<String, String> attributes = all(url);
        assertThat(attributes)
                .containsEntry("QueueArn", arn("attrs"))
                .containsEntry("VisibilityTimeout", "45")
                .containsEntry("MessageRetentionPeriod", "3600")
                .containsEntry("DelaySeconds", "3")
                .containsEntry("ReceiveMessageWaitTimeSeconds", "5")
                .containsEntry("MaximumMessageSize", "2048")
                .containsEntry("ApproximateNumberOfMessages", "0")
                .containsEntry("ApproximateNumberOfMessagesNotVisible", "0")
                .containsEntry("ApproximateNumberOfMessagesDelayed", "0")
                .containsEntry("SqsManagedSseEnabled", "false")
                .containsEntry("CreatedTimestamp", Long.toString(before))
                .containsEntry("LastModifiedTimestamp", Long.toString(before))
                .doesNotContainKeys("RedriveAllowPolicy", "Policy", "FifoQueue");
        JsonNode redrive = Api.parse(attributes.get("RedrivePolicy"));
        assertThat(redrive.get("deadLetterTargetArn").asText()).isEqualTo(arn("attrs-dlq"));
        assertThat(redrive.get("maxReceiveCount").asInt()).isEqualTo(4);
        JsonNode allow = Api.parse(all(dlq).get("RedriveAllowPolicy"));
        assertThat(allow.get("redrivePermission").asText()).isEqualTo("byQueue");
        assertThat(Api.texts(allow.get("sourceQueueArns"))).containsExactly(arn("attrs"));

        JsonNode queue = API.get("/v1/queues/attrs").expect(200);
        assertThat(queue.get("ack_deadline_seconds").asInt()).isEqualTo(45);
        assertThat(queue.get("message_retention_seconds").asInt()).isEqualTo(3600);
        assertThat(queue.get("delivery_delay_seconds").asInt()).isEqualTo(3);
        assertThat(queue.get("receive_wait_seconds").asInt()).isEqualTo(5);
        assertThat(queue.get("max_message_bytes").asInt()).isEqualTo(2048);
        assertThat(queue.get("max_deliveries").asInt()).isEqualTo(4);
        assertThat(queue.get("dead_letter_queue_id").asText()).isEqualTo("attrs-dlq");
        assertThat(queue.get("allowed_dead_letter_sources").isNull()).isTrue();
        assertThat(Api.texts(API.get("/v1/queues/attrs-dlq").expect(200).get("allowed_dead_letter_sources")))
                .containsExactly("attrs");

        // Only the attributes asked for; none without a name.
        assertThat(sqs.getQueueAttributes(b -> b.queueUrl(url).attributeNamesWithStrings("DelaySeconds", "QueueArn"))
                        .attributesAsStrings())
                .containsOnlyKeys("DelaySeconds", "QueueArn");
        assertThat(sqs.getQueueAttributes(b -> b.queueUrl(url)).attributesAsStrings())
                .isEmpty();
        // Asked by name, an attribute Conveyor never sets is left out, as SQS leaves out one not set.
        assertThat(sqs.getQueueAttributes(b -> b.queueUrl(url).attributeNamesWithStrings("Policy", "FifoQueue"))
                        .attributesAsStrings())
                .isEmpty();
    }

    @Test
    void createQueueGivesSqsDefaults() {
        String url = create("attrs-defaults", Map.of());

        assertThat(all(url))
                .containsEntry("VisibilityTimeout", "30")
                .containsEntry("MessageRetentionPeriod", "345600")
                .containsEntry("DelaySeconds", "0")
                .containsEntry("ReceiveMessageWaitTimeSeconds", "0")
                .containsEntry("MaximumMessageSize", "262144")
                .doesNotContainKeys("RedrivePolicy", "RedriveAllowPolicy");
    }

    @Test
    void setQueueAttributesChangesEachAttributeAndTheModificationTime() {
        create("attrs-set-dlq", Map.of());
        create("attrs-set-other", Map.of());
        String url = create("attrs-set", Map.of());
        CLOCK.advance(Duration.ofSeconds(5));

        sqs.setQueueAttributes(b -> b.queueUrl(url)
                .attributesWithStrings(Map.of(
                        "VisibilityTimeout", "120",
                        "MessageRetentionPeriod", "60",
                        "DelaySeconds", "900",
                        "ReceiveMessageWaitTimeSeconds", "20",
                        "MaximumMessageSize", "1024",
                        // maxReceiveCount as a string, as many clients write it
                        "RedrivePolicy", j("{'maxReceiveCount':'7','deadLetterTargetArn':'%s'}", arn("attrs-set-dlq")),
                        "RedriveAllowPolicy",
                                j(
                                        "{'redrivePermission':'byQueue','sourceQueueArns':['%s','%s']}",
                                        arn("a"), arn("b")))));

        Map<String, String> attributes = all(url);
        assertThat(attributes)
                .containsEntry("VisibilityTimeout", "120")
                .containsEntry("MessageRetentionPeriod", "60")
                .containsEntry("DelaySeconds", "900")
                .containsEntry("ReceiveMessageWaitTimeSeconds", "20")
                .containsEntry("MaximumMessageSize", "1024")
                .containsEntry(
                        "LastModifiedTimestamp", Long.toString(CLOCK.instant().getEpochSecond()))
                .containsEntry(
                        "CreatedTimestamp",
                        Long.toString(CLOCK.instant().minusSeconds(5).getEpochSecond()));
        assertThat(Api.parse(attributes.get("RedrivePolicy"))
                        .get("maxReceiveCount")
                        .asInt())
                .isEqualTo(7);
        assertThat(Api.texts(Api.parse(attributes.get("RedriveAllowPolicy")).get("sourceQueueArns")))
                .containsExactly(arn("a"), arn("b"));

        // Another target; then an empty RedrivePolicy removes it, an empty RedriveAllowPolicy allows all again.
        sqs.setQueueAttributes(b -> b.queueUrl(url)
                .attributesWithStrings(Map.of(
                        "RedrivePolicy",
                        j("{'deadLetterTargetArn':'%s','maxReceiveCount':1}", arn("attrs-set-other")),
                        "RedriveAllowPolicy",
                        "{\"redrivePermission\":\"denyAll\"}")));
        assertThat(API.get("/v1/queues/attrs-set")
                        .expect(200)
                        .get("dead_letter_queue_id")
                        .asText())
                .isEqualTo("attrs-set-other");
        assertThat(API.get("/v1/queues/attrs-set").expect(200).get("allowed_dead_letter_sources"))
                .isEmpty();
        sqs.setQueueAttributes(
                b -> b.queueUrl(url).attributesWithStrings(Map.of("RedrivePolicy", "", "RedriveAllowPolicy", "")));
        JsonNode queue = API.get("/v1/queues/attrs-set").expect(200);
        assertThat(queue.get("dead_letter_queue_id").isNull()).isTrue();
        assertThat(queue.get("max_deliveries").isNull()).isTrue();
        assertThat(queue.get("allowed_dead_letter_sources").isNull()).isTrue();
        assertThat(all(url)).doesNotContainKeys("RedrivePolicy", "RedriveAllowPolicy");
    }

    @Test
    void refusesEveryBadAttributeWithSqsErrorsAndChangesNothing() {
        create("attrs-bad-dlq", Map.of());
        String url = create("attrs-bad", Map.of("VisibilityTimeout", "31"));
        Map<String, String> before = all(url);
        String arnOfMissing = arn("attrs-nowhere");
        List<List<String>> cases = List.of(
                List.of("VisibilityTimeout", "0", "InvalidAttributeValue", "1 to 43200"),
                List.of("VisibilityTimeout", "43201", "InvalidAttributeValue", "VisibilityTimeout"),
                List.of("VisibilityTimeout", "soon", "InvalidAttributeValue", "VisibilityTimeout"),
                List.of("MessageRetentionPeriod", "59", "InvalidAttributeValue", "MessageRetentionPeriod"),
                List.of("MessageRetentionPeriod", "1209601", "InvalidAttributeValue", "MessageRetentionPeriod"),
                List.of("DelaySeconds", "901", "InvalidAttributeValue", "DelaySeconds"),
                List.of("DelaySeconds", "-1", "InvalidAttributeValue", "DelaySeconds"),
                List.of(
                        "ReceiveMessageWaitTimeSeconds",
                        "21",
                        "InvalidAttributeValue",
                        "ReceiveMessageWaitTimeSeconds"),
                List.of("MaximumMessageSize", "1023", "InvalidAttributeValue", "MaximumMessageSize"),
                List.of("MaximumMessageSize", "262145", "InvalidAttributeValue", "262144"),
                List.of("MaximumMessageSize", "1048577", "InvalidAttributeValue", "MaximumMessageSize"),
                List.of("RedrivePolicy", "{not json", "InvalidParameterValue", "RedrivePolicy"),
                List.of("RedrivePolicy", "[1]", "InvalidParameterValue", "JSON object"),
                List.of(
                        "RedrivePolicy",
                        j("{'deadLetterTargetArn':'%s','maxReceiveCount':2}", arnOfMissing),
                        "InvalidParameterValue",
                        "attrs-nowhere"),
                List.of(
                        "RedrivePolicy",
                        j("{'deadLetterTargetArn':'%s','maxReceiveCount':0}", arn("attrs-bad-dlq")),
                        "InvalidParameterValue",
                        "maxReceiveCount"),
                List.of(
                        "RedrivePolicy",
                        j("{'deadLetterTargetArn':'%s','maxReceiveCount':'many'}", arn("attrs-bad-dlq")),
                        "InvalidParameterValue",
                        "maxReceiveCount"),
                List.of("RedrivePolicy", "{\"maxReceiveCount\":2}", "InvalidParameterValue", "deadLetterTargetArn"),
                List.of(
                        "RedrivePolicy",
                        "{\"deadLetterTargetArn\":\"arn:aws:sqs:eu-west-1:123456789012:x\",\"maxReceiveCount\":2}",
                        "InvalidParameterValue",
                        "arn:aws:sqs:eu-west-1:123456789012:x"),
                List.of(
                        "RedrivePolicy",
                        j("{'deadLetterTargetArn':'%s','maxReceiveCount':2}", arn("attrs-never")),
                        "InvalidParameterValue",
                        "dead_letter_queue_id"),
                List.of(
                        "RedriveAllowPolicy",
                        "{\"redrivePermission\":\"byQueue\"}",
                        "InvalidParameterValue",
                        "1 to 10"),
                List.of("RedriveAllowPolicy", "{\"redrivePermission\":\"some\"}", "InvalidParameterValue", "byQueue"),
                List.of(
                        "RedriveAllowPolicy",
                        j("{'redrivePermission':'byQueue','sourceQueueArns':[%s]}", elevenArns()),
                        "InvalidParameterValue",
                        "1 to 10"),
                List.of("Policy", "{\"Version\":\"2012-10-17\"}", "InvalidAttributeValue", "IAM"),
                List.of("SqsManagedSseEnabled", "true", "InvalidAttributeValue", "SqsManagedSseEnabled"),
                List.of("KmsMasterKeyId", "alias/aws/sqs", "InvalidAttributeValue", "KmsMasterKeyId"),
                // A standard queue's FIFO attributes: SqsFifoApiTest.
                List.of("ContentBasedDeduplication", "true", "InvalidAttributeName", "ContentBasedDeduplication"),
                List.of("QueueArn", arn("x"), "InvalidAttributeName", "read-only"),
                List.of("ApproximateNumberOfMessages", "3", "InvalidAttributeName", "read-only"),
                List.of("Colour", "blue", "InvalidAttributeName", "Colour"));
        for (List<String> c : cases) {
            for (boolean onCreate : List.of(false, true)) {
                assertThatThrownBy(() -> {
                            if (onCreate) {
                                create("attrs-never", Map.of(c.get(0), c.get(1)));
                            } else {
                                sqs.setQueueAttributes(
                                        b -> b.queueUrl(url).attributesWithStrings(Map.of(c.get(0), c.get(1))));
                            }
                        })
                        .as("%s = %s (create: %s)", c.get(0), c.get(1), onCreate)
                        .isInstanceOfSatisfying(SqsException.class, e -> {
                            assertThat(e.statusCode()).isEqualTo(400);
                            assertThat(e.awsErrorDetails().errorCode()).isEqualTo(c.get(2));
                            assertThat(e.awsErrorDetails().errorMessage()).contains(c.get(3));
                        });
            }
        }
        // Its own dead-letter queue.
        assertThatThrownBy(() -> sqs.setQueueAttributes(b -> b.queueUrl(url)
                        .attributesWithStrings(Map.of(
                                "RedrivePolicy",
                                j("{'deadLetterTargetArn':'%s','maxReceiveCount':2}", arn("attrs-bad"))))))
                .isInstanceOfSatisfying(
                        SqsException.class,
                        e -> assertThat(e.awsErrorDetails().errorCode()).isEqualTo("InvalidParameterValue"));
        // Several at once, one bad: none of them changes.
        assertThatThrownBy(() -> sqs.setQueueAttributes(b -> b.queueUrl(url)
                        .attributesWithStrings(Map.of("VisibilityTimeout", "60", "DelaySeconds", "901"))))
                .isInstanceOf(SqsException.class);
        assertThat(all(url)).isEqualTo(before);
        API.get("/v1/queues/attrs-never").expect(404);
    }

    private static String elevenArns() {
        StringBuilder arns = new StringBuilder();
        for (int i = 0; i < 11; i++) {
            arns.append(i == 0 ? "" : ",").append('"').append(arn("q" + i)).append('"');
        }
        return arns.toString();
    }

    @Test
    void getQueueAttributesRefusesAnUnknownName() {
        String url = create("attrs-get", Map.of());

        assertThatThrownBy(() -> sqs.getQueueAttributes(b -> b.queueUrl(url).attributeNamesWithStrings("Colour")))
                .isInstanceOfSatisfying(SqsException.class, e -> {
                    assertThat(e.statusCode()).isEqualTo(400);
                    assertThat(e.awsErrorDetails().errorCode()).isEqualTo("InvalidAttributeName");
                    assertThat(e.awsErrorDetails().errorMessage()).contains("Colour");
                });
        assertThatThrownBy(() -> sqs.getQueueAttributes(
                        b -> b.queueUrl(SqsTestClients.url(APP, "attrs-none")).attributeNamesWithStrings("All")))
                .isInstanceOfSatisfying(
                        SqsException.class,
                        e -> assertThat(e.awsErrorDetails().errorCode())
                                .isEqualTo("AWS.SimpleQueueService.NonExistentQueue"));
    }

    @Test
    void aRedriveAllowPolicyRefusesTheQueuesItDoesNotAllowThroughSqsAndV1() {
        create("attrs-closed", Map.of("RedriveAllowPolicy", "{\"redrivePermission\":\"denyAll\"}"));
        create(
                "attrs-picky",
                Map.of(
                        "RedriveAllowPolicy",
                        j("{'redrivePermission':'byQueue','sourceQueueArns':['%s']}", arn("attrs-chosen"))));
        String redriveToClosed = j("{'deadLetterTargetArn':'%s','maxReceiveCount':2}", arn("attrs-closed"));
        String redriveToPicky = j("{'deadLetterTargetArn':'%s','maxReceiveCount':2}", arn("attrs-picky"));

        for (String policy : List.of(redriveToClosed, redriveToPicky)) {
            assertThatThrownBy(() -> create("attrs-source", Map.of("RedrivePolicy", policy)))
                    .isInstanceOfSatisfying(SqsException.class, e -> {
                        assertThat(e.awsErrorDetails().errorCode()).isEqualTo("InvalidParameterValue");
                        assertThat(e.awsErrorDetails().errorMessage()).contains("redrive allow policy");
                    });
        }
        API.get("/v1/queues/attrs-source").expect(404);
        // The queue it names may; and /v1 is held to the same rule.
        create("attrs-chosen", Map.of("RedrivePolicy", redriveToPicky));
        API.post("/v1/queues", "{\"id\": \"attrs-v1\", \"max_deliveries\": 2}").expect(201);
        JsonNode refused = API.patch("/v1/queues/attrs-v1", "{\"dead_letter_queue_id\": \"attrs-closed\"}")
                .expect(422);
        assertThat(refused.toString()).contains("redrive allow policy");
        // Closing a queue later keeps the links it had.
        sqs.setQueueAttributes(b -> b.queueUrl(SqsTestClients.url(APP, "attrs-picky"))
                .attributesWithStrings(Map.of("RedriveAllowPolicy", "{\"redrivePermission\":\"denyAll\"}")));
        sqs.setQueueAttributes(b -> b.queueUrl(SqsTestClients.url(APP, "attrs-chosen"))
                .attributesWithStrings(Map.of("VisibilityTimeout", "40")));
        assertThat(API.get("/v1/queues/attrs-chosen")
                        .expect(200)
                        .get("dead_letter_queue_id")
                        .asText())
                .isEqualTo("attrs-picky");
    }

    @Test
    void theCountsComeFromTheQueuesMessages() {
        String url = create("attrs-counts", Map.of());
        sqs.sendMessage(b -> b.queueUrl(url).messageBody("one"));
        sqs.sendMessage(b -> b.queueUrl(url).messageBody("two"));
        sqs.sendMessage(b -> b.queueUrl(url).messageBody("later").delaySeconds(60));
        assertThat(sqs.receiveMessage(b -> b.queueUrl(url)).messages()).hasSize(1);

        assertThat(sqs.getQueueAttributes(b -> b.queueUrl(url)
                                .attributeNamesWithStrings(
                                        "ApproximateNumberOfMessages",
                                        "ApproximateNumberOfMessagesNotVisible",
                                        "ApproximateNumberOfMessagesDelayed"))
                        .attributesAsStrings())
                .containsEntry("ApproximateNumberOfMessages", "1")
                .containsEntry("ApproximateNumberOfMessagesNotVisible", "1")
                .containsEntry("ApproximateNumberOfMessagesDelayed", "1");
    }

    @Test
    void aReceiveWithoutAWaitWaitsAsLongAsTheQueueSays() throws Exception {
        String url = create("attrs-wait", Map.of("ReceiveMessageWaitTimeSeconds", "20"));
        API.post("/v1/queues", "{\"id\": \"attrs-wait-v1\", \"receive_wait_seconds\": 20}")
                .expect(201);

        // Without the queue's wait both would answer at once, empty; with it they wait for the message.
        CompletableFuture<List<Message>> polling = CompletableFuture.supplyAsync(
                () -> sqs.receiveMessage(b -> b.queueUrl(url)).messages());
        CompletableFuture<JsonNode> pollingV1 = CompletableFuture.supplyAsync(
                () -> API.post("/v1/queues/attrs-wait-v1/receive", "{}").expect(200));
        Thread.sleep(500);
        sqs.sendMessage(b -> b.queueUrl(url).messageBody("worth the wait"));
        API.post("/v1/queues/attrs-wait-v1/messages", "{\"body\": \"worth the wait\"}")
                .expect(201);

        assertThat(polling.get(30, TimeUnit.SECONDS)).extracting(Message::body).containsExactly("worth the wait");
        assertThat(pollingV1.get(30, TimeUnit.SECONDS).toString()).contains("worth the wait");
        // A wait given by the request still wins: 0 answers at once.
        assertThat(sqs.receiveMessage(b -> b.queueUrl(url).waitTimeSeconds(0)).messages())
                .isEmpty();
    }

    @Test
    void theMaximumMessageSizeRefusesLargerMessagesFromEveryPublisher() {
        String url = create("attrs-small", Map.of("MaximumMessageSize", "1024"));
        API.post("/v1/queues", "{\"id\": \"attrs-large\"}").expect(201);
        String large = "x".repeat(1100);

        assertThatThrownBy(() -> sqs.sendMessage(b -> b.queueUrl(url).messageBody(large)))
                .isInstanceOfSatisfying(SqsException.class, e -> {
                    assertThat(e.awsErrorDetails().errorCode()).isEqualTo("InvalidParameterValue");
                    assertThat(e.awsErrorDetails().errorMessage()).contains("attrs-small", "1024");
                });
        JsonNode refused = API.post("/v1/queues/attrs-small/messages", j("{'body': '%s'}", large))
                .expect(422);
        assertThat(refused.toString()).contains("attrs-small", "max_message_bytes");
        // Through a topic: refused whole, the queue that could take it gets nothing either.
        API.post("/v1/topics", "{\"id\": \"attrs-topic\"}").expect(201);
        for (String queue : List.of("attrs-small", "attrs-large")) {
            API.post(
                            "/v1/subscriptions",
                            j("{'id': 'to-%s', 'topic_id': 'attrs-topic', 'queue_id': '%s'}", queue, queue))
                    .expect(201);
        }
        JsonNode fannedOut = API.post("/v1/topics/attrs-topic/messages", j("{'body': '%s'}", large))
                .expect(422);
        assertThat(fannedOut.toString()).contains("attrs-small");
        assertThat(API.get("/v1/queues/attrs-large/stats")
                        .expect(200)
                        .get("available")
                        .asLong())
                .isZero();
        // One within the bound goes through.
        sqs.sendMessage(b -> b.queueUrl(url).messageBody("x".repeat(1000)));
        assertThat(all(url)).containsEntry("ApproximateNumberOfMessages", "1");
    }

    @Test
    void getAndSetQueueAttributesInTheQueryProtocol() throws Exception {
        create("attrs-query-dlq", Map.of());
        String url = create("attrs-query", Map.of());

        SqsQueryApiTest.Xml set = SqsTestClients.query(
                APP,
                "SetQueueAttributes",
                "QueueUrl",
                url,
                "Attribute.1.Name",
                "ReceiveMessageWaitTimeSeconds",
                "Attribute.1.Value",
                "12",
                "Attribute.2.Name",
                "RedrivePolicy",
                "Attribute.2.Value",
                j("{'deadLetterTargetArn':'%s','maxReceiveCount':'3'}", arn("attrs-query-dlq")));
        assertThat(set.status()).isEqualTo(200);
        assertThat(set.root()).isEqualTo("SetQueueAttributesResponse");

        SqsQueryApiTest.Xml got = SqsTestClients.query(
                APP,
                "GetQueueAttributes",
                "QueueUrl",
                url,
                "AttributeName.1",
                "ReceiveMessageWaitTimeSeconds",
                "AttributeName.2",
                "RedrivePolicy",
                "AttributeName.3",
                "QueueArn");
        assertThat(got.status()).isEqualTo(200);
        assertThat(got.root()).isEqualTo("GetQueueAttributesResponse");
        assertThat(got.all("Name")).containsExactly("QueueArn", "ReceiveMessageWaitTimeSeconds", "RedrivePolicy");
        List<String> values = got.all("Value");
        assertThat(values.get(0)).isEqualTo(arn("attrs-query"));
        assertThat(values.get(1)).isEqualTo("12");
        assertThat(Api.parse(values.get(2)).get("maxReceiveCount").asInt()).isEqualTo(3);

        SqsQueryApiTest.Xml refused = SqsTestClients.query(
                APP,
                "SetQueueAttributes",
                "QueueUrl",
                url,
                "Attribute.1.Name",
                "MaximumMessageSize",
                "Attribute.1.Value",
                "2000000");
        assertThat(refused.status()).isEqualTo(400);
        assertThat(refused.one("Code")).isEqualTo("InvalidAttributeValue");
        assertThat(refused.one("Message")).contains("MaximumMessageSize");
    }
}
