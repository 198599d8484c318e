package dev.conveyor.sqs;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** SQS's checksums, against the published test vectors (npm aws-md5-of-message-attributes). */
class AttributeDigestTest {
    private static final MessageAttribute STRING = new MessageAttribute("String", "attribValue 1");
    private static final MessageAttribute NUMBER =
            new MessageAttribute("Number.float", "4563442423554324324264524243.32543234");
    private static final MessageAttribute BINARY = new MessageAttribute(
            "Binary", Base64.getEncoder().encodeToString("Hello binary world!".getBytes(StandardCharsets.UTF_8)));

    @Test
    void aStringAttribute() {
        assertThat(AttributeDigest.ofAttributes(Map.of("attribName1", STRING)))
                .isEqualTo("19e27d4e946b072f3f58da80d94fd778");
    }

    @Test
    void aNumberWithACustomTypeKeptVerbatim() {
        assertThat(AttributeDigest.ofAttributes(Map.of("customNumberTypeAttrib", NUMBER)))
                .isEqualTo("9fe1b90bbd9965bdf77bac517c7d2495");
    }

    @Test
    void aBinaryAttributeOverItsDecodedBytes() {
        assertThat(AttributeDigest.ofAttributes(Map.of("binaryAttribute", BINARY)))
                .isEqualTo("31a92b15d92f8db860eda32aceb656c3");
    }

    @Test
    void allThreeInNameOrderWhateverTheOrderGiven() {
        Map<String, MessageAttribute> reversed = new LinkedHashMap<>();
        reversed.put("binaryAttribute", BINARY);
        reversed.put("customNumberTypeAttrib", NUMBER);
        reversed.put("attribName1", STRING);

        assertThat(AttributeDigest.ofAttributes(reversed)).isEqualTo("c932db14a896c663f83c260297d594ff");
    }

    @Test
    void noAttributesHaveNoChecksum() {
        assertThat(AttributeDigest.ofAttributes(Map.of())).isNull();
    }

    @Test
    void theBodyChecksum() {
        assertThat(AttributeDigest.ofBody("hello")).isEqualTo("5d41402abc4b2a76b9719d911017c592");
    }
}
