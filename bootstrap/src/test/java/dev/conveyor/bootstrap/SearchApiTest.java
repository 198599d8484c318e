package dev.conveyor.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.conveyor.application.fakes.MutableClock;
import dev.conveyor.postgres.testing.TestDatabase;
import io.dropwizard.testing.junit5.DropwizardAppExtension;
import io.dropwizard.testing.junit5.DropwizardExtensionsSupport;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Browse with search: attribute values, body text, a JSON path and a label, each alone and together, answered by
 * a plain read that leases nothing; hostile criteria (SQL and JSON-path metacharacters) are searched for as the
 * text they are, or refused with a 422 naming the criterion, and change nothing.
 */
@ExtendWith(DropwizardExtensionsSupport.class)
class SearchApiTest {
    static final TestDatabase DB = TestDatabase.create();
    static final MutableClock CLOCK = ConveyorTestApp.clock();
    static final DropwizardAppExtension<ConveyorConfiguration> APP = ConveyorTestApp.extension(DB, CLOCK);
    static final Api API = new Api(APP);

    static final String QUEUE = "search";
    static final String HOSTILE_TEXT = "it's \"quoted\" 100% _x_ \\ ; DROP TABLE messages; --";

    @BeforeAll
    static void publishTheMessagesSearched() {
        API.createQueue(QUEUE);
        API.publish(QUEUE, """
            [{"body": {"n": 1, "customer": {"tier": "gold"}, "total": 150}, "attributes": {"region": "eu", "kind": "order"}},
             {"body": {"n": 2, "customer": {"tier": "silver"}, "total": 50}, "attributes": {"region": "us", "kind": "order"}},
             {"body": {"n": 3, "note": "Hello World", "flag": false}, "attributes": {"region": "eu"}, "label": "urgent"},
             {"body": {"n": 4, "items": [{"sku": "A-1"}, {"sku": "B-2"}]}, "attributes": {"region": "apac", "kind": "refund"}}]
            """);
        API.publish(
                QUEUE,
                "{\"body\": {\"n\": 5, \"s\": " + Api.array(HOSTILE_TEXT).replaceAll("^\\[|]$", "")
                        + "}, \"attributes\": {\"k'\\\"; --\": \"" + "v' OR '1'='1" + "\"}}");
        API.createQueue("elsewhere");
        API.publish(
                "elsewhere",
                "{\"body\": {\"n\": 99, \"customer\": {\"tier\": \"gold\"}}, \"attributes\": {\"region\": \"eu\"}}");
    }

    @AfterAll
    static void dropDatabase() {
        DB.close();
    }

    private static String query(String... nameValuePairs) {
        List<String> parts = new ArrayList<>();
        for (int i = 0; i < nameValuePairs.length; i += 2) {
            parts.add(URLEncoder.encode(nameValuePairs[i], StandardCharsets.UTF_8) + "="
                    + URLEncoder.encode(nameValuePairs[i + 1], StandardCharsets.UTF_8));
        }
        return "/v1/queues/" + QUEUE + "/messages?" + String.join("&", parts);
    }

    /** The n of each message found, in the order answered. */
    private static List<Integer> found(String... nameValuePairs) {
        JsonNode page = API.get(query(nameValuePairs)).expect(200);
        List<Integer> ns = new ArrayList<>();
        page.get("data").forEach(m -> ns.add(m.get("body").get("n").asInt()));
        return ns;
    }

    @Test
    void attributeValuesAreSearchedAsASubscriptionFilters() {
        assertThat(found("attribute.region", "eu")).containsExactly(1, 3);
        assertThat(found("attribute.region", "eu", "attribute.region", "apac"))
                .as("a key repeated: any of its values")
                .containsExactly(1, 3, 4);
        assertThat(found("attribute.region", "eu", "attribute.kind", "order"))
                .as("several keys: all of them")
                .containsExactly(1);
        assertThat(found("attribute.missing", "x")).isEmpty();
    }

    @Test
    void textIsACaseInsensitiveSubstringOfTheBody() {
        assertThat(found("text", "hello world")).containsExactly(3);
        assertThat(found("text", "\"tier\":\"gold\""))
                .as("the body's JSON text")
                .containsExactly(1);
    }

    @Test
    void aJsonPathSelectsTheBodiesItYieldsSomethingFromAndAPredicateThoseItHoldsFor() {
        assertThat(found("json_path", "$.customer.tier")).containsExactly(1, 2);
        assertThat(found("json_path", "$.total > 100")).containsExactly(1);
        assertThat(found("json_path", "$.customer ? (@.tier == \"silver\")")).containsExactly(2);
        assertThat(found("json_path", "$.items[*] ? (@.sku starts with \"B\")")).containsExactly(4);
        assertThat(found("json_path", "$.flag"))
                .as("an item false does not select")
                .isEmpty();
        assertThat(found("json_path", "strict $.total.nothing"))
                .as("a path that does not fit selects nothing")
                .isEmpty();
    }

    @Test
    void criteriaCombineAndPageLikeABrowse() {
        assertThat(found("label", "urgent")).containsExactly(3);
        assertThat(found("attribute.region", "eu", "json_path", "$.note", "text", "WORLD", "label", "urgent"))
                .containsExactly(3);
        assertThat(found("attribute.region", "eu", "attribute.region", "us", "limit", "1", "offset", "1"))
                .containsExactly(2);
    }

    @Test
    void hostileCriteriaAreSearchedForAsTheTextTheyAre() {
        String literal = Api.array(HOSTILE_TEXT).replaceAll("^\\[|]$", "");
        String asJsonText = literal.substring(1, literal.length() - 1);
        assertThat(found("text", asJsonText))
                .as("the body's JSON text, quotes escaped")
                .containsExactly(5);
        assertThat(found("text", "; DROP TABLE messages; --")).containsExactly(5);
        assertThat(found("text", "%")).as("no LIKE wildcard").containsExactly(5);
        assertThat(found("text", "_x_")).containsExactly(5);
        assertThat(found("text", "' OR 1=1 --")).isEmpty();
        assertThat(found("attribute.k'\"; --", "v' OR '1'='1")).containsExactly(5);
        assertThat(found("attribute.region", "' OR '1'='1")).isEmpty();
        assertThat(found("json_path", "$.s == " + literal)).containsExactly(5);
        assertThat(found("json_path", "$.s like_regex \"DROP.*messages\"")).containsExactly(5);
        assertThat(API.browse(QUEUE)).as("nothing changed").hasSize(5);
    }

    @Test
    void aJsonPathPostgresCannotReadIsRefusedNamingIt() {
        for (String path :
                List.of("$.total >", "'; DROP TABLE messages; --", "$.s like_regex \"(\"", "$ ? (@ == ", "\" OR 1=1")) {
            assertThat(API.get(query("json_path", path)).errors())
                    .as("json_path %s", path)
                    .singleElement()
                    .satisfies(e -> assertThat(e).startsWith("json_path is not a valid SQL/JSON path: "));
        }
        assertThat(API.browse(QUEUE)).as("nothing changed").hasSize(5);
    }

    @Test
    void everyBadCriterionIsNamedAtOnceAndAnUnknownParameterIsRefused() {
        assertThat(API.get(query("text", "x".repeat(1025), "attribute.", "v", "limit", "0"))
                        .errors())
                .containsExactlyInAnyOrder(
                        "limit must be between 1 and 1000",
                        "text must be 1 to 1024 characters",
                        "attribute.: attribute keys are 1 to 128 characters");
        assertThat(API.get(query("txt", "hello")).errors())
                .containsExactly("unknown query parameter txt; a browse takes limit, offset, text, json_path, label "
                        + "and attribute.<key>");
    }

    @Test
    void searchingLeasesNothing() {
        found("attribute.region", "eu");
        found("json_path", "$.n");

        JsonNode all = API.browse(QUEUE);
        all.forEach(m -> assertThat(m.get("delivery_attempts").asInt()).isZero());
        assertThat(API.stats(QUEUE).get("in_flight").asInt()).isZero();
    }

    @Test
    void oneMessageIsReadByIdInTheBrowseShape() {
        JsonNode first = API.browse(QUEUE).get(0);
        String id = first.get("id").asText();

        assertThat(API.get("/v1/queues/" + QUEUE + "/messages/" + id).expect(200))
                .isEqualTo(first);
        assertThat(API.get("/v1/queues/elsewhere/messages/" + id).error(404)).contains(id);
        assertThat(API.get("/v1/queues/" + QUEUE + "/messages/01890a5d-ac96-774b-bcce-b302099a8057")
                        .error(404))
                .contains("01890a5d-ac96-774b-bcce-b302099a8057");
        assertThat(API.get("/v1/queues/" + QUEUE + "/messages/not-a-uuid").error(404))
                .contains("not-a-uuid");
        assertThat(API.get("/v1/queues/nowhere/messages/" + id).error(404)).contains("nowhere");
    }
}
