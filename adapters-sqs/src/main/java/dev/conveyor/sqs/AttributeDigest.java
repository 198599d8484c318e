package dev.conveyor.sqs;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import java.util.TreeMap;

/**
 * SQS's checksums, which SDKs recompute and compare: the body's MD5, and the MD5 over a message's (or system)
 * attributes, each name, data type and value length-prefixed in name order.
 */
final class AttributeDigest {
    /** The transport type bytes of SQS's attribute encoding. */
    private static final byte STRING_VALUE = 1;

    private static final byte BINARY_VALUE = 2;

    private AttributeDigest() {}

    /** The lowercase hex MD5 of the UTF-8 text, as SQS's MD5OfMessageBody. */
    static String ofBody(String body) {
        return hex(body.getBytes(StandardCharsets.UTF_8));
    }

    /**
     * The lowercase hex MD5 of the attributes as SQS encodes them; null when there are none, as SQS then sends no
     * checksum at all. Names sort by their UTF-16 code units, as the SDKs' sorted maps do.
     */
    static String ofAttributes(Map<String, MessageAttribute> attributes) {
        if (attributes.isEmpty()) {
            return null;
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        new TreeMap<>(attributes).forEach((name, attribute) -> {
            lengthPrefixed(out, name.getBytes(StandardCharsets.UTF_8));
            lengthPrefixed(out, attribute.dataType().getBytes(StandardCharsets.UTF_8));
            out.write(attribute.binary() ? BINARY_VALUE : STRING_VALUE);
            lengthPrefixed(out, attribute.bytes());
        });
        return hex(out.toByteArray());
    }

    /** The bytes after their length, 4 bytes big-endian. */
    private static void lengthPrefixed(ByteArrayOutputStream out, byte[] bytes) {
        out.writeBytes(ByteBuffer.allocate(4).putInt(bytes.length).array());
        out.writeBytes(bytes);
    }

    private static String hex(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has MD5", e);
        }
    }
}
