package dev.conveyor.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import com.fasterxml.jackson.databind.JsonNode;
import dev.conveyor.application.fakes.MutableClock;
import dev.conveyor.postgres.testing.TestDatabase;
import io.dropwizard.testing.ConfigOverride;
import io.dropwizard.testing.junit5.DropwizardAppExtension;
import io.dropwizard.testing.junit5.DropwizardExtensionsSupport;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.BatchResultErrorEntry;
import software.amazon.awssdk.services.sqs.model.ChangeMessageVisibilityBatchRequestEntry;
import software.amazon.awssdk.services.sqs.model.ChangeMessageVisibilityBatchResponse;
import software.amazon.awssdk.services.sqs.model.ChangeMessageVisibilityBatchResultEntry;
import software.amazon.awssdk.services.sqs.model.DeleteMessageBatchRequestEntry;
import software.amazon.awssdk.services.sqs.model.DeleteMessageBatchResponse;
import software.amazon.awssdk.services.sqs.model.DeleteMessageBatchResultEntry;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.MessageNotInflightException;
import software.amazon.awssdk.services.sqs.model.QueueDoesNotExistException;
import software.amazon.awssdk.services.sqs.model.ReceiptHandleIsInvalidException;
import software.amazon.awssdk.services.sqs.model.SqsException;

/**
 * Leases and receipts through the AWS SDK for Java v2: ReceiveMessage's VisibilityTimeout, DeleteMessage(Batch)
 * and ChangeMessageVisibility(Batch), their errors, and the SQS JMS library's nack. Time moves only when the test
 * moves CLOCK; a long poll looks again by itself only every 60 s here, so within its 20 s wait only a signal
 * answers it early.
 */
@ExtendWith(DropwizardExtensionsSupport.class)
class SqsLeasesApiTest {
    static final TestDatabase DB = TestDatabase.create();
    static final MutableClock CLOCK = ConveyorTestApp.clock();
    static final DropwizardAppExtension<ConveyorConfiguration> APP =
            ConveyorTestApp.extension(DB, CLOCK, ConfigOverride.config("messaging.longPollRecheck", "60s"));
    static final Api API = new Api(APP);
    /** Lets a long poll reach its wait before the test acts; the assertions hold without it too. */
    static final Duration SETTLE = Duration.ofMillis(500);

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

    private static String queue(String name) {
        return sqs.createQueue(b -> b.queueName(name)).queueUrl(); // VisibilityTimeout 30
    }

    private static List<Message> receive(String url, int max, Integer visibilityTimeout) {
        return sqs.receiveMessage(b -> b.queueUrl(url).maxNumberOfMessages(max).visibilityTimeout(visibilityTimeout))
                .messages();
    }

    private static void send(String url, String... bodies) {
        for (String body : bodies) {
            sqs.sendMessage(b -> b.queueUrl(url).messageBody(body));
        }
    }

    /** Sends the bodies and leases them: all but the last for the queue's 30 s, the last for 1 s, now over. */
    private static List<Message> leasedWithTheLastEnded(String url, String... bodies) {
        send(url, bodies);
        List<Message> leased = new ArrayList<>(receive(url, bodies.length - 1, null));
        leased.add(receive(url, 1, 1).get(0));
        CLOCK.advance(Duration.ofSeconds(1));
        return leased;
    }

    private static int count(String name, String state) {
        return API.stats(name).get(state).asInt();
    }

    // ---- ReceiveMessage VisibilityTimeout

    @Test
    void receiveMessagesVisibilityTimeoutLeasesForThatLongInsteadOfTheQueues() {
        String url = queue("lease-long");
        send(url, "one");

        Message first = receive(url, 10, 600).get(0);

        CLOCK.advance(Duration.ofSeconds(31)); // past the queue's VisibilityTimeout
        assertThat(receive(url, 10, null)).isEmpty();
        CLOCK.advance(Duration.ofSeconds(568)); // 1 s before the lease ends
        assertThat(receive(url, 10, null)).isEmpty();
        CLOCK.advance(Duration.ofSeconds(1));
        List<Message> again = receive(url, 10, null);
        assertThat(again).extracting(Message::messageId).containsExactly(first.messageId());
        assertThat(again.get(0).receiptHandle()).isNotEqualTo(first.receiptHandle());
    }

    @Test
    void visibilityTimeoutZeroHandsMessagesOutVisibleAtOnceAndTheirHandleStillDeletes() {
        String url = queue("lease-zero");
        send(url, "peeked");

        Message peeked = receive(url, 10, 0).get(0);
        assertThat(count("lease-zero", "available")).isEqualTo(1);
        sqs.deleteMessage(b -> b.queueUrl(url).receiptHandle(peeked.receiptHandle()));

        assertThat(API.total("lease-zero")).isZero();
    }

    @Test
    void aHandleOfAZeroVisibilityReceiveIsStaleOnceTheMessageIsReceivedAgain() {
        String url = queue("lease-zero-again");
        send(url, "twice");
        Message peeked = receive(url, 10, 0).get(0);
        Message current = receive(url, 10, null).get(0);

        sqs.deleteMessage(b -> b.queueUrl(url).receiptHandle(peeked.receiptHandle())); // succeeds, as SQS

        assertThat(current.messageId()).isEqualTo(peeked.messageId());
        assertThat(count("lease-zero-again", "in_flight")).isEqualTo(1);
        assertThatThrownBy(() -> sqs.changeMessageVisibility(b ->
                        b.queueUrl(url).receiptHandle(peeked.receiptHandle()).visibilityTimeout(60)))
                .isInstanceOf(MessageNotInflightException.class);
    }

    @Test
    void aVisibilityTimeoutOutOfRangeIsInvalidParameterValueAndLeasesNothing() {
        String url = queue("lease-bounds");
        send(url, "stays");

        for (int bad : new int[] {-1, 43_201}) {
            assertThatThrownBy(() -> receive(url, 10, bad)).isInstanceOfSatisfying(SqsException.class, e -> {
                assertThat(e.statusCode()).isEqualTo(400);
                assertThat(e.awsErrorDetails().errorCode()).isEqualTo("InvalidParameterValue");
                assertThat(e.awsErrorDetails().errorMessage()).contains("VisibilityTimeout");
            });
        }
        assertThat(count("lease-bounds", "available")).isEqualTo(1);
        assertThat(receive(url, 10, 43_200)).hasSize(1);
    }

    // ---- DeleteMessageBatch

    @Test
    void deleteMessageBatchDeletesCurrentHandlesSucceedsOnStaleOnesAndFailsMalformedOnes() {
        String url = queue("delete-batch");
        List<Message> leased = leasedWithTheLastEnded(url, "a", "b", "c");
        Message stale = leased.get(2);
        Message current = receive(url, 1, null).get(0);
        assertThat(current.messageId()).isEqualTo(stale.messageId());

        DeleteMessageBatchResponse answer = sqs.deleteMessageBatch(b -> b.queueUrl(url)
                .entries(
                        entry("first", leased.get(0)),
                        entry("second", leased.get(1)),
                        entry("stale", stale),
                        DeleteMessageBatchRequestEntry.builder()
                                .id("garbage")
                                .receiptHandle("not-a-handle")
                                .build()));

        assertThat(answer.successful())
                .extracting(DeleteMessageBatchResultEntry::id)
                .containsExactly("first", "second", "stale");
        assertThat(answer.failed()).hasSize(1);
        BatchResultErrorEntry failed = answer.failed().get(0);
        assertThat(failed.id()).isEqualTo("garbage");
        assertThat(failed.code()).isEqualTo("ReceiptHandleIsInvalid");
        assertThat(failed.senderFault()).isTrue();
        assertThat(failed.message()).contains("not-a-handle");
        // The stale handle deleted nothing: the message is still in flight under its current handle.
        assertThat(API.total("delete-batch")).isEqualTo(1);
        sqs.deleteMessage(b -> b.queueUrl(url).receiptHandle(current.receiptHandle()));
        assertThat(API.total("delete-batch")).isZero();
    }

    private static DeleteMessageBatchRequestEntry entry(String id, Message message) {
        return DeleteMessageBatchRequestEntry.builder()
                .id(id)
                .receiptHandle(message.receiptHandle())
                .build();
    }

    @Test
    void aRefusedDeleteBatchChangesNothing() {
        String url = queue("delete-batch-refused");
        send(url, "a");
        Message message = receive(url, 1, null).get(0);

        assertThatThrownBy(() -> sqs.deleteMessageBatch(
                        b -> b.queueUrl(url).entries(entry("same", message), entry("same", message))))
                .isInstanceOfSatisfying(
                        SqsException.class,
                        e -> assertThat(e.awsErrorDetails().errorCode())
                                .isEqualTo("AWS.SimpleQueueService.BatchEntryIdsNotDistinct"));
        DeleteMessageBatchResponse noHandle = sqs.deleteMessageBatch(b -> b.queueUrl(url)
                .entries(DeleteMessageBatchRequestEntry.builder().id("x").build()));
        assertThat(noHandle.successful()).isEmpty();
        assertThat(noHandle.failed()).singleElement().satisfies(failed -> {
            assertThat(failed.code()).isEqualTo("MissingParameter");
            assertThat(failed.message()).contains("ReceiptHandle");
        });
        assertThat(API.total("delete-batch-refused")).isEqualTo(1);
        assertThatThrownBy(() -> sqs.deleteMessageBatch(
                        b -> b.queueUrl(url.replace("refused", "nowhere")).entries(entry("one", message))))
                .isInstanceOf(QueueDoesNotExistException.class);
    }

    // ---- ChangeMessageVisibility

    @Test
    void changeMessageVisibilityMovesTheEndOfTheLeaseFromNow() {
        String url = queue("change");
        send(url, "one");
        Message message = receive(url, 1, null).get(0);
        CLOCK.advance(Duration.ofSeconds(20));

        sqs.changeMessageVisibility(
                b -> b.queueUrl(url).receiptHandle(message.receiptHandle()).visibilityTimeout(120));

        CLOCK.advance(Duration.ofSeconds(119)); // long past the queue's 30 s
        assertThat(receive(url, 10, null)).isEmpty();
        CLOCK.advance(Duration.ofSeconds(1));
        assertThat(receive(url, 10, null)).extracting(Message::messageId).containsExactly(message.messageId());
    }

    @Test
    void changeMessageVisibilityToZeroMakesTheMessageReceivableAtOnce() {
        String url = queue("change-zero");
        send(url, "again");
        Message message = receive(url, 1, null).get(0);

        sqs.changeMessageVisibility(
                b -> b.queueUrl(url).receiptHandle(message.receiptHandle()).visibilityTimeout(0));

        assertThat(receive(url, 10, null)).extracting(Message::messageId).containsExactly(message.messageId());
        assertThat(API.browse("change-zero").get(0).get("delivery_attempts").asInt())
                .isEqualTo(2);
    }

    @Test
    void aMalformedHandleIsReceiptHandleIsInvalid() {
        String url = queue("change-malformed");

        assertThatThrownBy(() -> sqs.changeMessageVisibility(
                        b -> b.queueUrl(url).receiptHandle("not-a-handle").visibilityTimeout(10)))
                .isInstanceOfSatisfying(ReceiptHandleIsInvalidException.class, e -> {
                    assertThat(e.statusCode()).isEqualTo(404);
                    assertThat(e.awsErrorDetails().errorCode()).isEqualTo("ReceiptHandleIsInvalid");
                    assertThat(e.awsErrorDetails().errorMessage()).contains("not-a-handle");
                });
    }

    @Test
    void aMessageWhoseLeaseEndedIsNotInflightAndStaysVisible() {
        String url = queue("change-ended");
        send(url, "one");
        Message message = receive(url, 1, null).get(0);
        CLOCK.advance(Duration.ofSeconds(30));

        assertThatThrownBy(() -> sqs.changeMessageVisibility(b ->
                        b.queueUrl(url).receiptHandle(message.receiptHandle()).visibilityTimeout(300)))
                .isInstanceOfSatisfying(MessageNotInflightException.class, e -> {
                    assertThat(e.statusCode()).isEqualTo(400);
                    assertThat(e.awsErrorDetails().errorCode()).isEqualTo("AWS.SimpleQueueService.MessageNotInflight");
                    assertThat(e.awsErrorDetails().errorMessage()).contains("ReceiptHandle");
                });
        assertThat(count("change-ended", "available")).isEqualTo(1);
    }

    @Test
    void aDeletedOrReceivedAgainMessageIsNotInflightUnderAnOldHandle() {
        String url = queue("change-stale");
        send(url, "deleted", "again");
        List<Message> leased = receive(url, 2, 5);
        sqs.deleteMessage(b -> b.queueUrl(url).receiptHandle(leased.get(0).receiptHandle()));
        CLOCK.advance(Duration.ofSeconds(5));
        Message current = receive(url, 1, null).get(0);
        JsonNode before = API.browse("change-stale").get(0);

        for (Message old : leased) {
            assertThatThrownBy(() -> sqs.changeMessageVisibility(b ->
                            b.queueUrl(url).receiptHandle(old.receiptHandle()).visibilityTimeout(0)))
                    .isInstanceOf(MessageNotInflightException.class);
        }
        assertThat(API.browse("change-stale").get(0).get("lease_expires_at")).isEqualTo(before.get("lease_expires_at"));
        assertThat(current.messageId()).isEqualTo(leased.get(1).messageId());
        assertThat(receive(url, 10, null)).isEmpty();
    }

    @Test
    void aVisibilityTimeoutOutOfRangeIsRefusedAndChangesNothing() {
        String url = queue("change-bounds");
        send(url, "one");
        Message message = receive(url, 1, null).get(0);
        JsonNode before = API.browse("change-bounds").get(0);

        for (int bad : new int[] {-1, 43_201}) {
            assertThatThrownBy(() -> sqs.changeMessageVisibility(b -> b.queueUrl(url)
                            .receiptHandle(message.receiptHandle())
                            .visibilityTimeout(bad)))
                    .isInstanceOfSatisfying(SqsException.class, e -> {
                        assertThat(e.awsErrorDetails().errorCode()).isEqualTo("InvalidParameterValue");
                        assertThat(e.awsErrorDetails().errorMessage()).contains("VisibilityTimeout");
                    });
        }
        assertThat(API.browse("change-bounds").get(0).get("lease_expires_at"))
                .isEqualTo(before.get("lease_expires_at"));
    }

    // ---- ChangeMessageVisibilityBatch

    @Test
    void changeMessageVisibilityBatchAnswersEachEntry() {
        String url = queue("change-batch");
        List<Message> leased = leasedWithTheLastEnded(url, "zero", "later", "ended");
        Message ended = leased.get(2);

        ChangeMessageVisibilityBatchResponse answer = sqs.changeMessageVisibilityBatch(b -> b.queueUrl(url)
                .entries(
                        change("zero", leased.get(0), 0),
                        change("later", leased.get(1), 600),
                        change("ended", ended, 60),
                        ChangeMessageVisibilityBatchRequestEntry.builder()
                                .id("malformed")
                                .receiptHandle("garbage")
                                .visibilityTimeout(60)
                                .build(),
                        change("too-long", leased.get(1), 43_201)));

        assertThat(answer.successful())
                .extracting(ChangeMessageVisibilityBatchResultEntry::id)
                .containsExactly("zero", "later");
        assertThat(answer.failed())
                .extracting(BatchResultErrorEntry::id, BatchResultErrorEntry::code, BatchResultErrorEntry::senderFault)
                .containsExactly(
                        tuple("ended", "AWS.SimpleQueueService.MessageNotInflight", true),
                        tuple("malformed", "ReceiptHandleIsInvalid", true),
                        tuple("too-long", "InvalidParameterValue", true));
        // "zero" and the ended one are receivable now (and leased till the test ends); "later" only after 600 s.
        assertThat(receive(url, 10, 43_200))
                .extracting(Message::messageId)
                .containsExactlyInAnyOrder(leased.get(0).messageId(), ended.messageId());
        CLOCK.advance(Duration.ofSeconds(599));
        assertThat(receive(url, 10, null)).isEmpty();
        CLOCK.advance(Duration.ofSeconds(1));
        assertThat(receive(url, 10, null))
                .extracting(Message::messageId)
                .containsExactly(leased.get(1).messageId());
    }

    private static ChangeMessageVisibilityBatchRequestEntry change(String id, Message message, Integer timeout) {
        return ChangeMessageVisibilityBatchRequestEntry.builder()
                .id(id)
                .receiptHandle(message.receiptHandle())
                .visibilityTimeout(timeout)
                .build();
    }

    /**
     * The SQS JMS library nacks with ChangeMessageVisibilityBatch and VisibilityTimeout 0: the messages are
     * receivable at once, and a long poll waiting on the queue gets them. An entry without VisibilityTimeout counts
     * as 0 (older SDKs leave a zero out).
     */
    @Test
    void theJmsLibrarysNackMakesTheMessagesReceivableAtOnceAndWakesAWaitingLongPoll() throws Exception {
        String url = queue("jms-nack");
        send(url, "1", "2", "3");
        List<Message> leased = receive(url, 10, null);
        assertThat(leased).hasSize(3);
        CompletableFuture<List<Message>> poll = CompletableFuture.supplyAsync(() -> sqs.receiveMessage(
                        b -> b.queueUrl(url).maxNumberOfMessages(10).waitTimeSeconds(20))
                .messages());
        Thread.sleep(SETTLE.toMillis());
        assertThat(poll).as("nothing to receive before the nack").isNotDone();

        ChangeMessageVisibilityBatchResponse nacked = sqs.changeMessageVisibilityBatch(b -> b.queueUrl(url)
                .entries(
                        change("m1", leased.get(0), 0),
                        change("m2", leased.get(1), 0),
                        change("m3", leased.get(2), null)));

        assertThat(nacked.failed()).isEmpty();
        // Well within the 20 s wait, and the re-check is 60 s: only the nack's signal answers the poll this soon.
        assertThat(poll.get(15, TimeUnit.SECONDS))
                .extracting(Message::messageId)
                .containsExactlyInAnyOrderElementsOf(
                        leased.stream().map(Message::messageId).toList());
    }

    @Test
    void theNackedMessagesAreReceivableAtOnceWithoutAWaitingPoll() {
        String url = queue("jms-nack-plain");
        send(url, "1", "2");
        List<Message> leased = receive(url, 10, null);

        sqs.changeMessageVisibilityBatch(
                b -> b.queueUrl(url).entries(change("m1", leased.get(0), 0), change("m2", leased.get(1), 0)));

        assertThat(receive(url, 10, null)).hasSize(2);
    }
}
