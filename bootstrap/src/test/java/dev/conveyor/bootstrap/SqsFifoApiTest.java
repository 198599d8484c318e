package dev.conveyor.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.conveyor.application.fakes.MutableClock;
import dev.conveyor.postgres.testing.TestDatabase;
import io.dropwizard.testing.junit5.DropwizardAppExtension;
import io.dropwizard.testing.junit5.DropwizardExtensionsSupport;
import java.math.BigInteger;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.SendMessageBatchRequestEntry;
import software.amazon.awssdk.services.sqs.model.SendMessageBatchResponse;
import software.amazon.awssdk.services.sqs.model.SendMessageBatchResultEntry;
import software.amazon.awssdk.services.sqs.model.SendMessageResponse;
import software.amazon.awssdk.services.sqs.model.SqsException;

/**
 * FIFO queues through the SQS endpoint, with the real AWS SDK for Java v2 (AWS JSON 1.0, MD5 checks on) against the
 * whole application on PostgreSQL: the .fifo name rule, the FIFO attributes both ways, MessageGroupId and
 * MessageDeduplicationId with SQS's errors, SequenceNumber, order and blocking per group, and deduplication.
 */
@ExtendWith(DropwizardExtensionsSupport.class)
class SqsFifoApiTest {
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

    private static String fifo(String name, Map<String, String> attributes) {
        Map<String, String> all = new LinkedHashMap<>(attributes);
        all.put("FifoQueue", "true");
        return sqs.createQueue(b -> b.queueName(name).attributesWithStrings(all))
                .queueUrl();
    }

    private static Map<String, String> all(String url) {
        return sqs.getQueueAttributes(b -> b.queueUrl(url).attributeNamesWithStrings("All"))
                .attributesAsStrings();
    }

    private static SendMessageResponse send(String url, String body, String group, String dedup) {
        return sqs.sendMessage(
                b -> b.queueUrl(url).messageBody(body).messageGroupId(group).messageDeduplicationId(dedup));
    }

    private static List<Message> receive(String url, int max) {
        return sqs.receiveMessage(
                        b -> b.queueUrl(url).maxNumberOfMessages(max).messageSystemAttributeNamesWithStrings("All"))
                .messages();
    }

    /**
     * The next {@code count} messages, each deleted once received so that its group's next one can come; in the
     * order received.
     */
    private static List<Message> drain(String url, int count) {
        List<Message> received = new ArrayList<>();
        for (int i = 0; i < count && received.size() < count; i++) {
            for (Message message : receive(url, 10)) {
                received.add(message);
                delete(url, message);
            }
        }
        return received;
    }

    private static void delete(String url, Message message) {
        sqs.deleteMessage(b -> b.queueUrl(url).receiptHandle(message.receiptHandle()));
    }

    private static void refused(ThrowingCallable call, String code, String message) {
        assertThatThrownBy(call).isInstanceOfSatisfying(SqsException.class, e -> {
            assertThat(e.statusCode()).isEqualTo(400);
            assertThat(e.awsErrorDetails().errorCode()).isEqualTo(code);
            assertThat(e.awsErrorDetails().errorMessage()).contains(message);
        });
    }

    @Test
    void aFifoQueueNeedsANameEndingInFifoAndOnlyAFifoQueueHasOne() {
        String url = fifo("fifo-orders.fifo", Map.of());
        assertThat(url).endsWith("/000000000000/fifo-orders.fifo");
        assertThat(API.get("/v1/queues/fifo-orders.fifo")
                        .expect(200)
                        .get("fifo")
                        .asBoolean())
                .isTrue();
        assertThat(sqs.getQueueUrl(b -> b.queueName("fifo-orders.fifo")).queueUrl())
                .isEqualTo(url);

        refused(() -> fifo("fifo-no-suffix", Map.of()), "InvalidParameterValue", "must end with .fifo");
        refused(
                () -> sqs.createQueue(b -> b.queueName("fifo-standard.fifo")),
                "InvalidParameterValue",
                "FifoQueue=true");
        refused(
                () -> sqs.createQueue(
                        b -> b.queueName("fifo-standard.fifo").attributesWithStrings(Map.of("FifoQueue", "false"))),
                "InvalidParameterValue",
                "fifo-standard.fifo");
        refused(
                () -> sqs.createQueue(b -> b.queueName("fifo-bad" + "x".repeat(72) + ".fifo")
                        .attributesWithStrings(Map.of("FifoQueue", "true"))),
                "InvalidParameterValue",
                "1 to 80");
        refused(
                () -> sqs.createQueue(
                        b -> b.queueName("fifo-maybe.fifo").attributesWithStrings(Map.of("FifoQueue", "maybe"))),
                "InvalidAttributeValue",
                "FifoQueue");
        // FifoQueue=false is taken for a standard queue.
        sqs.createQueue(
                b -> b.queueName("fifo-explicitly-standard").attributesWithStrings(Map.of("FifoQueue", "false")));
        assertThat(API.get("/v1/queues/fifo-explicitly-standard")
                        .expect(200)
                        .get("fifo")
                        .asBoolean())
                .isFalse();
    }

    @Test
    void createQueueAgainAnswersTheUrlWhenTheFifoAttributesMatchAndRefusesOtherwise() {
        String url = fifo("fifo-again.fifo", Map.of("ContentBasedDeduplication", "true"));

        assertThat(fifo("fifo-again.fifo", Map.of("ContentBasedDeduplication", "true")))
                .isEqualTo(url);
        assertThat(fifo("fifo-again.fifo", Map.of())).isEqualTo(url);
        refused(
                () -> fifo("fifo-again.fifo", Map.of("ContentBasedDeduplication", "false")),
                "QueueAlreadyExists",
                "ContentBasedDeduplication");
    }

    @Test
    void theFifoAttributesGoBothWaysAndOnlyTheMutableOnesChange() {
        String url = fifo(
                "fifo-attributes.fifo",
                Map.of(
                        "ContentBasedDeduplication", "true",
                        "DeduplicationScope", "messageGroup",
                        "FifoThroughputLimit", "perMessageGroupId"));

        assertThat(all(url))
                .containsEntry("FifoQueue", "true")
                .containsEntry("ContentBasedDeduplication", "true")
                .containsEntry("DeduplicationScope", "messageGroup")
                .containsEntry("FifoThroughputLimit", "perMessageGroupId");
        JsonNode queue = API.get("/v1/queues/fifo-attributes.fifo").expect(200);
        assertThat(queue.get("content_based_deduplication").asBoolean()).isTrue();
        assertThat(queue.get("deduplication_scope").asText()).isEqualTo("message_group");
        assertThat(queue.get("fifo_throughput_limit").asText()).isEqualTo("per_message_group_id");

        sqs.setQueueAttributes(b -> b.queueUrl(url)
                .attributesWithStrings(Map.of(
                        "ContentBasedDeduplication", "false",
                        "DeduplicationScope", "queue",
                        "FifoThroughputLimit", "perQueue",
                        "FifoQueue", "true")));
        assertThat(sqs.getQueueAttributes(b -> b.queueUrl(url)
                                .attributeNamesWithStrings(
                                        "ContentBasedDeduplication", "DeduplicationScope", "FifoThroughputLimit"))
                        .attributesAsStrings())
                .containsExactlyInAnyOrderEntriesOf(Map.of(
                        "ContentBasedDeduplication", "false",
                        "DeduplicationScope", "queue",
                        "FifoThroughputLimit", "perQueue"));

        refused(
                () -> sqs.setQueueAttributes(b -> b.queueUrl(url).attributesWithStrings(Map.of("FifoQueue", "false"))),
                "InvalidAttributeValue",
                "Modifying queue type is not supported");
        refused(
                () -> sqs.setQueueAttributes(
                        b -> b.queueUrl(url).attributesWithStrings(Map.of("DeduplicationScope", "everywhere"))),
                "InvalidAttributeValue",
                "messageGroup or queue");
        refused(
                () -> sqs.setQueueAttributes(
                        b -> b.queueUrl(url).attributesWithStrings(Map.of("FifoThroughputLimit", "perGroup"))),
                "InvalidAttributeValue",
                "perQueue or perMessageGroupId");
        // SQS's high-throughput pair stays together: perMessageGroupId only with messageGroup.
        refused(
                () -> sqs.setQueueAttributes(
                        b -> b.queueUrl(url).attributesWithStrings(Map.of("FifoThroughputLimit", "perMessageGroupId"))),
                "InvalidAttributeValue",
                "perMessageGroupId needs DeduplicationScope messageGroup");
        refused(
                () -> fifo("fifo-attributes-pair.fifo", Map.of("FifoThroughputLimit", "perMessageGroupId")),
                "InvalidAttributeValue",
                "perMessageGroupId needs DeduplicationScope messageGroup");
    }

    @Test
    void aStandardQueueHasNoFifoAttributesAsOnSqs() {
        String url = sqs.createQueue(b -> b.queueName("fifo-attrs-standard")).queueUrl();

        assertThat(all(url))
                .doesNotContainKeys(
                        "FifoQueue", "ContentBasedDeduplication", "DeduplicationScope", "FifoThroughputLimit");
        refused(
                () -> sqs.setQueueAttributes(b -> b.queueUrl(url).attributesWithStrings(Map.of("FifoQueue", "true"))),
                "InvalidAttributeName",
                "Unknown Attribute FifoQueue.");
        for (boolean onCreate : List.of(true, false)) {
            for (Map.Entry<String, String> c : Map.of(
                            "ContentBasedDeduplication", "Unknown Attribute ContentBasedDeduplication.",
                            "DeduplicationScope", "only when FifoQueue is set to true",
                            "FifoThroughputLimit", "only when FifoQueue is set to true")
                    .entrySet()) {
                String value = c.getKey().equals("ContentBasedDeduplication")
                        ? "false"
                        : c.getKey().equals("DeduplicationScope") ? "queue" : "perQueue";
                refused(
                        () -> {
                            if (onCreate) {
                                sqs.createQueue(b -> b.queueName("fifo-attrs-never")
                                        .attributesWithStrings(Map.of(c.getKey(), value)));
                            } else {
                                sqs.setQueueAttributes(
                                        b -> b.queueUrl(url).attributesWithStrings(Map.of(c.getKey(), value)));
                            }
                        },
                        "InvalidAttributeName",
                        c.getValue());
            }
        }
    }

    @Test
    void sendsAnswerIncreasingSequenceNumbersAndReceivesCarryGroupAndSequenceNumber() {
        String url = fifo("fifo-sequence.fifo", Map.of());

        SendMessageResponse a1 = send(url, "a1", "a", "d-a1");
        SendMessageResponse a2 = send(url, "a2", "a", "d-a2");
        SendMessageResponse b1 = send(url, "b1", "b", "d-b1");

        assertThat(List.of(a1, a2, b1))
                .allSatisfy(sent -> assertThat(sent.sequenceNumber()).isNotBlank());
        assertThat(new BigInteger(a1.sequenceNumber())).isLessThan(new BigInteger(a2.sequenceNumber()));
        assertThat(new BigInteger(a2.sequenceNumber())).isLessThan(new BigInteger(b1.sequenceNumber()));

        List<Message> received = drain(url, 3);
        assertThat(received).extracting(Message::body).containsExactlyInAnyOrder("a1", "a2", "b1");
        assertThat(received).extracting(Message::body).containsSubsequence("a1", "a2");
        Map<String, SendMessageResponse> sent = Map.of("a1", a1, "a2", a2, "b1", b1);
        for (Message message : received) {
            Map<String, String> attributes = message.attributesAsStrings();
            assertThat(message.messageId()).isEqualTo(sent.get(message.body()).messageId());
            assertThat(attributes)
                    .containsEntry("MessageGroupId", message.body().substring(0, 1))
                    .containsEntry("SequenceNumber", sent.get(message.body()).sequenceNumber())
                    .containsEntry("ApproximateReceiveCount", "1");
        }
        // Selected by name as the other system attributes are.
        sqs.sendMessage(
                b -> b.queueUrl(url).messageBody("c1").messageGroupId("c").messageDeduplicationId("d-c1"));
        Message c1 = sqs.receiveMessage(b -> b.queueUrl(url).messageSystemAttributeNamesWithStrings("MessageGroupId"))
                .messages()
                .get(0);
        assertThat(c1.attributesAsStrings()).containsOnlyKeys("MessageGroupId");
    }

    @Test
    void aGroupIsBlockedWhileOneOfItsMessagesIsInFlight() {
        String url = fifo("fifo-blocked.fifo", Map.of("ContentBasedDeduplication", "true"));
        send(url, "a1", "a", null);
        send(url, "a2", "a", null);
        send(url, "b1", "b", null);

        // One at a time: each group's first message, whichever group comes first; a2 waits behind a1.
        Message first = receive(url, 1).get(0);
        Message second = receive(url, 1).get(0);
        assertThat(List.of(first.body(), second.body())).containsExactlyInAnyOrder("a1", "b1");
        assertThat(receive(url, 10)).isEmpty();
        Message a1 = first.body().equals("a1") ? first : second;

        delete(url, a1);
        Message a2 = receive(url, 10).get(0);
        assertThat(a2.body()).isEqualTo("a2");
        // Its visibility timeout over (30 s by default), a2 is delivered again.
        CLOCK.advance(Duration.ofSeconds(31));
        assertThat(receive(url, 10))
                .filteredOn(message -> message.body().equals("a2"))
                .singleElement()
                .satisfies(message ->
                        assertThat(message.attributesAsStrings()).containsEntry("ApproximateReceiveCount", "2"));
    }

    @Test
    void theSameDeduplicationIdTwiceAnswersTheFirstMessageAndStoresOne() {
        String url = fifo("fifo-dedup.fifo", Map.of());

        SendMessageResponse first = send(url, "pay order 7", "orders", "order-7");
        SendMessageResponse retry = send(url, "pay order 7", "orders", "order-7");

        assertThat(retry.messageId()).isEqualTo(first.messageId());
        assertThat(retry.sequenceNumber()).isEqualTo(first.sequenceNumber());
        assertThat(API.stats("fifo-dedup.fifo").get("total").asLong()).isEqualTo(1);
        assertThat(send(url, "pay order 8", "orders", "order-8").messageId()).isNotEqualTo(first.messageId());
    }

    @Test
    void contentBasedDeduplicationDeduplicatesByTheBody() {
        String url = fifo("fifo-content.fifo", Map.of("ContentBasedDeduplication", "true"));

        SendMessageResponse first = send(url, "same body", "g", null);
        assertThat(send(url, "same body", "g", null).messageId()).isEqualTo(first.messageId());
        assertThat(send(url, "other body", "g", null).messageId()).isNotEqualTo(first.messageId());
        // An explicit id wins over the body's.
        assertThat(send(url, "same body", "g", "explicit").messageId()).isNotEqualTo(first.messageId());
        assertThat(API.stats("fifo-content.fifo").get("total").asLong()).isEqualTo(3);
    }

    @Test
    void aFifoSendIsRefusedAsSqsRefusesIt() {
        String url = fifo("fifo-refusals.fifo", Map.of());

        refused(
                () -> sqs.sendMessage(b -> b.queueUrl(url).messageBody("x").messageDeduplicationId("d")),
                "MissingParameter",
                "The request must contain the parameter MessageGroupId.");
        refused(
                () -> sqs.sendMessage(b -> b.queueUrl(url).messageBody("x").messageGroupId("g")),
                "InvalidParameterValue",
                "The queue should either have ContentBasedDeduplication enabled or MessageDeduplicationId provided"
                        + " explicitly");
        refused(
                () -> sqs.sendMessage(b -> b.queueUrl(url)
                        .messageBody("x")
                        .messageGroupId("g")
                        .messageDeduplicationId("d")
                        .delaySeconds(5)),
                "InvalidParameterValue",
                "Value 5 for parameter DelaySeconds is invalid");
        for (String bad : List.of("", "has space", "x".repeat(129), "é")) {
            refused(() -> send(url, "x", bad, "d"), "InvalidParameterValue", "for parameter MessageGroupId is invalid");
            refused(
                    () -> send(url, "x", "g", bad),
                    "InvalidParameterValue",
                    "for parameter MessageDeduplicationId is invalid");
        }
        assertThat(API.stats("fifo-refusals.fifo").get("total").asLong()).isZero();

        // DelaySeconds=0 is taken (the queue's delay applies); so are 128 letters, digits and punctuation marks.
        String longest = "!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~" + "a".repeat(96);
        sqs.sendMessage(b -> b.queueUrl(url)
                .messageBody("ok")
                .messageGroupId(longest)
                .messageDeduplicationId(longest)
                .delaySeconds(0));
        assertThat(receive(url, 1).get(0).attributesAsStrings()).containsEntry("MessageGroupId", longest);
    }

    @Test
    void aStandardQueueTakesAGroupForFairnessButRefusesADeduplicationIdAsSqs() {
        String url = sqs.createQueue(b -> b.queueName("fifo-fair")).queueUrl();

        SendMessageResponse sent =
                sqs.sendMessage(b -> b.queueUrl(url).messageBody("fair").messageGroupId("tenant-1"));
        assertThat(sent.sequenceNumber()).isNull();
        Message message = receive(url, 1).get(0);
        assertThat(message.attributesAsStrings())
                .containsEntry("MessageGroupId", "tenant-1")
                .doesNotContainKeys("SequenceNumber", "MessageDeduplicationId");

        refused(
                () -> sqs.sendMessage(b -> b.queueUrl(url).messageBody("x").messageDeduplicationId("d")),
                "InvalidParameterValue",
                "not valid for this queue type");
        refused(
                () -> sqs.sendMessage(b -> b.queueUrl(url).messageBody("x").messageGroupId("has space")),
                "InvalidParameterValue",
                "for parameter MessageGroupId is invalid");
    }

    @Test
    void aFifoBatchIsPublishedInOrderAndRefusedWholeWithoutAGroupAsOnSqs() {
        String url = fifo("fifo-batch.fifo", Map.of());

        SendMessageBatchResponse answer = sqs.sendMessageBatch(b -> b.queueUrl(url)
                .entries(
                        entry("e1", "one", "g", "d1", null),
                        entry("e2", "two", "g", "d2", null),
                        entry("e3", "late", "g", "d3", 5),
                        entry("e4", "three", "h", "d4", null)));

        assertThat(answer.failed()).singleElement().satisfies(failed -> {
            assertThat(failed.id()).isEqualTo("e3");
            assertThat(failed.code()).isEqualTo("InvalidParameterValue");
            assertThat(failed.message()).contains("DelaySeconds");
            assertThat(failed.senderFault()).isTrue();
        });
        assertThat(answer.successful())
                .extracting(SendMessageBatchResultEntry::id)
                .containsExactly("e1", "e2", "e4");
        assertThat(answer.successful())
                .allSatisfy(e -> assertThat(e.sequenceNumber()).isNotBlank());
        List<BigInteger> sequence = answer.successful().stream()
                .map(e -> new BigInteger(e.sequenceNumber()))
                .toList();
        assertThat(sequence).isSorted().doesNotHaveDuplicates();
        assertThat(drain(url, 3))
                .extracting(Message::body)
                .containsSubsequence("one", "two")
                .contains("three");

        refused(
                () -> sqs.sendMessageBatch(b ->
                        b.queueUrl(url).entries(entry("e1", "x", "g", "d5", null), entry("e2", "y", null, "d6", null))),
                "InvalidParameterValue",
                "The request must contain the parameter MessageGroupId.");
        refused(
                () -> sqs.sendMessageBatch(b ->
                        b.queueUrl(url).entries(entry("e1", "x", "g", "d5", null), entry("e2", "y", "g", null, null))),
                "InvalidParameterValue",
                "ContentBasedDeduplication");
        // The three received were deleted: the refused batches stored nothing, not even their valid entries.
        assertThat(API.stats("fifo-batch.fifo").get("total").asLong()).isZero();
    }

    @Test
    void duplicatesWithinABatchAnswerOneMessage() {
        String url = fifo("fifo-batch-dedup.fifo", Map.of());

        SendMessageBatchResponse answer = sqs.sendMessageBatch(b ->
                b.queueUrl(url).entries(entry("e1", "one", "g", "same", null), entry("e2", "one", "g", "same", null)));

        assertThat(answer.failed()).isEmpty();
        assertThat(answer.successful().get(1).messageId())
                .isEqualTo(answer.successful().get(0).messageId());
        assertThat(API.stats("fifo-batch-dedup.fifo").get("total").asLong()).isEqualTo(1);
    }

    @Test
    void aReceiveRetriedWithItsAttemptIdGetsTheSameMessagesWhileTheyAreInFlight() {
        String url = fifo("fifo-attempt.fifo", Map.of("ContentBasedDeduplication", "true"));
        send(url, "m", "g", null);

        Message first = attempt(url, "attempt-1").get(0);
        assertThat(first.body()).isEqualTo("m");
        // The answer was lost: the retry gets the same message and receipt handle, another attempt nothing.
        assertThat(attempt(url, "attempt-1")).singleElement().satisfies(again -> {
            assertThat(again.messageId()).isEqualTo(first.messageId());
            assertThat(again.receiptHandle()).isEqualTo(first.receiptHandle());
        });
        assertThat(attempt(url, "attempt-2")).isEmpty();
        // Once its visibility timeout is over, the handle is stale: the same id receives afresh.
        CLOCK.advance(Duration.ofSeconds(31));
        assertThat(attempt(url, "attempt-1")).singleElement().satisfies(again -> {
            assertThat(again.receiptHandle()).isNotEqualTo(first.receiptHandle());
            assertThat(again.attributesAsStrings()).containsEntry("ApproximateReceiveCount", "2");
        });

        refused(
                () -> attempt(url, "has space"),
                "InvalidParameterValue",
                "for parameter ReceiveRequestAttemptId is invalid");
    }

    @Test
    void aStandardQueueIgnoresTheAttemptIdAsSqs() {
        String url = sqs.createQueue(b -> b.queueName("fifo-attempt-standard")).queueUrl();
        sqs.sendMessage(b -> b.queueUrl(url).messageBody("m"));

        assertThat(attempt(url, "attempt-1")).hasSize(1);
        assertThat(attempt(url, "attempt-1")).isEmpty();
    }

    private static List<Message> attempt(String url, String attemptId) {
        return sqs.receiveMessage(b -> b.queueUrl(url)
                        .receiveRequestAttemptId(attemptId)
                        .messageSystemAttributeNamesWithStrings("All"))
                .messages();
    }

    private static SendMessageBatchRequestEntry entry(
            String id, String body, String group, String dedup, Integer delay) {
        return SendMessageBatchRequestEntry.builder()
                .id(id)
                .messageBody(body)
                .messageGroupId(group)
                .messageDeduplicationId(dedup)
                .delaySeconds(delay)
                .build();
    }
}
