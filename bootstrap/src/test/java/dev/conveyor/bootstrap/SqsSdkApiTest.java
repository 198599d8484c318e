package dev.conveyor.bootstrap;

import static dev.conveyor.bootstrap.Api.j;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

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
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;
import software.amazon.awssdk.services.sqs.model.QueueDoesNotExistException;
import software.amazon.awssdk.services.sqs.model.ReceiveMessageResponse;
import software.amazon.awssdk.services.sqs.model.SendMessageResponse;
import software.amazon.awssdk.services.sqs.model.SqsException;

/**
 * The SQS endpoint through the real AWS SDK for Java v2 (AWS JSON 1.0, its MD5 checks on), against the whole
 * application on PostgreSQL: the queue and message actions of the first step, their errors, and /v1 seeing the same.
 */
@ExtendWith(DropwizardExtensionsSupport.class)
class SqsSdkApiTest {
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

    private String url(String name) {
        return "http://localhost:" + APP.getLocalPort() + "/000000000000/" + name;
    }

    @Test
    void createsAQueueThatV1SeesWithTheMappedSettings() {
        String url = sqs.createQueue(b -> b.queueName("sdk-orders")
                        .attributes(Map.of(
                                QueueAttributeName.VISIBILITY_TIMEOUT, "45",
                                QueueAttributeName.DELAY_SECONDS, "2")))
                .queueUrl();

        assertThat(url).isEqualTo(url("sdk-orders"));
        JsonNode queue = API.get("/v1/queues/sdk-orders").expect(200);
        assertThat(queue.get("ack_deadline_seconds").asInt()).isEqualTo(45);
        assertThat(queue.get("delivery_delay_seconds").asInt()).isEqualTo(2);
        assertThat(queue.get("message_retention_seconds").asInt()).isEqualTo(345_600);
    }

    @Test
    void createQueueAgainAnswersTheUrlWhenTheAttributesMatchAndRefusesOtherwise() {
        sqs.createQueue(b -> b.queueName("sdk-again").attributes(Map.of(QueueAttributeName.VISIBILITY_TIMEOUT, "60")));

        assertThat(sqs.createQueue(b -> b.queueName("sdk-again")
                                .attributes(Map.of(QueueAttributeName.VISIBILITY_TIMEOUT, "60")))
                        .queueUrl())
                .isEqualTo(url("sdk-again"));
        assertThat(sqs.createQueue(b -> b.queueName("sdk-again")).queueUrl()).isEqualTo(url("sdk-again"));
        assertThatThrownBy(() -> sqs.createQueue(
                        b -> b.queueName("sdk-again").attributes(Map.of(QueueAttributeName.VISIBILITY_TIMEOUT, "61"))))
                .isInstanceOfSatisfying(SqsException.class, e -> {
                    assertThat(e.statusCode()).isEqualTo(400);
                    assertThat(e.awsErrorDetails().errorCode()).isEqualTo("QueueAlreadyExists");
                });
    }

    @Test
    void getsUrlsListsByPrefixAndDeletesQueues() {
        sqs.createQueue(b -> b.queueName("sdk-list-a"));
        sqs.createQueue(b -> b.queueName("sdk-list-b"));
        sqs.createQueue(b -> b.queueName("sdk-other"));

        assertThat(sqs.getQueueUrl(b -> b.queueName("sdk-list-b")).queueUrl()).isEqualTo(url("sdk-list-b"));
        assertThat(sqs.listQueues(b -> b.queueNamePrefix("sdk-list-")).queueUrls())
                .containsExactly(url("sdk-list-a"), url("sdk-list-b"));
        var first = sqs.listQueues(b -> b.queueNamePrefix("sdk-list-").maxResults(1));
        assertThat(first.queueUrls()).containsExactly(url("sdk-list-a"));
        var second =
                sqs.listQueues(b -> b.queueNamePrefix("sdk-list-").maxResults(1).nextToken(first.nextToken()));
        assertThat(second.queueUrls()).containsExactly(url("sdk-list-b"));
        assertThat(second.nextToken()).isNull();

        sqs.deleteQueue(b -> b.queueUrl(url("sdk-list-a")));
        API.get("/v1/queues/sdk-list-a").expect(404);
        assertThat(sqs.listQueues(b -> b.queueNamePrefix("sdk-list-")).queueUrls())
                .containsExactly(url("sdk-list-b"));
    }

    @Test
    void sendsReceivesAndDeletesWithTheSdksMd5ChecksOn() {
        String url = sqs.createQueue(b -> b.queueName("sdk-messages")).queueUrl();
        String body = "héllo, wörld ✓ <&> \"quoted\"";

        SendMessageResponse sent = sqs.sendMessage(b -> b.queueUrl(url).messageBody(body));
        ReceiveMessageResponse received =
                sqs.receiveMessage(b -> b.queueUrl(url).maxNumberOfMessages(10));

        assertThat(received.messages()).hasSize(1);
        Message message = received.messages().get(0);
        assertThat(message.body()).isEqualTo(body);
        assertThat(message.messageId()).isEqualTo(sent.messageId());
        assertThat(message.md5OfBody()).isEqualTo(sent.md5OfMessageBody());
        sqs.deleteMessage(b -> b.queueUrl(url).receiptHandle(message.receiptHandle()));
        assertThat(API.stats("sdk-messages").get("total").asLong()).isZero();
        // The same handle again is stale: it succeeds and changes nothing, as on SQS.
        sqs.deleteMessage(b -> b.queueUrl(url).receiptHandle(message.receiptHandle()));
    }

    @Test
    void theBodyMd5IsSqssForAKnownVector() {
        String url = sqs.createQueue(b -> b.queueName("sdk-md5")).queueUrl();
        assertThat(sqs.sendMessage(b -> b.queueUrl(url).messageBody("hello")).md5OfMessageBody())
                .isEqualTo("5d41402abc4b2a76b9719d911017c592");
    }

    @Test
    void aBodySentThroughSqsIsTheSameTextThroughV1AndBack() {
        String url = sqs.createQueue(b -> b.queueName("sdk-shared")).queueUrl();
        sqs.sendMessage(b -> b.queueUrl(url).messageBody("from sqs"));

        JsonNode v1 = API.receive("sdk-shared", 1);
        assertThat(v1.get(0).get("body").isTextual()).isTrue();
        assertThat(v1.get(0).get("body").asText()).isEqualTo("from sqs");

        API.publish("sdk-shared", j("{'body': 'from v1'}"));
        List<Message> messages = sqs.receiveMessage(b -> b.queueUrl(url)).messages();
        assertThat(messages).extracting(Message::body).containsExactly("from v1");
    }

    @Test
    void aLongPollIsWokenBySend() throws Exception {
        String url = sqs.createQueue(b -> b.queueName("sdk-long-poll")).queueUrl();
        // The test configuration re-checks every 10 s: a 5 s poll that gets the message was woken by the send.
        CompletableFuture<List<Message>> waiting = CompletableFuture.supplyAsync(() ->
                sqs.receiveMessage(b -> b.queueUrl(url).waitTimeSeconds(5)).messages());
        Thread.sleep(500);
        sqs.sendMessage(b -> b.queueUrl(url).messageBody("wake up"));

        List<Message> messages = waiting.get(30, TimeUnit.SECONDS);
        assertThat(messages).extracting(Message::body).containsExactly("wake up");
    }

    @Test
    void aBodyWithCharactersSqsRefusesIsInvalidMessageContentsAndOthersComeBackExactly() {
        String url = sqs.createQueue(b -> b.queueName("sdk-body-characters")).queueUrl();
        for (String bad : List.of("a\u0001b", "tab\tok but \uFFFF not", "\u0000")) {
            assertThatThrownBy(() -> sqs.sendMessage(b -> b.queueUrl(url).messageBody(bad)))
                    .isInstanceOfSatisfying(SqsException.class, e -> {
                        assertThat(e.statusCode()).isEqualTo(400);
                        assertThat(e.awsErrorDetails().errorCode()).isEqualTo("InvalidMessageContents");
                    });
        }
        String good = "tab\t, line\r\n, é, \uD7FF, \uE000, \uFFFD and \uD83D\uDE80";
        sqs.sendMessage(b -> b.queueUrl(url).messageBody(good));
        assertThat(sqs.receiveMessage(b -> b.queueUrl(url)).messages())
                .extracting(Message::body)
                .containsExactly(good);
    }

    @Test
    void aMalformedReceiptHandleIsReceiptHandleIsInvalid() {
        String url = sqs.createQueue(b -> b.queueName("sdk-bad-handle")).queueUrl();
        assertThatThrownBy(() -> sqs.deleteMessage(b -> b.queueUrl(url).receiptHandle("not-a-handle")))
                .isInstanceOfSatisfying(SqsException.class, e -> {
                    assertThat(e.statusCode()).isEqualTo(404);
                    assertThat(e.awsErrorDetails().errorCode()).isEqualTo("ReceiptHandleIsInvalid");
                });
    }

    @Test
    void aMissingQueueIsNonExistentQueue() {
        assertThatThrownBy(() -> sqs.getQueueUrl(b -> b.queueName("sdk-nowhere")))
                .isInstanceOfSatisfying(QueueDoesNotExistException.class, e -> {
                    assertThat(e.statusCode()).isEqualTo(400);
                    assertThat(e.awsErrorDetails().errorCode()).isEqualTo("AWS.SimpleQueueService.NonExistentQueue");
                });
        assertThatThrownBy(() ->
                        sqs.sendMessage(b -> b.queueUrl(url("sdk-nowhere")).messageBody("x")))
                .isInstanceOf(QueueDoesNotExistException.class);
        assertThatThrownBy(() -> sqs.receiveMessage(b -> b.queueUrl(url("sdk-nowhere"))))
                .isInstanceOf(QueueDoesNotExistException.class);
    }

    @Test
    void anActionNotBuiltYetIsUnsupportedOperationNamingIt() {
        String url = sqs.createQueue(b -> b.queueName("sdk-purge")).queueUrl();
        assertThatThrownBy(() -> sqs.addPermission(b ->
                        b.queueUrl(url).label("l").awsAccountIds("111122223333").actions("SendMessage")))
                .isInstanceOfSatisfying(SqsException.class, e -> {
                    assertThat(e.statusCode()).isEqualTo(400);
                    assertThat(e.awsErrorDetails().errorCode())
                            .isEqualTo("AWS.SimpleQueueService.UnsupportedOperation");
                    assertThat(e.awsErrorDetails().errorMessage()).contains("AddPermission");
                });
    }

    @Test
    void outOfRangeParametersAreInvalidParameterValueNamingThem() {
        String url = sqs.createQueue(b -> b.queueName("sdk-bounds")).queueUrl();
        assertThatThrownBy(() -> sqs.receiveMessage(b -> b.queueUrl(url).maxNumberOfMessages(11)))
                .isInstanceOfSatisfying(SqsException.class, e -> {
                    assertThat(e.awsErrorDetails().errorCode()).isEqualTo("InvalidParameterValue");
                    assertThat(e.awsErrorDetails().errorMessage()).contains("MaxNumberOfMessages");
                });
        assertThatThrownBy(() ->
                        sqs.sendMessage(b -> b.queueUrl(url).messageBody("x").delaySeconds(901)))
                .isInstanceOfSatisfying(
                        SqsException.class,
                        e -> assertThat(e.awsErrorDetails().errorMessage()).contains("DelaySeconds"));
    }
}
