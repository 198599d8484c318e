package dev.conveyor.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;

import dev.conveyor.application.fakes.MutableClock;
import dev.conveyor.postgres.testing.TestDatabase;
import io.dropwizard.testing.junit5.DropwizardAppExtension;
import io.dropwizard.testing.junit5.DropwizardExtensionsSupport;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.SendMessageBatchRequestEntry;
import software.amazon.awssdk.services.sqs.model.SendMessageBatchResponse;

/**
 * Fair queues through the SQS endpoint with the real AWS SDK for Java v2 (issue 17): as on Amazon SQS fair queues,
 * a MessageGroupId on a standard queue's message marks its tenant, and a tenant with a backlog does not hold the
 * others' messages behind it; the MessageGroupId comes back as a system attribute when asked for, and a message
 * sent without one has none. Time moves only when the test moves CLOCK.
 */
@ExtendWith(DropwizardExtensionsSupport.class)
class SqsFairQueueApiTest {
    static final TestDatabase DB = TestDatabase.create();
    static final MutableClock CLOCK = ConveyorTestApp.clock();
    static final DropwizardAppExtension<ConveyorConfiguration> APP = ConveyorTestApp.extension(DB, CLOCK);
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

    private static List<Message> receive(String url) {
        return sqs.receiveMessage(b -> b.queueUrl(url)
                        .maxNumberOfMessages(10)
                        .waitTimeSeconds(0)
                        .messageSystemAttributeNamesWithStrings("MessageGroupId"))
                .messages();
    }

    @Test
    void aQuietTenantIsServedWithinTheFirstReceivesDespiteANoisyOne() {
        String url = sqs.createQueue(b -> b.queueName("sqs-fair-noisy")).queueUrl();
        for (int batch = 0; batch < 30; batch++) {
            List<SendMessageBatchRequestEntry> entries = new ArrayList<>();
            for (int i = 0; i < 10; i++) {
                entries.add(SendMessageBatchRequestEntry.builder()
                        .id("e" + i)
                        .messageBody("noisy-" + batch + "-" + i)
                        .messageGroupId("noisy")
                        .build());
            }
            SendMessageBatchResponse answer =
                    sqs.sendMessageBatch(b -> b.queueUrl(url).entries(entries));
            assertThat(answer.failed()).isEmpty();
        }
        List<String> quiet = new ArrayList<>();
        for (int i = 0; i < 2; i++) {
            String body = "quiet-" + i;
            quiet.add(sqs.sendMessage(b -> b.queueUrl(url).messageBody(body).messageGroupId("quiet"))
                    .messageId());
        }

        List<Message> received = new ArrayList<>(receive(url));
        received.addAll(receive(url));

        assertThat(received)
                .extracting(Message::messageId)
                .as("300 noisy ones came first")
                .containsAll(quiet);
        assertThat(received)
                .filteredOn(m -> quiet.contains(m.messageId()))
                .allSatisfy(m -> assertThat(m.attributesAsStrings()).containsEntry("MessageGroupId", "quiet"));
    }

    @Test
    void aStandardQueueMessageShowsItsGroupWhenAskedAndNoneWithout() {
        String url = sqs.createQueue(b -> b.queueName("sqs-fair-attribute")).queueUrl();
        sqs.sendMessage(b -> b.queueUrl(url).messageBody("grouped").messageGroupId("tenant-1"));
        sqs.sendMessage(b -> b.queueUrl(url).messageBody("plain"));

        List<Message> received = receive(url);

        assertThat(received).extracting(Message::body).containsExactlyInAnyOrder("grouped", "plain");
        assertThat(received)
                .filteredOn(m -> m.body().equals("grouped"))
                .singleElement()
                .satisfies(m -> assertThat(m.attributesAsStrings()).containsEntry("MessageGroupId", "tenant-1"));
        assertThat(received)
                .filteredOn(m -> m.body().equals("plain"))
                .singleElement()
                .satisfies(m -> assertThat(m.attributesAsStrings()).doesNotContainKey("MessageGroupId"));
    }
}
