package dev.conveyor.domain;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullSource;
import org.junit.jupiter.params.provider.ValueSource;

class ReceiptTest {
    private static final UUID MESSAGE = UUID.fromString("01890a5d-ac96-774b-bcce-b302099a8057");
    private static final UUID LEASE = UUID.fromString("f47ac10b-58cc-4372-a567-0e02b2c3d479");

    @Test
    void parsesWhatItEncodes() {
        Receipt receipt = new Receipt(MESSAGE, LEASE);

        assertThat(Receipt.parse(receipt.encode())).contains(receipt);
    }

    @Test
    void roundTripsManyRandomReceipts() {
        for (int i = 0; i < 1000; i++) {
            Receipt receipt = new Receipt(UUID.randomUUID(), UUID.randomUUID());
            assertThat(Receipt.parse(receipt.encode())).contains(receipt);
        }
    }

    @Test
    void roundTripsExtremeBits() {
        Receipt zeros = new Receipt(new UUID(0, 0), new UUID(0, 0));
        Receipt ones = new Receipt(new UUID(-1, -1), new UUID(-1, -1));

        assertThat(Receipt.parse(zeros.encode())).contains(zeros);
        assertThat(Receipt.parse(ones.encode())).contains(ones);
        assertThat(zeros.encode()).isNotEqualTo(ones.encode());
    }

    @Test
    void encodesAsUrlSafeTextWithoutPadding() {
        String text = new Receipt(new UUID(-1, -1), new UUID(-1, -1)).encode();

        assertThat(text).hasSize(43).matches("[A-Za-z0-9_-]+");
        assertThat(new Receipt(MESSAGE, LEASE).toString()).isEqualTo(new Receipt(MESSAGE, LEASE).encode());
    }

    @ParameterizedTest
    @NullSource
    @ValueSource(
            strings = {
                "",
                "abc",
                "!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!",
                "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA",
                "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA",
                "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=",
                "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA==",
                "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA+",
                "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA/",
                "AAAAAAAAAAAAAAAAAAAAA AAAAAAAAAAAAAAAAAAAAA",
                "AAAAAAAAAAAAAAAAAAAAAéAAAAAAAAAAAAAAAAAAAAA"
            })
    void parsesGarbageToNothing(String text) {
        assertThat(Receipt.parse(text)).isEmpty();
    }

    @Test
    void refusesTheEncodingWithOneCharacterMoreOrLess() {
        String text = new Receipt(MESSAGE, LEASE).encode();

        assertThat(Receipt.parse(text.substring(1))).isEmpty();
        assertThat(Receipt.parse(text + "A")).isEmpty();
    }

    @Test
    void distinctLeasesOfOneMessageGiveDistinctReceipts() {
        Set<String> texts = new HashSet<>();
        for (int i = 0; i < 1000; i++) {
            texts.add(new Receipt(MESSAGE, UUID.randomUUID()).encode());
        }

        assertThat(texts).hasSize(1000);
        assertThat(new Receipt(MESSAGE, LEASE).encode()).isNotEqualTo(new Receipt(LEASE, MESSAGE).encode());
    }
}
