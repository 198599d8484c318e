package dev.conveyor.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

class MessageFilterTest {

    @Test
    void matchesWhenEveryKeyHasOneOfItsValues() {
        MessageFilter filter = new MessageFilter(Map.of(
                "status", List.of("processed", "paid"),
                "region", List.of("eu")));

        assertThat(filter.matches(Map.of("status", "paid", "region", "eu"))).isTrue();
        assertThat(filter.matches(Map.of("status", "processed", "region", "eu", "extra", "ignored")))
                .isTrue();
    }

    @Test
    void refusesWhenAKeyIsMissing() {
        MessageFilter filter = new MessageFilter(Map.of("status", List.of("paid"), "region", List.of("eu")));

        assertThat(filter.matches(Map.of("status", "paid"))).isFalse();
        assertThat(filter.matches(Map.of())).isFalse();
    }

    @Test
    void requiresEveryKeyToMatch() {
        MessageFilter filter = new MessageFilter(Map.of("status", List.of("paid"), "region", List.of("eu")));

        assertThat(filter.matches(Map.of("status", "paid", "region", "us"))).isFalse();
        assertThat(filter.matches(Map.of("status", "open", "region", "eu"))).isFalse();
    }

    @Test
    void acceptsAnyOfSeveralValuesOfOneKey() {
        MessageFilter filter = new MessageFilter(Map.of("status", List.of("processed", "paid", "shipped")));

        assertThat(filter.matches(Map.of("status", "processed"))).isTrue();
        assertThat(filter.matches(Map.of("status", "shipped"))).isTrue();
        assertThat(filter.matches(Map.of("status", "cancelled"))).isFalse();
    }

    @Test
    void comparesValuesExactlyAndCaseSensitively() {
        MessageFilter filter = new MessageFilter(Map.of("status", List.of("paid")));

        assertThat(filter.matches(Map.of("status", "PAID"))).isFalse();
        assertThat(filter.matches(Map.of("status", "paid "))).isFalse();
        assertThat(filter.matches(Map.of("Status", "paid"))).isFalse();
    }

    @Test
    void emptyFilterMatchesEverything() {
        assertThat(new MessageFilter(Map.of()).matches(Map.of())).isTrue();
        assertThat(new MessageFilter(Map.of()).matches(Map.of("a", "b"))).isTrue();
        assertThat(MessageFilter.everything().matches(Map.of("a", "b"))).isTrue();
    }

    @Test
    void nullFilterMatchesEverything() {
        MessageFilter filter = new MessageFilter(null);

        assertThat(filter.criteria()).isEmpty();
        assertThat(filter.matches(Map.of())).isTrue();
        assertThat(filter.matches(Map.of("a", "b"))).isTrue();
    }

    @Test
    void refusesAKeyWithNoValues() {
        Map<String, List<String>> criteria = Map.of("status", List.of());

        assertThatThrownBy(() -> new MessageFilter(criteria)).isInstanceOfSatisfying(ConveyorException.class, e -> {
            assertThat(e.kind()).isEqualTo(ConveyorException.Kind.INVALID);
            assertThat(e.errors()).containsExactly("message_filters.status must list at least one value");
        });
    }

    @Test
    void refusesAKeyWithANullValueList() {
        Map<String, List<String>> criteria = new HashMap<>();
        criteria.put("status", null);

        assertThatThrownBy(() -> new MessageFilter(criteria)).isInstanceOfSatisfying(ConveyorException.class, e -> {
            assertThat(e.kind()).isEqualTo(ConveyorException.Kind.INVALID);
            assertThat(e.errors()).containsExactly("message_filters.status must list at least one value");
        });
    }

    @Test
    void refusesMoreThan32Keys() {
        Map<String, List<String>> criteria = new LinkedHashMap<>();
        for (int i = 0; i < 33; i++) {
            criteria.put("k" + i, List.of("v"));
        }

        assertThatThrownBy(() -> new MessageFilter(criteria)).isInstanceOfSatisfying(ConveyorException.class, e -> {
            assertThat(e.kind()).isEqualTo(ConveyorException.Kind.INVALID);
            assertThat(e.errors()).containsExactly("message_filters must have at most 32 keys");
        });
    }

    @Test
    void accepts32Keys() {
        Map<String, List<String>> criteria = new LinkedHashMap<>();
        for (int i = 0; i < 32; i++) {
            criteria.put("k" + i, List.of("v"));
        }

        assertThat(new MessageFilter(criteria).criteria()).hasSize(32);
    }

    @Test
    void refusesEmptyAndOverlongKeysAndValuesNamingTheField() {
        Map<String, List<String>> criteria = new LinkedHashMap<>();
        criteria.put("", List.of("v"));
        criteria.put("k".repeat(129), List.of("v"));
        criteria.put("long", List.of("v".repeat(1025)));

        assertThatThrownBy(() -> new MessageFilter(criteria)).isInstanceOfSatisfying(ConveyorException.class, e -> {
            assertThat(e.kind()).isEqualTo(ConveyorException.Kind.INVALID);
            assertThat(e.errors())
                    .hasSize(3)
                    .allSatisfy(error -> assertThat(error).startsWith("message_filters"));
            assertThat(e.errors()).contains("message_filters.long values must be strings of at most 1024 characters");
        });
    }

    @Test
    void refusesANullValue() {
        assertThatThrownBy(() -> new MessageFilter(Map.of("status", Arrays.asList("paid", null))))
                .isInstanceOfSatisfying(
                        ConveyorException.class,
                        e -> assertThat(e.errors())
                                .containsExactly(
                                        "message_filters.status values must be strings of at most 1024 characters"));
    }

    @Test
    void reportsEveryBrokenRuleAtOnce() {
        Map<String, List<String>> criteria = new LinkedHashMap<>();
        criteria.put("a", List.of());
        criteria.put("b", List.of());

        assertThatThrownBy(() -> new MessageFilter(criteria))
                .isInstanceOfSatisfying(
                        ConveyorException.class,
                        e -> assertThat(e.errors())
                                .containsExactly(
                                        "message_filters.a must list at least one value",
                                        "message_filters.b must list at least one value"));
    }

    @Test
    void keepsACopyThatTheCallerCannotChange() {
        Map<String, List<String>> criteria = new HashMap<>();
        List<String> values = new ArrayList<>(List.of("paid"));
        criteria.put("status", values);
        MessageFilter filter = new MessageFilter(criteria);

        values.add("open");
        criteria.put("region", List.of("eu"));

        assertThat(filter.criteria()).containsExactly(Map.entry("status", List.of("paid")));
        assertThatThrownBy(() -> filter.criteria().put("x", List.of("y")))
                .isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void dropsDuplicateValues() {
        MessageFilter filter = new MessageFilter(Map.of("status", List.of("paid", "paid", "open")));

        assertThat(filter.criteria().get("status")).containsExactly("paid", "open");
    }

    /** Random attribute maps and filters over small alphabets, so that matches and misses both occur often. */
    @Test
    void agreesWithAnIndependentOracleOnRandomCases() {
        Random random = new Random(20240917L);
        String[] keys = {"a", "b", "c", "d"};
        String[] values = {"x", "y", "z"};
        int matched = 0;
        int cases = 5000;
        for (int i = 0; i < cases; i++) {
            Map<String, String> attributes = new HashMap<>();
            for (String key : keys) {
                if (random.nextInt(3) > 0) {
                    attributes.put(key, values[random.nextInt(values.length)]);
                }
            }
            Map<String, List<String>> criteria = new HashMap<>();
            for (String key : keys) {
                if (random.nextInt(3) == 0) {
                    List<String> allowed = new ArrayList<>();
                    for (String value : values) {
                        if (random.nextBoolean()) {
                            allowed.add(value);
                        }
                    }
                    if (allowed.isEmpty()) {
                        allowed.add(values[random.nextInt(values.length)]);
                    }
                    criteria.put(key, allowed);
                }
            }

            boolean expected = oracle(criteria, attributes);
            assertThat(new MessageFilter(criteria).matches(attributes))
                    .as("filter %s on attributes %s", criteria, attributes)
                    .isEqualTo(expected);
            if (expected) {
                matched++;
            }
        }
        // Both outcomes must be well represented, or the property says little.
        assertThat(matched).isBetween(cases / 10, cases - cases / 10);
    }

    /** Written without looking at the implementation: a message is refused by the first key it fails. */
    private static boolean oracle(Map<String, List<String>> criteria, Map<String, String> attributes) {
        return criteria.entrySet().stream()
                .allMatch(c -> attributes.containsKey(c.getKey())
                        && c.getValue().stream().anyMatch(v -> v.equals(attributes.get(c.getKey()))));
    }
}
