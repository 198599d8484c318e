package dev.conveyor.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.conveyor.application.fakes.MutableClock;
import dev.conveyor.postgres.testing.TestDatabase;
import io.dropwizard.testing.junit5.DropwizardAppExtension;
import io.dropwizard.testing.junit5.DropwizardExtensionsSupport;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.SqsException;

/** Queue tags through the AWS SDK for Java v2 and the Query protocol: CreateQueue's tags, TagQueue, UntagQueue, ListQueueTags. */
@ExtendWith(DropwizardExtensionsSupport.class)
class SqsTagsApiTest {
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

    private static Map<String, String> tags(String url) {
        return sqs.listQueueTags(b -> b.queueUrl(url)).tags();
    }

    @Test
    void tagsGivenAtCreationAreAddedOverwrittenAndRemoved() {
        String url = sqs.createQueue(b -> b.queueName("tags-orders").tags(Map.of("team", "billing", "env", "prod")))
                .queueUrl();
        assertThat(tags(url)).isEqualTo(Map.of("team", "billing", "env", "prod"));

        sqs.tagQueue(b -> b.queueUrl(url).tags(Map.of("env", "staging", "cost-centre", "")));
        assertThat(tags(url)).isEqualTo(Map.of("team", "billing", "env", "staging", "cost-centre", ""));

        sqs.untagQueue(b -> b.queueUrl(url).tagKeys("team", "not-there"));
        assertThat(tags(url)).isEqualTo(Map.of("env", "staging", "cost-centre", ""));

        // Tags given to CreateQueue of an existing queue leave its tags as they are, as SQS does.
        sqs.createQueue(b -> b.queueName("tags-orders").tags(Map.of("other", "x")));
        assertThat(tags(url)).isEqualTo(Map.of("env", "staging", "cost-centre", ""));
        assertThat(tags(sqs.createQueue(b -> b.queueName("tags-none")).queueUrl()))
                .isEmpty();
    }

    @Test
    void sqsLimitsOnTagsRefuseAndChangeNothing() {
        String url = sqs.createQueue(b -> b.queueName("tags-limits").tags(Map.of("kept", "yes")))
                .queueUrl();
        Map<String, String> fifty = new HashMap<>();
        for (int i = 0; i < 50; i++) {
            fifty.put("key-" + i, "v");
        }
        List<Map<String, String>> refused = List.of(
                fifty, // 51 with the one it has
                Map.of("k".repeat(129), "v"),
                Map.of("long", "v".repeat(257)),
                Map.of("aws:reserved", "v"));
        for (Map<String, String> bad : refused) {
            assertThatThrownBy(() -> sqs.tagQueue(b -> b.queueUrl(url).tags(bad)))
                    .isInstanceOfSatisfying(SqsException.class, e -> {
                        assertThat(e.statusCode()).isEqualTo(400);
                        assertThat(e.awsErrorDetails().errorCode()).isEqualTo("InvalidParameterValue");
                    });
        }
        assertThat(tags(url)).isEqualTo(Map.of("kept", "yes"));
        Map<String, String> fiftyOne = new HashMap<>(fifty);
        fiftyOne.put("one-more", "v");
        assertThatThrownBy(
                        () -> sqs.createQueue(b -> b.queueName("tags-too-many").tags(fiftyOne)))
                .isInstanceOfSatisfying(SqsException.class, e -> {
                    assertThat(e.awsErrorDetails().errorCode()).isEqualTo("InvalidParameterValue");
                    assertThat(e.awsErrorDetails().errorMessage()).contains("50");
                });
        assertThatThrownBy(() -> sqs.getQueueUrl(b -> b.queueName("tags-too-many")))
                .isInstanceOf(SqsException.class);
        // A key of 128 and a value of 256 are fine; 50 tags in all are too.
        fifty.remove("key-0");
        fifty.put("k".repeat(128), "v".repeat(256));
        sqs.tagQueue(b -> b.queueUrl(url).tags(withoutKept(fifty)));
        assertThat(tags(url)).hasSize(50);

        assertThatThrownBy(() -> sqs.tagQueue(
                        b -> b.queueUrl(SqsTestClients.url(APP, "tags-nowhere")).tags(Map.of("a", "b"))))
                .isInstanceOfSatisfying(
                        SqsException.class,
                        e -> assertThat(e.awsErrorDetails().errorCode())
                                .isEqualTo("AWS.SimpleQueueService.NonExistentQueue"));
    }

    private static Map<String, String> withoutKept(Map<String, String> tags) {
        Map<String, String> copy = new HashMap<>(tags);
        copy.remove("key-1"); // 49 new and the one the queue has
        return copy;
    }

    @Test
    void tagsInTheQueryProtocol() throws Exception {
        SqsQueryApiTest.Xml created = SqsTestClients.query(
                APP, "CreateQueue", "QueueName", "tags-query", "Tag.1.Key", "team", "Tag.1.Value", "billing");
        assertThat(created.status()).isEqualTo(200);
        String url = created.one("QueueUrl");
        SqsQueryApiTest.Xml tagged =
                SqsTestClients.query(APP, "TagQueue", "QueueUrl", url, "Tag.1.Key", "env", "Tag.1.Value", "prod");
        assertThat(tagged.root()).isEqualTo("TagQueueResponse");
        SqsQueryApiTest.Xml untagged = SqsTestClients.query(APP, "UntagQueue", "QueueUrl", url, "TagKey.1", "team");
        assertThat(untagged.root()).isEqualTo("UntagQueueResponse");

        SqsQueryApiTest.Xml listed = SqsTestClients.query(APP, "ListQueueTags", "QueueUrl", url);
        assertThat(listed.status()).isEqualTo(200);
        assertThat(listed.root()).isEqualTo("ListQueueTagsResponse");
        assertThat(listed.all("Key")).containsExactly("env");
        assertThat(listed.all("Value")).containsExactly("prod");
        assertThat(tags(url)).isEqualTo(Map.of("env", "prod"));
    }
}
