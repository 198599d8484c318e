package dev.conveyor.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.conveyor.application.fakes.MutableClock;
import dev.conveyor.postgres.testing.TestDatabase;
import io.dropwizard.testing.junit5.DropwizardAppExtension;
import io.dropwizard.testing.junit5.DropwizardExtensionsSupport;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.BatchResultErrorEntry;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.MessageAttributeValue;
import software.amazon.awssdk.services.sqs.model.MessageSystemAttributeNameForSends;
import software.amazon.awssdk.services.sqs.model.MessageSystemAttributeValue;
import software.amazon.awssdk.services.sqs.model.SendMessageBatchRequestEntry;
import software.amazon.awssdk.services.sqs.model.SendMessageBatchResponse;
import software.amazon.awssdk.services.sqs.model.SendMessageBatchResultEntry;
import software.amazon.awssdk.services.sqs.model.SqsException;

/**
 * SendMessageBatch through the real AWS SDK for Java v2, its MD5 checks on: each entry checked as SendMessage
 * checks it, the good ones published together, and every batch-wide refusal changing nothing.
 */
@ExtendWith(DropwizardExtensionsSupport.class)
class SqsSendBatchApiTest {
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

    static SendMessageBatchRequestEntry entry(String id, String body) {
        return SendMessageBatchRequestEntry.builder().id(id).messageBody(body).build();
    }

    static MessageAttributeValue number(String value) {
        return MessageAttributeValue.builder()
                .dataType("Number")
                .stringValue(value)
                .build();
    }

    @Test
    void theGoodEntriesArePublishedTogetherAndTheBadOnesFailWithTheirOwnCodes() {
        String url = sqs.createQueue(b -> b.queueName("batch-mixed")).queueUrl();
        List<SendMessageBatchRequestEntry> entries = List.of(
                entry("plain", "one"),
                entry("typed", "two").toBuilder()
                        .messageAttributes(Map.of("n", number("1.10")))
                        .messageSystemAttributes(Map.of(
                                MessageSystemAttributeNameForSends.AWS_TRACE_HEADER,
                                MessageSystemAttributeValue.builder()
                                        .dataType("String")
                                        .stringValue("Root=1-2-3")
                                        .build()))
                        .build(),
                entry("badAttribute", "three").toBuilder()
                        .messageAttributes(Map.of("AWS.reserved", number("1")))
                        .build(),
                entry("badDelay", "four").toBuilder().delaySeconds(901).build(),
                entry("delayed", "five").toBuilder().delaySeconds(5).build());

        SendMessageBatchResponse answer =
                sqs.sendMessageBatch(b -> b.queueUrl(url).entries(entries));

        Map<String, SendMessageBatchResultEntry> successful =
                answer.successful().stream().collect(Collectors.toMap(SendMessageBatchResultEntry::id, e -> e));
        assertThat(successful).containsOnlyKeys("plain", "typed", "delayed");
        // The SDK has checked each entry's MD5OfMessageBody and MD5OfMessageAttributes.
        assertThat(successful.get("typed").md5OfMessageAttributes()).isNotNull();
        assertThat(successful.get("typed").md5OfMessageSystemAttributes()).isNotNull();
        assertThat(successful.get("plain").md5OfMessageAttributes()).isNull();
        Map<String, BatchResultErrorEntry> failed =
                answer.failed().stream().collect(Collectors.toMap(BatchResultErrorEntry::id, e -> e));
        assertThat(failed).containsOnlyKeys("badAttribute", "badDelay");
        failed.values().forEach(e -> {
            assertThat(e.code()).isEqualTo("InvalidParameterValue");
            assertThat(e.senderFault()).isTrue();
        });
        assertThat(failed.get("badAttribute").message()).contains("reserved");
        assertThat(failed.get("badDelay").message()).contains("DelaySeconds");

        JsonNode stored = API.browse("batch-mixed");
        assertThat(stored).hasSize(3);
        Set<String> createdAt = new HashSet<>();
        stored.forEach(m -> createdAt.add(m.get("created_at").asText()));
        assertThat(createdAt).as("published in one transaction").hasSize(1);
        assertThat(API.stats("batch-mixed").get("delayed").asLong()).isEqualTo(1);
        List<Message> received = sqs.receiveMessage(b -> b.queueUrl(url)
                        .maxNumberOfMessages(10)
                        .messageAttributeNames("All")
                        .messageSystemAttributeNamesWithStrings("AWSTraceHeader"))
                .messages();
        assertThat(received).extracting(Message::body).containsExactlyInAnyOrder("one", "two");
        Message typed = received.stream()
                .filter(m -> m.body().equals("two"))
                .findFirst()
                .orElseThrow();
        assertThat(typed.messageAttributes()).isEqualTo(Map.of("n", number("1.10")));
        assertThat(typed.attributesAsStrings()).isEqualTo(Map.of("AWSTraceHeader", "Root=1-2-3"));
        assertThat(typed.messageId()).isEqualTo(successful.get("typed").messageId());
    }

    /** The batch refusal, after checking it stored nothing. */
    private static SqsException refusedBatch(String queue, List<SendMessageBatchRequestEntry> entries) {
        String url = sqs.getQueueUrl(b -> b.queueName(queue)).queueUrl();
        long before = API.total(queue);
        try {
            sqs.sendMessageBatch(b -> b.queueUrl(url).entries(entries));
        } catch (SqsException e) {
            assertThat(e.statusCode()).isEqualTo(400);
            assertThat(API.total(queue)).isEqualTo(before);
            return e;
        }
        throw new AssertionError("accepted");
    }

    @Test
    void everyBatchWideErrorRefusesTheWholeBatchAndStoresNothing() {
        sqs.createQueue(b -> b.queueName("batch-errors"));
        List<SendMessageBatchRequestEntry> eleven = new ArrayList<>();
        for (int i = 0; i < 11; i++) {
            eleven.add(entry("e" + i, "m"));
        }
        // The entries' bodies and attributes together over 256 KiB, each of them under it.
        String big = "x".repeat(100 * 1024);

        assertThat(refusedBatch("batch-errors", List.of()).awsErrorDetails().errorCode())
                .isEqualTo("AWS.SimpleQueueService.EmptyBatchRequest");
        assertThat(refusedBatch("batch-errors", eleven).awsErrorDetails().errorCode())
                .isEqualTo("AWS.SimpleQueueService.TooManyEntriesInBatchRequest");
        assertThat(refusedBatch("batch-errors", List.of(entry("same", "a"), entry("same", "b")))
                        .awsErrorDetails()
                        .errorCode())
                .isEqualTo("AWS.SimpleQueueService.BatchEntryIdsNotDistinct");
        assertThat(refusedBatch("batch-errors", List.of(entry("ok", "a"), entry("not ok!", "b")))
                        .awsErrorDetails()
                        .errorCode())
                .isEqualTo("AWS.SimpleQueueService.InvalidBatchEntryId");
        SqsException tooLong = refusedBatch("batch-errors", List.of(entry("a", big), entry("b", big), entry("c", big)));
        assertThat(tooLong.awsErrorDetails().errorCode()).isEqualTo("AWS.SimpleQueueService.BatchRequestTooLong");
        assertThat(tooLong.awsErrorDetails().errorMessage()).contains("262144");
        assertThat(API.total("batch-errors")).isZero();

        // Just under the bound, the same entries are one batch.
        String fits = "x".repeat(262_144 / 3);
        assertThat(sqs.sendMessageBatch(b -> b.queueUrl(sqs.getQueueUrl(q -> q.queueName("batch-errors"))
                                        .queueUrl())
                                .entries(entry("a", fits), entry("b", fits), entry("c", fits)))
                        .successful())
                .hasSize(3);
    }

    @Test
    void aBatchToAMissingQueueIsNonExistentQueue() {
        assertThatThrownBy(() -> sqs.sendMessageBatch(
                        b -> b.queueUrl("http://localhost:" + APP.getLocalPort() + "/000000000000/batch-missing")
                                .entries(entry("a", "b"))))
                .isInstanceOfSatisfying(
                        SqsException.class,
                        e -> assertThat(e.awsErrorDetails().errorCode())
                                .isEqualTo("AWS.SimpleQueueService.NonExistentQueue"));
    }
}
