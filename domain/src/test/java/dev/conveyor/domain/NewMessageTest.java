package dev.conveyor.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Test;

class NewMessageTest {
    private static final int LIMIT = 256 * 1024;

    private static NewMessage body(String body) {
        return new NewMessage(body, null, null, null);
    }

    private static NewMessage attributes(Map<String, String> attributes) {
        return new NewMessage("{}", attributes, null, null);
    }

    private static void assertRefused(ThrowingCallable call, String... errors) {
        assertThatThrownBy(call).isInstanceOfSatisfying(ConveyorException.class, e -> {
            assertThat(e.kind()).isEqualTo(ConveyorException.Kind.INVALID);
            assertThat(e.errors()).containsExactly(errors);
        });
    }

    @Test
    void requiresABody() {
        assertRefused(() -> body(null), "body is required");
    }

    @Test
    void acceptsABodyOfExactly256KiBOfAscii() {
        String body = "\"" + "a".repeat(LIMIT - 2) + "\"";

        assertThat(body.getBytes(StandardCharsets.UTF_8)).hasSize(LIMIT);
        assertThatCode(() -> body(body)).doesNotThrowAnyException();
    }

    @Test
    void refusesABodyOneByteOver256KiB() {
        String body = "\"" + "a".repeat(LIMIT - 1) + "\"";

        assertRefused(() -> body(body), "body must be at most 262144 bytes as JSON");
    }

    @Test
    void countsMultiByteCharactersAsTheirUtf8Bytes() {
        // 'é' is two bytes and '€' three in UTF-8: few characters, too many bytes.
        String twoByte = "é".repeat(LIMIT / 2 + 1);
        String threeByte = "€".repeat(LIMIT / 3 + 1);
        String fourByte = "😀".repeat(LIMIT / 4 + 1);

        assertThat(twoByte.length()).isLessThan(LIMIT);
        assertRefused(() -> body(twoByte), "body must be at most 262144 bytes as JSON");
        assertRefused(() -> body(threeByte), "body must be at most 262144 bytes as JSON");
        assertRefused(() -> body(fourByte), "body must be at most 262144 bytes as JSON");
    }

    @Test
    void acceptsMultiByteCharactersUpToTheBoundInBytes() {
        String twoByte = "é".repeat(LIMIT / 2);
        String threeByteAndOne = "€".repeat(LIMIT / 3) + "a";

        assertThat(threeByteAndOne.getBytes(StandardCharsets.UTF_8)).hasSize(LIMIT);
        assertThatCode(() -> body(twoByte)).doesNotThrowAnyException();
        assertThatCode(() -> body(threeByteAndOne)).doesNotThrowAnyException();
    }

    @Test
    void refusesTheSmallestOverlongBodyOfThreeByteCharacters() {
        // Just above the length where counting characters alone would seem safe.
        String body = "€".repeat(LIMIT / 3) + "ab";

        assertThat(body.getBytes(StandardCharsets.UTF_8)).hasSize(LIMIT + 1);
        assertRefused(() -> body(body), "body must be at most 262144 bytes as JSON");
    }

    @Test
    void attributesDefaultToEmptyAndAreCopied() {
        Map<String, String> given = new HashMap<>(Map.of("k", "v"));
        NewMessage message = attributes(given);
        given.put("other", "x");

        assertThat(new NewMessage("{}", null, null, null).attributes()).isEmpty();
        assertThat(message.attributes()).containsExactly(Map.entry("k", "v"));
        assertThatThrownBy(() -> message.attributes().put("a", "b")).isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void accepts32AttributesAtTheirLongest() {
        Map<String, String> attributes = new LinkedHashMap<>();
        for (int i = 0; i < 32; i++) {
            attributes.put(String.format("%03d", i) + "k".repeat(125), "v".repeat(1024));
        }

        assertThat(attributes(attributes).attributes()).hasSize(32);
    }

    @Test
    void refuses33Attributes() {
        Map<String, String> attributes = new LinkedHashMap<>();
        for (int i = 0; i < 33; i++) {
            attributes.put("k" + i, "v");
        }

        assertRefused(() -> attributes(attributes), "attributes must have at most 32 keys");
    }

    @Test
    void refusesAKeyOf129Characters() {
        assertRefused(() -> attributes(Map.of("k".repeat(129), "v")), "attributes keys must be 1 to 128 characters");
    }

    @Test
    void refusesAnEmptyKey() {
        assertRefused(() -> attributes(Map.of("", "v")), "attributes keys must be 1 to 128 characters");
    }

    @Test
    void refusesAValueOf1025CharactersNamingTheKey() {
        assertRefused(
                () -> attributes(Map.of("region", "v".repeat(1025))),
                "attributes.region must be at most 1024 characters");
    }

    @Test
    void refusesANullValueNamingTheKey() {
        Map<String, String> attributes = new HashMap<>();
        attributes.put("region", null);

        assertRefused(() -> attributes(attributes), "attributes.region must be a string");
    }

    @Test
    void acceptsLabelsOf1To128Characters() {
        assertThat(new NewMessage("{}", null, "l", null).label()).isEqualTo("l");
        assertThat(new NewMessage("{}", null, "l".repeat(128), null).label()).hasSize(128);
    }

    @Test
    void refusesAnEmptyOrOverlongLabel() {
        assertRefused(() -> new NewMessage("{}", null, "", null), "label must be 1 to 128 characters");
        assertRefused(() -> new NewMessage("{}", null, "l".repeat(129), null), "label must be 1 to 128 characters");
    }

    @Test
    void acceptsDelaysFrom0To900Seconds() {
        assertThatCode(() -> new NewMessage("{}", null, null, 0)).doesNotThrowAnyException();
        assertThatCode(() -> new NewMessage("{}", null, null, 900)).doesNotThrowAnyException();
    }

    @Test
    void refusesDelaysOutside0To900Seconds() {
        assertRefused(() -> new NewMessage("{}", null, null, -1), "delay_seconds must be between 0 and 900");
        assertRefused(() -> new NewMessage("{}", null, null, 901), "delay_seconds must be between 0 and 900");
    }

    @Test
    void reportsEveryBrokenBoundAtOnce() {
        assertRefused(
                () -> new NewMessage(null, Map.of("", "v"), "", 901),
                "body is required",
                "attributes keys must be 1 to 128 characters",
                "label must be 1 to 128 characters",
                "delay_seconds must be between 0 and 900");
    }

    @Test
    void itsOwnDelayOverridesTheQueueDelay() {
        QueueSettings delayed = QueueSettings.withDefaults(null, null, 60, null, null, null, null, null);

        assertThat(new NewMessage("{}", null, null, 5).delaySecondsIn(delayed)).isEqualTo(5);
        assertThat(new NewMessage("{}", null, null, 0).delaySecondsIn(delayed)).isZero();
    }

    @Test
    void withoutItsOwnDelayItTakesTheQueueDelay() {
        QueueSettings delayed = QueueSettings.withDefaults(null, null, 60, null, null, null, null, null);

        assertThat(new NewMessage("{}", null, null, null).delaySecondsIn(delayed))
                .isEqualTo(60);
        assertThat(new NewMessage("{}", null, null, null).delaySecondsIn(QueueSettings.defaults()))
                .isZero();
    }

    private static NewMessage typed(Map<String, String> attributes, Map<String, String> types) {
        return new NewMessage("{}", attributes, null, null, types, null);
    }

    @Test
    void keepsTypedAttributesVerbatimAndDropsPlainStringTypes() {
        NewMessage message = typed(
                Map.of("price", "007.50", "blob", "AAE=", "name", "x", "doc", "{}"),
                Map.of("price", "Number.float", "blob", "Binary", "name", "String", "doc", "String.json"));

        assertThat(message.attributes()).containsEntry("price", "007.50");
        assertThat(message.attributeTypes())
                .isEqualTo(Map.of("price", "Number.float", "blob", "Binary", "doc", "String.json"));
    }

    @Test
    void refusesTypesThatAreNotStringNumberOrBinaryOrThatNameNoAttribute() {
        assertRefused(
                () -> typed(
                        Map.of("a", "1", "b", "1"), new java.util.TreeMap<>(Map.of("a", "Integer", "b", "Number."))),
                "attribute_types.a must be String, Number or Binary, optionally with a .suffix, at most 256"
                        + " characters",
                "attribute_types.b must be String, Number or Binary, optionally with a .suffix, at most 256"
                        + " characters");
        assertRefused(
                () -> typed(Map.of(), Map.of("ghost", "Number")),
                "attribute_types.ghost must name one of the" + " attributes");
    }

    @Test
    void refusesANumberThatIsNoNumberAndABinaryThatIsNoCanonicalBase64() {
        assertRefused(() -> typed(Map.of("n", "12a"), Map.of("n", "Number")), "attributes.n must be a number");
        assertRefused(() -> typed(Map.of("b", "AAE"), Map.of("b", "Binary")), "attributes.b must be base64");
    }

    @Test
    void boundsTheTraceHeader() {
        assertRefused(
                () -> new NewMessage("{}", null, null, null, null, ""), "trace_header must be 1 to 1024 characters");
        assertThat(new NewMessage("{}", null, null, null, null, "Root=1").traceHeader())
                .isEqualTo("Root=1");
    }
}
