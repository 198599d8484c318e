package dev.conveyor.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Base64;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** Text is measured as the API counts it, and a receipt has one spelling only. */
class CanonicalFormsTest {
    private static final String EMOJI = "\uD83D\uDE80"; // one character, two UTF-16 units

    @Test
    void aReceiptParsesOnlyFromItsCanonicalSpelling() {
        String text = new Receipt(UUID.randomUUID(), UUID.randomUUID()).encode();
        String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
        int last = alphabet.indexOf(text.charAt(text.length() - 1));
        // 32 bytes fill 42 characters and 4 bits of the 43rd: its 2 low bits are unused, so this decodes the same.
        String alias = text.substring(0, text.length() - 1) + alphabet.charAt(last ^ 1);
        assertThat(Base64.getUrlDecoder().decode(alias))
                .isEqualTo(Base64.getUrlDecoder().decode(text));
        assertThat(Receipt.parse(text)).isPresent();
        assertThat(Receipt.parse(alias)).isEmpty();
    }

    @Test
    void labelsAndAttributesAreCountedInCharactersNotUtf16Units() {
        String label = EMOJI.repeat(128);
        String key = EMOJI.repeat(128);
        NewMessage message = new NewMessage("1", Map.of(key, EMOJI.repeat(1024)), label, null);
        assertThat(message.label()).isEqualTo(label);
        assertThatThrownBy(() -> new NewMessage("1", Map.of(), EMOJI.repeat(129), null))
                .isInstanceOf(ConveyorException.class)
                .hasMessageContaining("label");
    }
}
