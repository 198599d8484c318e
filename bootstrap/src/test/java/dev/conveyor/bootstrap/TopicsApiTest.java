package dev.conveyor.bootstrap;

import static dev.conveyor.bootstrap.Api.j;
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
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** {@code /v1/topics}: create, read, list, delete, end to end over HTTP. */
@ExtendWith(DropwizardExtensionsSupport.class)
class TopicsApiTest {
    static final TestDatabase DB = TestDatabase.create();
    static final MutableClock CLOCK = ConveyorTestApp.clock();
    static final DropwizardAppExtension<ConveyorConfiguration> APP = ConveyorTestApp.extension(DB, CLOCK);
    static final Api API = new Api(APP);

    @AfterAll
    static void dropDatabase() {
        DB.close();
    }

    @Test
    void createAnswers201WithTheIdAndAnRfc3339CreationTime() {
        JsonNode topic = API.post("/v1/topics", "{\"id\": \"orders\"}").expect(201);

        assertThat(topic.get("id").asText()).isEqualTo("orders");
        assertThat(Api.timestamp(topic.get("created_at"))).isEqualTo(CLOCK.instant());
        assertThat(topic.properties()).extracting(e -> e.getKey()).containsExactlyInAnyOrder("id", "created_at");
        assertThat(API.get("/v1/topics/orders").expect(200)).isEqualTo(topic);
    }

    @Test
    void aTopicThatExistsAlreadyIs409NamingIt() {
        API.createTopic("dup-topic");
        JsonNode before = API.get("/v1/topics/dup-topic").expect(200);
        CLOCK.advance(java.time.Duration.ofSeconds(1));

        String message = API.post("/v1/topics", "{\"id\": \"dup-topic\"}").error(409);

        assertThat(message).contains("dup-topic");
        assertThat(API.get("/v1/topics/dup-topic").expect(200)).isEqualTo(before);
    }

    @Test
    void namesAreCaseSensitive() {
        API.createTopic("Case-topic");
        API.createTopic("case-topic");
        assertThat(API.get("/v1/topics/Case-topic").expect(200).get("id").asText())
                .isEqualTo("Case-topic");
        assertThat(API.get("/v1/topics/CASE-topic").status()).isEqualTo(404);
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "",
                "a23456789a123456789a123456789a123456789a123456789a123456789a123456789a123456789a123456789a123456789"
                        + "a123456789a123456789a12345678X", // 129 characters
                "-leading-dash",
                ".leading-dot",
                "has space",
                "a/b",
                "caf\u00e9"
            })
    void anInvalidNameIs422NamingTheIdAndCreatesNothing(String name) {
        List<String> errors = API.post("/v1/topics", j("{'id': %s}", Api.JSON.valueToTree(name)))
                .errors();

        assertThat(errors).anySatisfy(e -> assertThat(e).startsWith("id "));
        assertThat(names(API.get("/v1/topics?limit=1000").expect(200))).doesNotContain(name);
    }

    @Test
    void aMissingOrNonStringIdIs422NamingIt() {
        assertThat(API.post("/v1/topics", "{}").errors())
                .anySatisfy(e -> assertThat(e).contains("id"));
        assertThat(API.post("/v1/topics", "{\"id\": 42}").errors())
                .anySatisfy(e -> assertThat(e).contains("id"));
    }

    @Test
    void namesOfOneAnd128AllowedCharactersAreAccepted() {
        String longest = "Z" + "a1._-".repeat(25) + "xy"; // 128 characters
        assertThat(longest).hasSize(128);
        assertThat(API.createTopic(longest).get("id").asText()).isEqualTo(longest);
        assertThat(API.createTopic("7").get("id").asText()).isEqualTo("7");
        assertThat(API.get("/v1/topics/" + longest).status()).isEqualTo(200);
    }

    @Test
    void anUnknownFieldIs400NamingItAndCreatesNothing() {
        String message = API.post("/v1/topics", "{\"id\": \"typo-topic\", \"colour\": \"red\"}")
                .error(400);
        assertThat(message).contains("colour");
        assertThat(API.get("/v1/topics/typo-topic").status()).isEqualTo(404);
    }

    @Test
    void getOfAMissingTopicIs404NamingIt() {
        assertThat(API.get("/v1/topics/no-such-topic").error(404)).contains("no-such-topic");
    }

    @Test
    void theListIsOrderedByNameByteByByteAndPages() {
        for (String name : List.of("lt-b", "lt-a", "lt-C", "lt-10", "lt-9", "lt-B")) {
            API.createTopic(name);
        }

        JsonNode all = API.get("/v1/topics?limit=1000").expect(200);
        List<String> names = names(all);
        assertThat(names).isSortedAccordingTo(String::compareTo); // ASCII names: byte order
        assertThat(names.stream().filter(n -> n.startsWith("lt-")).toList())
                .containsExactly("lt-10", "lt-9", "lt-B", "lt-C", "lt-a", "lt-b");

        int start = names.indexOf("lt-10");
        JsonNode page = API.get("/v1/topics?limit=2&offset=" + (start + 1)).expect(200);
        assertThat(page.properties()).extracting(e -> e.getKey()).containsExactlyInAnyOrder("data", "limit", "offset");
        assertThat(page.get("limit").asInt()).isEqualTo(2);
        assertThat(page.get("offset").asInt()).isEqualTo(start + 1);
        assertThat(names(page)).containsExactly("lt-9", "lt-B");
        for (JsonNode topic : page.get("data")) {
            assertThat(topic.properties()).extracting(e -> e.getKey()).containsExactlyInAnyOrder("id", "created_at");
            Api.timestamp(topic.get("created_at"));
        }

        JsonNode beyond = API.get("/v1/topics?offset=" + names.size()).expect(200);
        assertThat(beyond.get("data")).isEmpty();
    }

    @Test
    void theListDefaultsToLimit100AndOffset0() {
        JsonNode page = API.get("/v1/topics").expect(200);
        assertThat(page.get("limit").asInt()).isEqualTo(100);
        assertThat(page.get("offset").asInt()).isEqualTo(0);
        assertThat(page.get("data").isArray()).isTrue();
        assertThat(API.get("/v1/topics?limit=1000").expect(200).get("limit").asInt())
                .isEqualTo(1000);
        assertThat(API.get("/v1/topics?limit=1").expect(200).get("data").size()).isLessThanOrEqualTo(1);
    }

    @ParameterizedTest
    @ValueSource(strings = {"limit=0", "limit=1001", "limit=abc", "limit=-1", "offset=-1", "offset=abc"})
    void anInvalidPageIs422NamingTheParameter(String query) {
        String parameter = query.substring(0, query.indexOf('='));
        assertThat(API.get("/v1/topics?" + query).errors())
                .anySatisfy(e -> assertThat(e).contains(parameter));
    }

    @Test
    void deleteAnswers204ThenTheTopicIsGone() {
        API.createTopic("doomed-topic");

        assertThat(API.delete("/v1/topics/doomed-topic").expect(204)).isNull();

        assertThat(API.get("/v1/topics/doomed-topic").error(404)).contains("doomed-topic");
        assertThat(API.delete("/v1/topics/doomed-topic").error(404)).contains("doomed-topic");
        assertThat(names(API.get("/v1/topics?limit=1000").expect(200))).doesNotContain("doomed-topic");
    }

    @Test
    void deleteTakesTheTopicsSubscriptionsButLeavesItsQueuesAndTheirMessages() {
        API.createTopic("del-sub-topic");
        API.createTopic("del-sub-other");
        API.createQueue("del-sub-q1");
        API.createQueue("del-sub-q2");
        API.subscribe("del-sub-s1", "del-sub-topic", "del-sub-q1", "null");
        API.subscribe("del-sub-s2", "del-sub-topic", "del-sub-q2", "{}");
        API.subscribe("del-sub-keep", "del-sub-other", "del-sub-q1", "null");
        API.publishToTopic("del-sub-topic", "{\"body\": 1}");

        API.delete("/v1/topics/del-sub-topic").expect(204);

        assertThat(API.get("/v1/subscriptions/del-sub-s1").status()).isEqualTo(404);
        assertThat(API.get("/v1/subscriptions/del-sub-s2").status()).isEqualTo(404);
        assertThat(API.get("/v1/subscriptions?topic_id=del-sub-topic")
                        .expect(200)
                        .get("data"))
                .isEmpty();
        assertThat(API.get("/v1/subscriptions/del-sub-keep").status()).isEqualTo(200);
        assertThat(API.get("/v1/queues/del-sub-q1").status()).isEqualTo(200);
        assertThat(API.get("/v1/queues/del-sub-q2").status()).isEqualTo(200);
        assertThat(API.total("del-sub-q1")).isEqualTo(1);
        assertThat(API.total("del-sub-q2")).isEqualTo(1);
        // A topic of the same name starts without subscriptions.
        API.createTopic("del-sub-topic");
        assertThat(API.publishToTopic("del-sub-topic", "{\"body\": 2}").get(0).get("queue_ids"))
                .isEmpty();
    }

    private static List<String> names(JsonNode page) {
        List<String> names = new ArrayList<>();
        page.get("data").forEach(topic -> names.add(topic.get("id").asText()));
        return names;
    }
}
