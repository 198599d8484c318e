package dev.conveyor.bootstrap;

import static dev.conveyor.bootstrap.Api.j;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.conveyor.application.fakes.MutableClock;
import dev.conveyor.postgres.testing.TestDatabase;
import io.dropwizard.testing.junit5.DropwizardAppExtension;
import io.dropwizard.testing.junit5.DropwizardExtensionsSupport;
import jakarta.ws.rs.client.Client;
import jakarta.ws.rs.client.ClientBuilder;
import jakarta.ws.rs.client.Entity;
import jakarta.ws.rs.core.Response;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Idempotent publish through /v1: a deduplication_id published again to the same queue or topic within its window
 * is answered with the first message and stores nothing, within a batch, under concurrency, across two instances
 * on one database; records expire, are cleaned up and go with their queue.
 */
@ExtendWith(DropwizardExtensionsSupport.class)
class DeduplicationApiTest {
    static final TestDatabase DB = TestDatabase.create();
    static final MutableClock CLOCK = ConveyorTestApp.clock();
    static final DropwizardAppExtension<ConveyorConfiguration> APP = ConveyorTestApp.extension(DB, CLOCK);
    static final DropwizardAppExtension<ConveyorConfiguration> OTHER = ConveyorTestApp.extension(DB, CLOCK);
    static final Api API = new Api(APP);
    static final Api OTHER_API = new Api(OTHER);
    private static final Client ADMIN = ClientBuilder.newBuilder()
            .connectTimeout(5, TimeUnit.SECONDS)
            .readTimeout(60, TimeUnit.SECONDS)
            .build();

    @AfterAll
    static void dropDatabase() {
        ADMIN.close();
        DB.close();
    }

    private static JsonNode publishWithId(Api api, String queueId, String body, String deduplicationId) {
        return api.publish(queueId, j("{'body': " + body + ", 'deduplication_id': '%s'}", deduplicationId))
                .get(0);
    }

    private static long records(String targetKind, String targetId) {
        return DB.jdbi()
                .withHandle(h -> h.createQuery(
                                "SELECT count(*) FROM deduplications WHERE target_kind = :kind AND target_id = :id")
                        .bind("kind", targetKind)
                        .bind("id", targetId)
                        .mapTo(Long.class)
                        .one());
    }

    /** Moves the end of the queue's records' windows to just before the servers' clock reads now. */
    private static void expireRecords(String targetId) {
        DB.jdbi()
                .useHandle(h -> h.createUpdate("UPDATE deduplications SET expires_at = :past WHERE target_id = :id")
                        .bind("past", Timestamp.from(CLOCK.instant().minusSeconds(1)))
                        .bind("id", targetId)
                        .execute());
    }

    @Test
    void aDuplicateIsAnsweredWithTheFirstMessageAndStoresNothing() {
        API.createQueue("once");

        JsonNode first = publishWithId(API, "once", "{'n': 1}", "order-1");
        JsonNode again = publishWithId(API, "once", "{'n': 2}", "order-1");

        assertThat(again).isEqualTo(first);
        assertThat(API.total("once")).isEqualTo(1);
        JsonNode stored = API.browse("once");
        assertThat(stored).hasSize(1);
        assertThat(stored.get(0).get("id").asText()).isEqualTo(first.get("id").asText());
        assertThat(stored.get(0).get("body")).isEqualTo(Api.parse("{\"n\": 1}"));
        assertThat(publishWithId(API, "once", "{'n': 3}", "order-2").get("id")).isNotEqualTo(first.get("id"));
        assertThat(API.total("once")).isEqualTo(2);
    }

    @Test
    void theQueuesWindowIsHowLongTheRecordLasts() {
        API.createQueue("short-window", "'deduplication_window_seconds': 60");

        publishWithId(API, "short-window", "1", "w");

        Instant expiresAt = DB.jdbi()
                .withHandle(h -> h.createQuery("SELECT expires_at FROM deduplications WHERE target_id = 'short-window'")
                        .mapTo(Instant.class)
                        .one());
        assertThat(Duration.between(CLOCK.instant(), expiresAt))
                .isBetween(Duration.ofSeconds(59), Duration.ofSeconds(60));
    }

    @Test
    void aTopicDuplicateIsAnsweredWithTheFirstFanOutAndStoresNothing() {
        API.createTopic("dedup-topic");
        API.createQueue("fan-a");
        API.createQueue("fan-b");
        API.subscribe("dedup-sub-a", "dedup-topic", "fan-a", "{}");
        API.subscribe("dedup-sub-b", "dedup-topic", "fan-b", "{}");
        String message = j("{'body': 'x', 'deduplication_id': 'evt-1'}");

        JsonNode first = API.publishToTopic("dedup-topic", message).get(0);
        JsonNode again = API.publishToTopic("dedup-topic", message).get(0);

        assertThat(again).isEqualTo(first);
        assertThat(Api.texts(first.get("queue_ids"))).containsExactly("fan-a", "fan-b");
        assertThat(API.total("fan-a")).isEqualTo(1);
        assertThat(API.total("fan-b")).isEqualTo(1);
        assertThat(publishWithId(API, "fan-a", "'x'", "evt-1").get("id"))
                .as("the queue's ids are its own, apart from the topic's")
                .isNotEqualTo(first.get("id"));
    }

    @Test
    void laterDuplicatesInOneBatchAreAnsweredWithTheFirst() {
        API.createQueue("batch");

        JsonNode data = API.publish(
                "batch",
                j("[{'body': 1, 'deduplication_id': 'a'}, {'body': 2, 'deduplication_id': 'b'},"
                        + " {'body': 3, 'deduplication_id': 'a'}, {'body': 4}]"));

        assertThat(data).hasSize(4);
        assertThat(data.get(2)).isEqualTo(data.get(0));
        assertThat(data.get(1)).isNotEqualTo(data.get(0));
        assertThat(API.browse("batch")).extracting(m -> m.get("body").asInt()).containsExactly(1, 2, 4);
    }

    @Test
    void sixteenRacingPublishesOfOneIdStoreOneMessage() throws Exception {
        API.createQueue("race");

        List<String> ids = race(16, i -> publishWithId(API, "race", String.valueOf(i), "same"));

        assertThat(ids).hasSize(16).containsOnly(ids.get(0));
        assertThat(API.total("race")).isEqualTo(1);
    }

    @Test
    void publishesOfOneIdRacingThroughTwoInstancesStoreOneMessage() throws Exception {
        API.createQueue("two-instances");

        List<String> ids = race(16, i -> publishWithId(i % 2 == 0 ? API : OTHER_API, "two-instances", "1", "same"));

        assertThat(ids).hasSize(16).containsOnly(ids.get(0));
        assertThat(API.total("two-instances")).isEqualTo(1);
        assertThat(OTHER_API.total("two-instances")).isEqualTo(1);
    }

    private interface Publisher {
        JsonNode publish(int i);
    }

    /** Runs {@code n} publishes at once; answers the message ids they were answered. */
    private static List<String> race(int n, Publisher publisher) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(n);
        try {
            CountDownLatch go = new CountDownLatch(1);
            List<Future<JsonNode>> answers = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                int index = i;
                answers.add(pool.submit(() -> {
                    go.await();
                    return publisher.publish(index);
                }));
            }
            go.countDown();
            List<String> ids = new ArrayList<>();
            for (Future<JsonNode> answer : answers) {
                ids.add(answer.get(1, TimeUnit.MINUTES).get("id").asText());
            }
            return ids;
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void afterItsRecordExpiredAnIdIsStoredAgain() {
        API.createQueue("expiring");
        JsonNode first = publishWithId(API, "expiring", "1", "e");
        expireRecords("expiring");

        JsonNode second = publishWithId(API, "expiring", "2", "e");

        assertThat(second.get("id")).isNotEqualTo(first.get("id"));
        assertThat(API.total("expiring")).isEqualTo(2);
        assertThat(publishWithId(API, "expiring", "3", "e"))
                .as("the new record counts")
                .isEqualTo(second);
    }

    @Test
    void theCleanupDeletesExpiredRecordsOnly() {
        API.createQueue("cleaned");
        API.createQueue("kept");
        publishWithId(API, "cleaned", "1", "c1");
        publishWithId(API, "cleaned", "1", "c2");
        publishWithId(API, "kept", "1", "k");
        expireRecords("cleaned");

        Response response = ADMIN.target("http://localhost:" + APP.getAdminPort() + "/tasks/cleanup")
                .request()
                .post(Entity.text(""));
        String printed = response.readEntity(String.class);

        assertThat(response.getStatus()).as(printed).isEqualTo(200);
        assertThat(printed).contains("deduplication records expired: 2");
        assertThat(records("queue", "cleaned")).isZero();
        assertThat(records("queue", "kept")).isEqualTo(1);
    }

    @Test
    void deletingAQueueOrTopicDeletesItsRecords() {
        API.createQueue("deleted");
        API.createTopic("deleted-topic");
        JsonNode first = publishWithId(API, "deleted", "1", "d");
        API.publishToTopic("deleted-topic", j("{'body': 1, 'deduplication_id': 'd'}"));

        API.delete("/v1/queues/deleted").expect(204);
        API.delete("/v1/topics/deleted-topic").expect(204);

        assertThat(records("queue", "deleted")).isZero();
        assertThat(records("topic", "deleted-topic")).isZero();
        API.createQueue("deleted");
        assertThat(publishWithId(API, "deleted", "1", "d").get("id")).isNotEqualTo(first.get("id"));
        assertThat(API.total("deleted")).isEqualTo(1);
    }

    /** Publishes one message to a FIFO queue, in group {@code groupId}, with a deduplication id unless null. */
    private static JsonNode toFifo(String queueId, String body, String groupId, String deduplicationId) {
        String id = deduplicationId == null ? "" : j(", 'deduplication_id': '%s'", deduplicationId);
        return API.publish(queueId, j("{'body': " + body + ", 'group_id': '%s'" + id + "}", groupId))
                .get(0);
    }

    @Test
    void aContentBasedFifoQueueDeduplicatesByTheBody() {
        API.post("/v1/queues", j("{'id': 'content.fifo', 'fifo': true, 'content_based_deduplication': true}"))
                .expect(201);

        JsonNode first = toFifo("content.fifo", "{'a': 1}", "g", null);
        JsonNode again = toFifo("content.fifo", "{'a': 1}", "g", null);
        JsonNode other = toFifo("content.fifo", "{'a': 2}", "g", null);
        JsonNode withAnId = toFifo("content.fifo", "{'a': 1}", "g", "x");

        assertThat(again).isEqualTo(first);
        assertThat(other.get("id")).isNotEqualTo(first.get("id"));
        assertThat(withAnId.get("id"))
                .as("an id given replaces the body's hash")
                .isNotEqualTo(first.get("id"));
        assertThat(API.total("content.fifo")).isEqualTo(3);
    }

    @Test
    void aFifoQueueDeduplicatingPerGroupLetsGroupsReuseAnId() {
        API.post("/v1/queues", j("{'id': 'per-group.fifo', 'fifo': true, 'deduplication_scope': 'message_group'}"))
                .expect(201);

        JsonNode g1 = toFifo("per-group.fifo", "1", "g1", "d");
        JsonNode g2 = toFifo("per-group.fifo", "2", "g2", "d");
        JsonNode g1Again = toFifo("per-group.fifo", "3", "g1", "d");

        assertThat(g2.get("id")).isNotEqualTo(g1.get("id"));
        assertThat(g1Again).isEqualTo(g1);
        assertThat(API.total("per-group.fifo")).isEqualTo(2);
    }

    @Test
    void anInvalidDeduplicationIdIsRefusedNamingIt() {
        API.createQueue("invalid-ids");

        for (String id : List.of("has space", "x".repeat(129), "")) {
            assertThat(API.post("/v1/queues/invalid-ids/messages", j("{'body': 1, 'deduplication_id': '%s'}", id))
                            .errors())
                    .anySatisfy(e -> assertThat(e).contains("deduplication_id"));
        }
        assertThat(API.total("invalid-ids")).isZero();
    }
}
