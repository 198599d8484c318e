package dev.conveyor.domain;

import java.nio.ByteBuffer;
import java.util.Base64;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;

/**
 * Names one delivery of one message: the message id and the id of the lease that delivery took. A later
 * delivery takes a new lease, so an older receipt no longer matches and changes nothing.
 */
public record Receipt(UUID messageId, UUID leaseId) {
    private static final Base64.Encoder ENCODER = Base64.getUrlEncoder().withoutPadding();
    private static final Base64.Decoder DECODER = Base64.getUrlDecoder();
    private static final int ENCODED_LENGTH = 43;

    public Receipt {
        Objects.requireNonNull(messageId, "messageId");
        Objects.requireNonNull(leaseId, "leaseId");
    }

    /** The opaque, URL-safe form handed to consumers. */
    public String encode() {
        ByteBuffer bytes = ByteBuffer.allocate(32);
        bytes.putLong(messageId.getMostSignificantBits()).putLong(messageId.getLeastSignificantBits());
        bytes.putLong(leaseId.getMostSignificantBits()).putLong(leaseId.getLeastSignificantBits());
        return ENCODER.encodeToString(bytes.array());
    }

    /** The receipt {@code text} encodes, or empty when it is not one of ours. */
    public static Optional<Receipt> parse(String text) {
        if (text == null || text.length() != ENCODED_LENGTH) {
            return Optional.empty();
        }
        byte[] raw;
        try {
            raw = DECODER.decode(text);
        } catch (IllegalArgumentException notBase64) {
            return Optional.empty();
        }
        ByteBuffer bytes = ByteBuffer.wrap(raw);
        Receipt receipt =
                new Receipt(new UUID(bytes.getLong(), bytes.getLong()), new UUID(bytes.getLong(), bytes.getLong()));
        // Base64 ignores the unused low bits of the last character; only the canonical spelling is a receipt.
        return receipt.encode().equals(text) ? Optional.of(receipt) : Optional.empty();
    }

    @Override
    public String toString() {
        return encode();
    }
}
