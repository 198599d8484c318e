package dev.conveyor.bootstrap;

import static dev.conveyor.bootstrap.Api.j;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.conveyor.application.fakes.MutableClock;
import dev.conveyor.postgres.testing.TestDatabase;
import io.dropwizard.testing.junit5.DropwizardAppExtension;
import io.dropwizard.testing.junit5.DropwizardExtensionsSupport;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * FIFO queues through /v1: groups delivered in publish order, one receive at a time, and the rules around them.
 * Time moves only when the test moves CLOCK.
 */
@ExtendWith(DropwizardExtensionsSupport.class)
class FifoQueueApiTest {
    static final TestDatabase DB = TestDatabase.create();
    static final MutableClock CLOCK = ConveyorTestApp.clock();
    static final DropwizardAppExtension<ConveyorConfiguration> APP = ConveyorTestApp.extension(DB, CLOCK);
    static final Api API = new Api(APP);

    @AfterAll
    static void dropDatabase() {
        DB.close();
    }

    private static void publish(String queue, String group, int... bodies) {
        List<String> messages = new ArrayList<>();
        for (int body : bodies) {
            messages.add(j("{'body': %d, 'group_id': '%s'}", body, group));
        }
        API.publish(queue, "[" + String.join(",", messages) + "]");
    }

    private static List<Integer> bodies(JsonNode messages) {
        List<Integer> out = new ArrayList<>();
        messages.forEach(m -> out.add(m.get("body").asInt()));
        return out;
    }

    private static String receipt(JsonNode message) {
        return message.get("receipt").asText();
    }

    @Test
    void aGroupIsDeliveredInPublishOrderOneReceiveAtATime() {
        API.createQueue("orders", "'fifo': true");
        publish("orders", "a", 1, 2, 3);

        JsonNode first = API.receive("orders", 1);
        assertThat(bodies(first)).containsExactly(1);
        assertThat(first.get(0).get("group_id").asText()).isEqualTo("a");
        // The group is blocked while its first message is leased: nothing else of it is delivered.
        assertThat(API.receive("orders", 10)).isEmpty();

        API.ack("orders", receipt(first.get(0)));
        JsonNode rest = API.receive("orders", 10);
        assertThat(bodies(rest)).containsExactly(2, 3); // several of one group in one receive, in order
        assertThat(rest.get(0).get("sequence_number").asLong())
                .isLessThan(rest.get(1).get("sequence_number").asLong());
    }

    @Test
    void differentGroupsAreDeliveredInParallel() {
        API.createQueue("parallel", "'fifo': true");
        publish("parallel", "a", 1, 2);
        publish("parallel", "b", 10, 20);

        JsonNode one = API.receive("parallel", 2);
        JsonNode other = API.receive("parallel", 2);

        assertThat(bodies(one)).containsExactly(1, 2);
        assertThat(bodies(other)).containsExactly(10, 20);
        assertThat(API.receive("parallel", 10)).isEmpty();
    }

    @Test
    void aMessageWhoseLeaseEndsIsDeliveredAgainBeforeTheNext() {
        API.createQueue("expiring", "'fifo': true, 'ack_deadline_seconds': 5");
        publish("expiring", "g", 1, 2);

        assertThat(bodies(API.receive("expiring", 1))).containsExactly(1);
        CLOCK.advance(Duration.ofSeconds(5));

        JsonNode again = API.receive("expiring", 1);
        assertThat(bodies(again)).containsExactly(1);
        assertThat(again.get(0).get("delivery_attempts").asInt()).isEqualTo(2);
    }

    @Test
    void aNackedMessageComesFirstAfterItsBackoffAndBlocksItsGroupMeanwhile() {
        API.createQueue("nacked", "'fifo': true, 'backoff_min_seconds': 10, 'backoff_max_seconds': 10");
        publish("nacked", "g", 1, 2);
        publish("nacked", "h", 7);
        JsonNode first = API.receive("nacked", 1);
        assertThat(bodies(first)).containsExactly(1);

        API.post("/v1/queues/nacked/nack", j("{'receipts': ['%s']}", receipt(first.get(0))))
                .expect(200);

        // Group g waits for its first message's backoff; group h is not held up by it.
        assertThat(bodies(API.receive("nacked", 10))).containsExactly(7);
        CLOCK.advance(Duration.ofSeconds(10));
        assertThat(bodies(API.receive("nacked", 10))).containsExactly(1, 2);
    }

    @Test
    void aMessageLeasedBehindAnExpiredOneStillBlocksItsGroup() {
        API.createQueue("extended", "'fifo': true, 'ack_deadline_seconds': 5");
        publish("extended", "g", 1, 2, 3);
        JsonNode leased = API.receive("extended", 2);
        // The second one's lease is extended; the first one's runs out.
        API.post("/v1/queues/extended/extend", j("{'receipts': ['%s'], 'seconds': 60}", receipt(leased.get(1))))
                .expect(200);
        CLOCK.advance(Duration.ofSeconds(5));

        assertThat(API.receive("extended", 10)).isEmpty();
        API.ack("extended", receipt(leased.get(1)));
        assertThat(bodies(API.receive("extended", 10))).containsExactly(1, 3);
    }

    @Test
    void anExhaustedMessageIsDeadLetteredAndUnblocksItsGroup() {
        API.createQueue("fifo-dead", "'fifo': true");
        API.createQueue("fifo-work", "'fifo': true, 'max_deliveries': 1, 'dead_letter_queue_id': 'fifo-dead'");
        publish("fifo-work", "g", 1, 2);
        JsonNode first = API.receive("fifo-work", 1);

        API.post("/v1/queues/fifo-work/nack", j("{'receipts': ['%s']}", receipt(first.get(0))))
                .expect(200);

        assertThat(bodies(API.receive("fifo-work", 10))).containsExactly(2);
        JsonNode dead = API.receive("fifo-dead", 10);
        assertThat(bodies(dead)).containsExactly(1);
        assertThat(dead.get(0).get("group_id").asText()).isEqualTo("g");
        assertThat(dead.get(0).get("sequence_number").asLong()).isEqualTo(1);
    }

    @Test
    void sequenceNumbersIncreaseWithinTheQueueAndComeBackFromThePublish() {
        API.createQueue("numbered", "'fifo': true");
        JsonNode published = API.publish(
                "numbered", "[{'body': 1, 'group_id': 'x'}, {'body': 2, 'group_id': 'y'}]".replace('\'', '"'));
        JsonNode more = API.publish("numbered", "{\"body\": 3, \"group_id\": \"x\"}");

        assertThat(published.get(0).get("sequence_number").asLong()).isEqualTo(1);
        assertThat(published.get(1).get("sequence_number").asLong()).isEqualTo(2);
        assertThat(more.get(0).get("sequence_number").asLong()).isEqualTo(3);
        assertThat(API.browse("numbered").get(2).get("sequence_number").asLong())
                .isEqualTo(3);
    }

    @Test
    void aStandardQueueHasNoSequenceNumbersButKeepsGroups() {
        API.createQueue("standard-groups");
        JsonNode published = API.publish("standard-groups", "{\"body\": 1, \"group_id\": \"tenant-1\"}");

        assertThat(published.get(0).has("sequence_number")).isFalse();
        JsonNode received = API.receive("standard-groups", 1).get(0);
        assertThat(received.get("group_id").asText()).isEqualTo("tenant-1");
        assertThat(received.get("sequence_number").isNull()).isTrue();
    }

    @Test
    void aFifoQueueRefusesAMessageWithoutAGroupOrWithItsOwnDelay() {
        API.createQueue("strict", "'fifo': true");

        assertThat(API.post("/v1/queues/strict/messages", "{\"body\": 1}").errors())
                .containsExactly("group_id is required: queue 'strict' is a fifo queue");
        assertThat(API.post(
                                "/v1/queues/strict/messages",
                                "[{\"body\": 1, \"group_id\": \"g\"}, {\"body\": 2, \"group_id\": \"g\","
                                        + " \"delay_seconds\": 5}]")
                        .errors())
                .singleElement()
                .asString()
                .contains("delay_seconds cannot be set per message");
        assertThat(API.total("strict")).isZero();
    }

    @Test
    void aQueueDelayAppliesToEveryMessageOfAFifoQueue() {
        API.createQueue("delayed-fifo", "'fifo': true, 'delivery_delay_seconds': 30");
        publish("delayed-fifo", "g", 1);

        assertThat(API.receive("delayed-fifo", 10)).isEmpty();
        CLOCK.advance(Duration.ofSeconds(30));
        assertThat(bodies(API.receive("delayed-fifo", 10))).containsExactly(1);
    }

    @Test
    void fifoIsFixedAtCreation() {
        API.createQueue("fixed", "'fifo': true");

        assertThat(API.patch("/v1/queues/fixed", "{\"fifo\": false}").errors())
                .singleElement()
                .asString()
                .contains("fifo cannot be changed");
        // A PUT that leaves fifo out keeps it.
        JsonNode put =
                API.put("/v1/queues/fixed", "{\"ack_deadline_seconds\": 60}").expect(200);
        assertThat(put.get("fifo").asBoolean()).isTrue();
        assertThat(API.put("/v1/queues/fixed", "{\"fifo\": false}").errors())
                .singleElement()
                .asString()
                .contains("fifo cannot be changed");
    }

    @Test
    void aFifoQueuesDeadLetterQueueMustBeFifo() {
        API.createQueue("plain-dead");

        String error = API.post(
                        "/v1/queues",
                        "{\"id\": \"fifo-with-plain\", \"fifo\": true, \"dead_letter_queue_id\": \"plain-dead\"}")
                .errors()
                .get(0);

        assertThat(error).contains("must be fifo too");
    }

    @Test
    void fifoSettingsAreCheckedAndShown() {
        JsonNode queue = API.createQueue(
                "settings-fifo",
                "'fifo': true, 'content_based_deduplication': true, 'deduplication_scope': 'message_group',"
                        + " 'fifo_throughput_limit': 'per_message_group_id', 'deduplication_window_seconds': 600");

        assertThat(queue.get("fifo").asBoolean()).isTrue();
        assertThat(queue.get("content_based_deduplication").asBoolean()).isTrue();
        assertThat(queue.get("deduplication_scope").asText()).isEqualTo("message_group");
        assertThat(queue.get("fifo_throughput_limit").asText()).isEqualTo("per_message_group_id");
        assertThat(queue.get("deduplication_window_seconds").asInt()).isEqualTo(600);
        assertThat(API.post("/v1/queues", "{\"id\": \"std\", \"content_based_deduplication\": true}")
                        .errors())
                .containsExactly("content_based_deduplication is only for fifo queues");
        assertThat(API.post("/v1/queues", "{\"id\": \"std\", \"deduplication_scope\": \"group\"}")
                        .errors())
                .containsExactly("deduplication_scope must be queue or message_group");
    }

    @Test
    void aReceiveByLabelIsRefusedOnAFifoQueue() {
        API.createQueue("no-labels", "'fifo': true");

        assertThat(API.post("/v1/queues/no-labels/receive", "{\"label\": \"x\"}")
                        .errors())
                .singleElement()
                .asString()
                .contains("label cannot be used");
    }

    @Test
    void aTopicPublishWithoutAGroupIsRefusedWholeNamingTheFifoQueue() {
        API.createTopic("fifo-topic");
        API.createQueue("fifo-sub", "'fifo': true");
        API.createQueue("plain-sub");
        API.subscribe("s-fifo", "fifo-topic", "fifo-sub", "null");
        API.subscribe("s-plain", "fifo-topic", "plain-sub", "null");

        assertThat(API.post("/v1/topics/fifo-topic/messages", "{\"body\": 1}").errors())
                .containsExactly("group_id is required: queue 'fifo-sub' is a fifo queue");
        assertThat(API.total("plain-sub")).isZero();

        API.publishToTopic("fifo-topic", "{\"body\": 2, \"group_id\": \"g\"}");
        assertThat(bodies(API.receive("fifo-sub", 10))).containsExactly(2);
    }

    @Test
    void redriveKeepsFifoMessagesInFifoQueues() {
        API.createQueue("fifo-from", "'fifo': true");
        API.createQueue("fifo-to", "'fifo': true");
        API.createQueue("plain-to");
        publish("fifo-from", "g", 1, 2);

        assertThat(API.post("/v1/queues/fifo-from/redrive", "{\"destination_queue_id\": \"plain-to\"}")
                        .errors()
                        .get(0))
                .contains("can only be redriven to a fifo queue");
        publish("fifo-to", "g", 0);
        API.post("/v1/queues/fifo-from/redrive", "{\"destination_queue_id\": \"fifo-to\"}")
                .expect(200);

        // Appended after what the group held, in their order, and numbered by the queue they joined.
        JsonNode received = API.receive("fifo-to", 10);
        assertThat(bodies(received)).containsExactly(0, 1, 2);
        assertThat(received.get(2).get("sequence_number").asLong()).isEqualTo(3);
    }

    @Test
    void aPurgedGroupTakesNewMessagesAtOnce() {
        API.createQueue("purged-fifo", "'fifo': true");
        publish("purged-fifo", "g", 1);
        API.receive("purged-fifo", 1); // leased, so the group waits for its lease

        API.post("/v1/queues/purged-fifo/purge", "").expect(200);
        publish("purged-fifo", "g", 2);

        assertThat(bodies(API.receive("purged-fifo", 10))).containsExactly(2);
    }

    @Test
    void anAckThatFreesAGroupWakesALongPollAtOnce() throws Exception {
        API.createQueue("woken", "'fifo': true");
        publish("woken", "g", 1, 2);
        JsonNode first = API.receive("woken", 1);
        // The test configuration re-checks a waiting long poll only every 10 s: only a wake answers it sooner.
        CompletableFuture<JsonNode> poll = CompletableFuture.supplyAsync(
                () -> API.receive("woken", "{\"max_messages\": 10, \"wait_seconds\": 8}"));
        Thread.sleep(300);
        assertThat(poll).as("the group is held: nothing to receive yet").isNotDone();

        API.ack("woken", receipt(first.get(0)));

        assertThat(bodies(poll.get(4, TimeUnit.SECONDS))).containsExactly(2);
    }
}
