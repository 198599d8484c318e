package dev.conveyor.bootstrap;

import static dev.conveyor.bootstrap.Api.j;
import static dev.conveyor.bootstrap.SqsTestClients.arn;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.conveyor.application.fakes.MutableClock;
import dev.conveyor.postgres.testing.TestDatabase;
import io.dropwizard.testing.junit5.DropwizardAppExtension;
import io.dropwizard.testing.junit5.DropwizardExtensionsSupport;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.ListDeadLetterSourceQueuesResponse;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.PurgeQueueInProgressException;
import software.amazon.awssdk.services.sqs.model.SqsException;

/**
 * PurgeQueue with its once-a-minute rule, ListDeadLetterSourceQueues, and the dead-letter path end to end, through
 * the AWS SDK for Java v2. Time moves only when the test moves CLOCK.
 */
@ExtendWith(DropwizardExtensionsSupport.class)
class SqsPurgeApiTest {
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

    private static String count(String url, String attribute) {
        return sqs.getQueueAttributes(b -> b.queueUrl(url).attributeNamesWithStrings(attribute))
                .attributesAsStrings()
                .get(attribute);
    }

    @Test
    void purgeDeletesEveryMessageAtMostOnceAMinute() {
        String url = sqs.createQueue(b -> b.queueName("purge-orders")).queueUrl();
        sqs.sendMessage(b -> b.queueUrl(url).messageBody("one"));
        sqs.sendMessage(b -> b.queueUrl(url).messageBody("two"));
        assertThat(sqs.receiveMessage(b -> b.queueUrl(url)).messages()).hasSize(1);

        sqs.purgeQueue(b -> b.queueUrl(url));
        assertThat(API.total("purge-orders")).isZero();

        sqs.sendMessage(b -> b.queueUrl(url).messageBody("after"));
        CLOCK.advance(Duration.ofSeconds(59));
        assertThatThrownBy(() -> sqs.purgeQueue(b -> b.queueUrl(url)))
                .isInstanceOfSatisfying(PurgeQueueInProgressException.class, e -> {
                    assertThat(e.statusCode()).isEqualTo(403);
                    assertThat(e.awsErrorDetails().errorCode())
                            .isEqualTo("AWS.SimpleQueueService.PurgeQueueInProgress");
                    assertThat(e.awsErrorDetails().errorMessage()).contains("purge-orders", "60 seconds");
                });
        assertThat(API.total("purge-orders"))
                .as("the refused purge deleted nothing")
                .isEqualTo(1);

        CLOCK.advance(Duration.ofSeconds(1));
        sqs.purgeQueue(b -> b.queueUrl(url));
        assertThat(API.total("purge-orders")).isZero();

        assertThatThrownBy(() -> sqs.purgeQueue(b -> b.queueUrl(SqsTestClients.url(APP, "purge-nowhere"))))
                .isInstanceOfSatisfying(
                        SqsException.class,
                        e -> assertThat(e.awsErrorDetails().errorCode())
                                .isEqualTo("AWS.SimpleQueueService.NonExistentQueue"));
    }

    @Test
    void theRuleHoldsAcrossInstancesForItIsKeptWithTheQueue() throws Exception {
        String url = sqs.createQueue(b -> b.queueName("purge-shared")).queueUrl();
        sqs.purgeQueue(b -> b.queueUrl(url));

        // Another instance on the same database, started after the purge, refuses too.
        DropwizardAppExtension<ConveyorConfiguration> other = ConveyorTestApp.extension(DB, CLOCK);
        other.before();
        try (SqsClient otherSqs = SqsTestClients.sdk(other)) {
            assertThatThrownBy(() -> otherSqs.purgeQueue(b -> b.queueUrl(SqsTestClients.url(other, "purge-shared"))))
                    .isInstanceOf(PurgeQueueInProgressException.class);
        } finally {
            other.after();
        }
    }

    @Test
    void anExhaustedMessageEndsInTheDeadLetterQueueThatListsItsSource() {
        String dlq = sqs.createQueue(b -> b.queueName("dlq-path-dead")).queueUrl();
        String url = sqs.createQueue(b -> b.queueName("dlq-path")
                        .attributesWithStrings(Map.of(
                                "VisibilityTimeout",
                                "30",
                                "RedrivePolicy",
                                j("{'deadLetterTargetArn':'%s','maxReceiveCount':'2'}", arn("dlq-path-dead")))))
                .queueUrl();
        sqs.sendMessage(b -> b.queueUrl(url).messageBody("poison"));

        for (int receive = 1; receive <= 2; receive++) {
            List<Message> got = sqs.receiveMessage(b -> b.queueUrl(url)).messages();
            assertThat(got).as("receive %d", receive).hasSize(1);
            assertThat(count(url, "ApproximateNumberOfMessagesNotVisible")).isEqualTo("1");
            CLOCK.advance(Duration.ofSeconds(31)); // the lease ends without a delete
        }
        assertThat(sqs.receiveMessage(b -> b.queueUrl(url)).messages())
                .as("a third receive of a message allowed two")
                .isEmpty();

        assertThat(count(url, "ApproximateNumberOfMessages")).isEqualTo("0");
        assertThat(count(url, "ApproximateNumberOfMessagesNotVisible")).isEqualTo("0");
        assertThat(count(dlq, "ApproximateNumberOfMessages")).isEqualTo("1");
        assertThat(sqs.receiveMessage(b -> b.queueUrl(dlq)).messages())
                .extracting(Message::body)
                .containsExactly("poison");
        assertThat(sqs.listDeadLetterSourceQueues(b -> b.queueUrl(dlq)).queueUrls())
                .containsExactly(url);
        assertThat(sqs.listDeadLetterSourceQueues(b -> b.queueUrl(url)).queueUrls())
                .isEmpty();
    }

    @Test
    void listDeadLetterSourceQueuesPagesAsListQueuesDoes() throws Exception {
        sqs.createQueue(b -> b.queueName("sources-dead"));
        String policy = j("{'deadLetterTargetArn':'%s','maxReceiveCount':3}", arn("sources-dead"));
        for (String name : List.of("sources-c", "sources-a", "sources-b")) {
            sqs.createQueue(b -> b.queueName(name).attributesWithStrings(Map.of("RedrivePolicy", policy)));
        }
        String dead = SqsTestClients.url(APP, "sources-dead");

        ListDeadLetterSourceQueuesResponse first =
                sqs.listDeadLetterSourceQueues(b -> b.queueUrl(dead).maxResults(2));
        assertThat(first.queueUrls())
                .containsExactly(SqsTestClients.url(APP, "sources-a"), SqsTestClients.url(APP, "sources-b"));
        assertThat(first.nextToken()).isNotBlank();
        ListDeadLetterSourceQueuesResponse second = sqs.listDeadLetterSourceQueues(
                b -> b.queueUrl(dead).maxResults(2).nextToken(first.nextToken()));
        assertThat(second.queueUrls()).containsExactly(SqsTestClients.url(APP, "sources-c"));
        assertThat(second.nextToken()).isNull();

        for (int bad : List.of(0, 1001)) {
            assertThatThrownBy(() ->
                            sqs.listDeadLetterSourceQueues(b -> b.queueUrl(dead).maxResults(bad)))
                    .isInstanceOfSatisfying(
                            SqsException.class,
                            e -> assertThat(e.awsErrorDetails().errorCode()).isEqualTo("InvalidParameterValue"));
        }
        assertThatThrownBy(() ->
                        sqs.listDeadLetterSourceQueues(b -> b.queueUrl(SqsTestClients.url(APP, "sources-nowhere"))))
                .isInstanceOfSatisfying(
                        SqsException.class,
                        e -> assertThat(e.awsErrorDetails().errorCode())
                                .isEqualTo("AWS.SimpleQueueService.NonExistentQueue"));

        SqsQueryApiTest.Xml query = SqsTestClients.query(APP, "ListDeadLetterSourceQueues", "QueueUrl", dead);
        assertThat(query.root()).isEqualTo("ListDeadLetterSourceQueuesResponse");
        assertThat(query.all("QueueUrl"))
                .containsExactly(
                        SqsTestClients.url(APP, "sources-a"),
                        SqsTestClients.url(APP, "sources-b"),
                        SqsTestClients.url(APP, "sources-c"));
    }
}
