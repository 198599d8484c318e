package dev.conveyor.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;

import dev.conveyor.application.fakes.MutableClock;
import dev.conveyor.postgres.testing.TestDatabase;
import io.dropwizard.testing.ConfigOverride;
import io.dropwizard.testing.junit5.DropwizardAppExtension;
import io.dropwizard.testing.junit5.DropwizardExtensionsSupport;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.ChangeMessageVisibilityBatchRequestEntry;
import software.amazon.awssdk.services.sqs.model.Message;

/**
 * Two server instances on one database, each with its own SQS client: a long poll (WaitTimeSeconds) on instance A
 * is answered by what happens through instance B. A long poll looks again by itself only every 5 minutes here
 * (messaging.longPollRecheck), so within its 20 s wait only B's signal, carried by PostgreSQL's NOTIFY, can answer it;
 * the test waits for the answer only until 15 s, before the poll's own last look at the end of its wait.
 */
@ExtendWith(DropwizardExtensionsSupport.class)
class SqsMultiInstanceTest {
    static final TestDatabase DB = TestDatabase.create();
    static final MutableClock CLOCK = ConveyorTestApp.clock();
    static final ConfigOverride RECHECK = ConfigOverride.config("messaging.longPollRecheck", "5m");
    static final DropwizardAppExtension<ConveyorConfiguration> APP_A = ConveyorTestApp.extension(DB, CLOCK, RECHECK);
    static final DropwizardAppExtension<ConveyorConfiguration> APP_B = ConveyorTestApp.extension(DB, CLOCK, RECHECK);
    static final int WAIT_SECONDS = 20;
    /** How long the test waits for the poll's answer: well within its wait, so only a wake can answer it. */
    static final int ANSWER_WITHIN_SECONDS = 15;
    /** Lets a long poll reach its wait before the test acts; the assertions hold without it too. */
    static final Duration SETTLE = Duration.ofMillis(500);

    static SqsClient onA;
    static SqsClient onB;

    @BeforeAll
    static void connect() throws Exception {
        onA = SqsTestClients.sdk(APP_A);
        onB = SqsTestClients.sdk(APP_B);
        LongPollApiTest.awaitListeners(DB, 2);
    }

    @AfterAll
    static void close() {
        onA.close();
        onB.close();
        DB.close();
    }

    private static CompletableFuture<List<Message>> longPoll(SqsClient client, String url) {
        return CompletableFuture.supplyAsync(() -> client.receiveMessage(
                        b -> b.queueUrl(url).maxNumberOfMessages(10).waitTimeSeconds(WAIT_SECONDS))
                .messages());
    }

    @Test
    void aLongPollOnAIsWokenByASendMessageThroughB() throws Exception {
        String url = onA.createQueue(b -> b.queueName("multi-send")).queueUrl();
        CompletableFuture<List<Message>> poll = longPoll(onA, url);
        Thread.sleep(SETTLE.toMillis());
        assertThat(poll).as("nothing to receive before the send").isNotDone();

        String sent =
                onB.sendMessage(b -> b.queueUrl(url).messageBody("across")).messageId();

        List<Message> received = poll.get(ANSWER_WITHIN_SECONDS, TimeUnit.SECONDS);
        assertThat(received).extracting(Message::messageId).containsExactly(sent);
        assertThat(received).extracting(Message::body).containsExactly("across");
    }

    @Test
    void aLongPollOnAIsWokenByANackThroughB() throws Exception {
        String url = onA.createQueue(b -> b.queueName("multi-nack")).queueUrl();
        onB.sendMessage(b -> b.queueUrl(url).messageBody("nacked"));
        Message leased = onB.receiveMessage(b -> b.queueUrl(url)).messages().get(0);
        CompletableFuture<List<Message>> poll = longPoll(onA, url);
        Thread.sleep(SETTLE.toMillis());
        assertThat(poll).as("nothing to receive before the nack").isNotDone();

        onB.changeMessageVisibilityBatch(b -> b.queueUrl(url)
                .entries(ChangeMessageVisibilityBatchRequestEntry.builder()
                        .id("nack")
                        .receiptHandle(leased.receiptHandle())
                        .visibilityTimeout(0)
                        .build()));

        assertThat(poll.get(ANSWER_WITHIN_SECONDS, TimeUnit.SECONDS))
                .extracting(Message::messageId)
                .containsExactly(leased.messageId());
    }
}
