package dev.conveyor.domain;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Assume;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * The filter rule (AND across keys, OR within a key, equality of whole strings) over generated attributes and
 * filters, with SQL and regex wildcards, escapes and non-ASCII characters among the generated text.
 */
class MessageFilterPropertiesTest {

    @Property
    void theEmptyFilterMatchesEveryMessage(@ForAll("attributes") Map<String, String> attributes) {
        assertThat(MessageFilter.everything().matches(attributes)).isTrue();
    }

    @Property
    void aFilterMadeOfAMessagesOwnAttributesMatchesIt(
            @ForAll("attributes") Map<String, String> attributes, @ForAll("texts") List<String> otherValues) {
        Map<String, List<String>> criteria = new LinkedHashMap<>();
        attributes.forEach((key, value) -> {
            List<String> values = new ArrayList<>(otherValues);
            values.add(value);
            Collections.shuffle(values);
            criteria.put(key, values);
        });

        assertThat(new MessageFilter(criteria).matches(attributes)).isTrue();
    }

    @Property
    void oneKeyWithoutTheMessagesValueIsEnoughToRefuseIt(
            @ForAll("attributes") Map<String, String> attributes,
            @ForAll("text") String key,
            @ForAll("texts") List<String> values) {
        Assume.that(!values.contains(attributes.get(key)));
        Map<String, List<String>> criteria = new LinkedHashMap<>();
        attributes.forEach((k, v) -> criteria.put(k, List.of(v)));
        criteria.put(key, values);

        assertThat(new MessageFilter(criteria).matches(attributes)).isFalse();
    }

    @Property
    void valuesAreComparedWholeAndLiterally(
            @ForAll("text") String key, @ForAll("text") String wanted, @ForAll("text") String actual) {
        Assume.that(!wanted.equals(actual));

        assertThat(new MessageFilter(Map.of(key, List.of(wanted))).matches(Map.of(key, actual)))
                .isFalse();
        assertThat(new MessageFilter(Map.of(key, List.of(wanted))).matches(Map.of(key, wanted)))
                .isTrue();
    }

    @Property
    void theOrderOfKeysAndValuesDoesNotMatter(
            @ForAll("criteria") Map<String, List<String>> criteria,
            @ForAll("attributes") Map<String, String> attributes) {
        Map<String, List<String>> reordered = new HashMap<>();
        List<String> keys = new ArrayList<>(criteria.keySet());
        Collections.reverse(keys);
        for (String key : keys) {
            List<String> values = new ArrayList<>(criteria.get(key));
            Collections.reverse(values);
            reordered.put(key, values);
        }

        assertThat(new MessageFilter(reordered).matches(attributes))
                .isEqualTo(new MessageFilter(criteria).matches(attributes));
    }

    @Property
    void matchingIsTheRuleAsWritten(
            @ForAll("criteria") Map<String, List<String>> criteria,
            @ForAll("attributes") Map<String, String> attributes) {
        boolean expected = criteria.entrySet().stream()
                .allMatch(
                        c -> attributes.containsKey(c.getKey()) && c.getValue().contains(attributes.get(c.getKey())));

        assertThat(new MessageFilter(criteria).matches(attributes)).isEqualTo(expected);
    }

    /** Short strings over an alphabet heavy in wildcards and escapes, so that collisions and near misses occur. */
    @Provide
    Arbitrary<String> text() {
        return Arbitraries.strings()
                .withChars("ab%_\\*.?[]^$'\"é中")
                .ofMinLength(1)
                .ofMaxLength(4);
    }

    @Provide
    Arbitrary<List<String>> texts() {
        return text().list().ofMinSize(1).ofMaxSize(5);
    }

    @Provide
    Arbitrary<Map<String, String>> attributes() {
        return Arbitraries.maps(text(), text()).ofMaxSize(6);
    }

    @Provide
    Arbitrary<Map<String, List<String>>> criteria() {
        return Arbitraries.maps(text(), texts()).ofMaxSize(4);
    }
}
