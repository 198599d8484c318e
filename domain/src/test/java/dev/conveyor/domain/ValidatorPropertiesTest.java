package dev.conveyor.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Assume;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;

/**
 * The validators over generated input: every value inside a bound is accepted, every value outside it is
 * refused with an error naming the field, and a refusal never lets anything through half-checked.
 */
class ValidatorPropertiesTest {

    @Property
    void namesOfTheAllowedCharactersUpTo128AreValid(@ForAll("validNames") String name) {
        assertThat(Names.isValid(name)).isTrue();
    }

    @Property
    void aNameWithAnyOtherCharacterIsInvalid(
            @ForAll("validNames") String name, @ForAll char other, @ForAll @IntRange(min = 0, max = 127) int at) {
        Assume.that(!(Character.isLetterOrDigit(other) && other < 128) && other != '.' && other != '_' && other != '-');
        String bad =
                name.substring(0, Math.min(at, name.length())) + other + name.substring(Math.min(at, name.length()));

        assertThat(Names.isValid(bad)).isFalse();
        assertThatThrownBy(() -> Names.require("queue_id", bad))
                .isInstanceOf(ConveyorException.class)
                .hasMessageContaining("queue_id");
    }

    @Property
    void aNameOver128CharactersIsInvalid(
            @ForAll("validNames") String name, @ForAll @IntRange(min = 129, max = 10_000) int length) {
        assertThat(Names.isValid(name.charAt(0) + "a".repeat(length - 1))).isFalse();
    }

    @Property
    void theAckDeadlineIsAcceptedExactlyFrom1To43200(@ForAll int seconds) {
        boolean inside = seconds >= 1 && seconds <= QueueSettings.MAX_ACK_DEADLINE_SECONDS;
        assertBound(
                inside,
                "ack_deadline_seconds",
                () -> QueueSettings.withDefaults(seconds, null, null, null, null, null, null, null));
    }

    @Property
    void theRetentionIsAcceptedExactlyFrom60To1209600(@ForAll int seconds) {
        boolean inside = seconds >= 60 && seconds <= QueueSettings.DEFAULT_RETENTION_SECONDS;
        assertBound(
                inside,
                "message_retention_seconds",
                () -> QueueSettings.withDefaults(null, seconds, null, null, null, null, null, null));
    }

    @Property
    void theDelaysAreAcceptedExactlyFrom0To900(@ForAll int seconds) {
        boolean inside = seconds >= 0 && seconds <= QueueSettings.MAX_DELAY_SECONDS;
        assertBound(
                inside,
                "delivery_delay_seconds",
                () -> QueueSettings.withDefaults(null, null, seconds, null, null, null, null, null));
        assertBound(inside, "delay_seconds", () -> new NewMessage("1", Map.of(), null, seconds));
    }

    @Property
    void maxDeliveriesIsAcceptedExactlyFrom1To1000(@ForAll int deliveries) {
        boolean inside = deliveries >= 1 && deliveries <= 1000;
        assertBound(
                inside,
                "max_deliveries",
                () -> QueueSettings.withDefaults(null, null, null, deliveries, null, null, null, null));
    }

    @Property
    void backoffNeedsMinAtMostMaxBothWithinBounds(@ForAll int min, @ForAll int max) {
        boolean inside = min >= 0 && max >= 0 && min <= max && max <= QueueSettings.MAX_ACK_DEADLINE_SECONDS;
        assertBound(
                inside, "backoff_m", () -> QueueSettings.withDefaults(null, null, null, null, null, min, max, null));
    }

    @Property
    void capacityIsAcceptedFrom1(@ForAll long capacity) {
        assertBound(
                capacity >= 1,
                "max_messages",
                () -> QueueSettings.withDefaults(null, null, null, null, null, null, null, capacity));
    }

    @Property
    void attributesAreAcceptedWithinTheirBounds(@ForAll("attributeMaps") Map<String, String> attributes) {
        boolean inside = attributes.size() <= Attributes.MAX_KEYS
                && attributes.keySet().stream().allMatch(k -> !k.isEmpty() && k.length() <= Attributes.MAX_KEY_LENGTH)
                && attributes.values().stream().allMatch(v -> v.length() <= Attributes.MAX_VALUE_LENGTH);
        assertBound(inside, "attributes", () -> new NewMessage("1", attributes, null, null));
    }

    @Property
    void labelsAreAcceptedFrom1To128Characters(@ForAll @IntRange(min = 0, max = 300) int length) {
        assertBound(
                length >= 1 && length <= NewMessage.MAX_LABEL_LENGTH,
                "label",
                () -> new NewMessage("1", Map.of(), "l".repeat(length), null));
    }

    private static void assertBound(boolean inside, String field, Runnable make) {
        if (inside) {
            make.run();
        } else {
            assertThatThrownBy(make::run)
                    .isInstanceOf(ConveyorException.class)
                    .satisfies(
                            e -> assertThat(((ConveyorException) e).errors()).anyMatch(error -> error.contains(field)));
        }
    }

    @Provide
    Arbitrary<String> validNames() {
        return Arbitraries.strings()
                .withCharRange('a', 'z')
                .withCharRange('A', 'Z')
                .withCharRange('0', '9')
                .ofLength(1)
                .flatMap(first -> Arbitraries.strings()
                        .withCharRange('a', 'z')
                        .withCharRange('0', '9')
                        .withChars("._-")
                        .ofMaxLength(127)
                        .map(rest -> first + rest));
    }

    @Provide
    Arbitrary<Map<String, String>> attributeMaps() {
        Arbitrary<String> keys = Arbitraries.strings().alpha().ofMinLength(0).ofMaxLength(140);
        Arbitrary<String> values = Arbitraries.strings().alpha().ofMaxLength(1100);
        return Arbitraries.maps(keys, values).ofMaxSize(40);
    }
}
