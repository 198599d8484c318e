package dev.conveyor.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.conveyor.application.fakes.MutableClock;
import dev.conveyor.postgres.testing.TestDatabase;
import io.dropwizard.testing.junit5.DropwizardAppExtension;
import io.dropwizard.testing.junit5.DropwizardExtensionsSupport;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** {@code /v1/subscriptions}: the links from topics to queues, with their filters. */
@ExtendWith(DropwizardExtensionsSupport.class)
class SubscriptionsApiTest {
    static final TestDatabase DB = TestDatabase.create();
    static final MutableClock CLOCK = ConveyorTestApp.clock();
    static final DropwizardAppExtension<ConveyorConfiguration> APP = ConveyorTestApp.extension(DB, CLOCK);
    static final Api API = new Api(APP);

    @AfterAll
    static void dropDatabase() {
        DB.close();
    }

    @Test
    void createAnswers201EchoingTheFilters() {
        API.createTopic("echo-t");
        API.createQueue("echo-q");

        JsonNode sub = API.post(
                        "/v1/subscriptions",
                        "{\"id\": \"echo-s\", \"topic_id\": \"echo-t\","
                                + " \"queue_id\": \"echo-q\", \"message_filters\": {\"status\": [\"processed\", \"paid\"], \"region\": [\"eu\"]}}")
                .expect(201);

        assertThat(sub.get("id").asText()).isEqualTo("echo-s");
        assertThat(sub.get("topic_id").asText()).isEqualTo("echo-t");
        assertThat(sub.get("queue_id").asText()).isEqualTo("echo-q");
        assertThat(sub.get("message_filters"))
                .isEqualTo(Api.parse("{\"status\": [\"processed\", \"paid\"], \"region\": [\"eu\"]}"));
        assertThat(Api.timestamp(sub.get("created_at"))).isEqualTo(CLOCK.instant());
        assertThat(API.get("/v1/subscriptions/echo-s").expect(200)).isEqualTo(sub);
    }

    @Test
    void aSubscriptionWithoutFiltersIsCreated() {
        API.createTopic("nofilter-t");
        API.createQueue("nofilter-q1");
        API.createQueue("nofilter-q2");

        API.post(
                        "/v1/subscriptions",
                        "{\"id\": \"nofilter-s1\", \"topic_id\": \"nofilter-t\", \"queue_id\": \"nofilter-q1\"}")
                .expect(201);
        API.subscribe("nofilter-s2", "nofilter-t", "nofilter-q2", "{}");

        JsonNode published = API.publishToTopic("nofilter-t", "{\"body\": 1, \"attributes\": {\"k\": \"v\"}}");
        assertThat(Api.texts(published.get(0).get("queue_ids")))
                .containsExactlyInAnyOrder("nofilter-q1", "nofilter-q2");
    }

    @Test
    void aMissingTopicOrQueueIs404NamingItAndCreatesNothing() {
        API.createTopic("missing-t");
        API.createQueue("missing-q");

        assertThat(API.post(
                                "/v1/subscriptions",
                                "{\"id\": \"missing-s\", \"topic_id\": \"no-topic\", \"queue_id\": \"missing-q\"}")
                        .error(404))
                .contains("no-topic");
        assertThat(API.post(
                                "/v1/subscriptions",
                                "{\"id\": \"missing-s\", \"topic_id\": \"missing-t\", \"queue_id\": \"no-queue\"}")
                        .error(404))
                .contains("no-queue");
        assertThat(API.get("/v1/subscriptions/missing-s").status()).isEqualTo(404);
    }

    @Test
    void anIdThatExistsAlreadyIs409NamingIt() {
        API.createTopic("dupid-t");
        API.createQueue("dupid-q1");
        API.createQueue("dupid-q2");
        JsonNode first = API.subscribe("dupid-s", "dupid-t", "dupid-q1", "null");

        assertThat(API.post(
                                "/v1/subscriptions",
                                "{\"id\": \"dupid-s\", \"topic_id\": \"dupid-t\", \"queue_id\": \"dupid-q2\"}")
                        .error(409))
                .contains("dupid-s");
        assertThat(API.get("/v1/subscriptions/dupid-s").expect(200)).isEqualTo(first);
        assertThat(API.get("/v1/subscriptions?queue_id=dupid-q2").expect(200).get("data"))
                .isEmpty();
    }

    @Test
    void aSecondSubscriptionForTheSameTopicAndQueueIs409() {
        API.createTopic("pair-t");
        API.createQueue("pair-q");
        API.subscribe("pair-s1", "pair-t", "pair-q", "{\"a\": [\"1\"]}");

        String message = API.post(
                        "/v1/subscriptions",
                        "{\"id\": \"pair-s2\", \"topic_id\": \"pair-t\", \"queue_id\": \"pair-q\", \"message_filters\": {\"a\": [\"2\"]}}")
                .error(409);

        assertThat(message).contains("pair-t").contains("pair-q");
        assertThat(API.get("/v1/subscriptions/pair-s2").status()).isEqualTo(404);
    }

    @Test
    void aFilterWithAnEmptyListOfValuesIs422NamingItAndCreatesNothing() {
        API.createTopic("badf-t");
        API.createQueue("badf-q");

        List<String> errors = API.post(
                        "/v1/subscriptions",
                        "{\"id\": \"badf-s\", \"topic_id\": \"badf-t\","
                                + " \"queue_id\": \"badf-q\", \"message_filters\": {\"status\": []}}")
                .errors();

        assertThat(errors)
                .anySatisfy(e -> assertThat(e).contains("message_filters").contains("status"));
        assertThat(API.get("/v1/subscriptions/badf-s").status()).isEqualTo(404);
    }

    @Test
    void aFilterOfTheWrongShapeIs422() {
        API.createTopic("shape-t");
        API.createQueue("shape-q");

        assertThat(API.post(
                                "/v1/subscriptions",
                                "{\"id\": \"shape-s\", \"topic_id\": \"shape-t\","
                                        + " \"queue_id\": \"shape-q\", \"message_filters\": {\"status\": \"paid\"}}")
                        .errors())
                .anySatisfy(e -> assertThat(e).contains("message_filters"));
        assertThat(API.post(
                                "/v1/subscriptions",
                                "{\"id\": \"shape-s\", \"topic_id\": \"shape-t\","
                                        + " \"queue_id\": \"shape-q\", \"message_filters\": {\"status\": [1]}}")
                        .errors())
                .anySatisfy(e -> assertThat(e).contains("message_filters"));
        assertThat(API.get("/v1/subscriptions/shape-s").status()).isEqualTo(404);
    }

    @Test
    void anInvalidSubscriptionNameIs422NamingTheId() {
        API.createTopic("badname-t");
        API.createQueue("badname-q");

        assertThat(API.post(
                                "/v1/subscriptions",
                                "{\"id\": \"-bad\", \"topic_id\": \"badname-t\", \"queue_id\": \"badname-q\"}")
                        .errors())
                .anySatisfy(e -> assertThat(e).startsWith("id "));
        assertThat(API.post("/v1/subscriptions", "{\"topic_id\": \"badname-t\", \"queue_id\": \"badname-q\"}")
                        .errors())
                .anySatisfy(e -> assertThat(e).contains("id"));
        assertThat(API.get("/v1/subscriptions?topic_id=badname-t").expect(200).get("data"))
                .isEmpty();
    }

    /** README: "Bounds and names are checked all at once" — a bad filter does not hide a bad name. */
    @Test
    void aBadNameAndABadFilterAreListedTogether() {
        API.createTopic("together-t");
        API.createQueue("together-q");

        List<String> errors = API.post(
                        "/v1/subscriptions",
                        "{\"id\": \"-bad\", \"topic_id\": \"together-t\","
                                + " \"queue_id\": \"together-q\", \"message_filters\": {\"status\": []}}")
                .errors();

        assertThat(errors).anySatisfy(e -> assertThat(e).startsWith("id "));
        assertThat(errors).anySatisfy(e -> assertThat(e).contains("message_filters"));
    }

    @Test
    void anUnknownFieldIs400NamingIt() {
        API.createTopic("unknown-t");
        API.createQueue("unknown-q");

        assertThat(API.post(
                                "/v1/subscriptions",
                                "{\"id\": \"unknown-s\", \"topic_id\": \"unknown-t\","
                                        + " \"queue_id\": \"unknown-q\", \"message_filter\": {}}")
                        .error(400))
                .contains("message_filter");
        assertThat(API.get("/v1/subscriptions/unknown-s").status()).isEqualTo(404);
    }

    @Test
    void getOfAMissingSubscriptionIs404NamingIt() {
        assertThat(API.get("/v1/subscriptions/no-such-sub").error(404)).contains("no-such-sub");
    }

    @Test
    void theListFiltersByTopicAndByQueueOrderedByIdWithPaging() {
        API.createTopic("lst-t1");
        API.createTopic("lst-t2");
        API.createQueue("lst-q1");
        API.createQueue("lst-q2");
        API.subscribe("lst-s-d", "lst-t1", "lst-q1", "null");
        API.subscribe("lst-s-b", "lst-t1", "lst-q2", "null");
        API.subscribe("lst-s-c", "lst-t2", "lst-q1", "null");
        API.subscribe("lst-s-a", "lst-t2", "lst-q2", "null");

        JsonNode byTopic = API.get("/v1/subscriptions?topic_id=lst-t1").expect(200);
        assertThat(byTopic.properties())
                .extracting(e -> e.getKey())
                .containsExactlyInAnyOrder("data", "limit", "offset");
        assertThat(ids(byTopic)).containsExactly("lst-s-b", "lst-s-d");
        assertThat(ids(API.get("/v1/subscriptions?queue_id=lst-q1").expect(200)))
                .containsExactly("lst-s-c", "lst-s-d");
        assertThat(ids(API.get("/v1/subscriptions?topic_id=lst-t2&queue_id=lst-q2")
                        .expect(200)))
                .containsExactly("lst-s-a");
        assertThat(ids(API.get("/v1/subscriptions?topic_id=nothing-here").expect(200)))
                .isEmpty();

        List<String> all = ids(API.get("/v1/subscriptions?limit=1000").expect(200));
        assertThat(all).isSortedAccordingTo(String::compareTo);
        assertThat(all.stream().filter(id -> id.startsWith("lst-")).toList())
                .containsExactly("lst-s-a", "lst-s-b", "lst-s-c", "lst-s-d");

        JsonNode page =
                API.get("/v1/subscriptions?topic_id=lst-t2&limit=1&offset=1").expect(200);
        assertThat(page.get("limit").asInt()).isEqualTo(1);
        assertThat(page.get("offset").asInt()).isEqualTo(1);
        assertThat(ids(page)).containsExactly("lst-s-c");
        JsonNode one = page.get("data").get(0);
        assertThat(one.get("topic_id").asText()).isEqualTo("lst-t2");
        assertThat(one.get("queue_id").asText()).isEqualTo("lst-q1");
        assertThat(API.get("/v1/subscriptions?limit=0").errors())
                .anySatisfy(e -> assertThat(e).contains("limit"));
    }

    @Test
    void deleteAnswers204ThenTheSubscriptionIsGoneAndNoLongerRoutes() {
        API.createTopic("del-t");
        API.createQueue("del-q");
        API.subscribe("del-s", "del-t", "del-q", "null");

        assertThat(API.delete("/v1/subscriptions/del-s").expect(204)).isNull();

        assertThat(API.get("/v1/subscriptions/del-s").error(404)).contains("del-s");
        assertThat(API.delete("/v1/subscriptions/del-s").error(404)).contains("del-s");
        assertThat(API.get("/v1/topics/del-t").status()).isEqualTo(200);
        assertThat(API.get("/v1/queues/del-q").status()).isEqualTo(200);
        assertThat(API.publishToTopic("del-t", "{\"body\": 1}").get(0).get("queue_ids"))
                .isEmpty();
        // The pair may be linked again once the old link is gone.
        API.subscribe("del-s2", "del-t", "del-q", "null");
    }

    private static List<String> ids(JsonNode page) {
        List<String> ids = new ArrayList<>();
        page.get("data").forEach(s -> ids.add(s.get("id").asText()));
        return ids;
    }
}
