package dev.conveyor.sqs;

import dev.conveyor.domain.AttributeTypes;
import java.util.Base64;

/**
 * One message attribute as SQS carries it: its full data type ({@code Number.float}) and its value exactly as sent,
 * a Binary's as base64 text (the form both wire protocols use and Conveyor keeps).
 */
record MessageAttribute(String dataType, String value) {

    boolean binary() {
        return AttributeTypes.BINARY.equals(AttributeTypes.base(dataType));
    }

    /** The value's bytes as SQS's checksum takes them: a Binary's decoded, any other's UTF-8 text. */
    byte[] bytes() {
        return binary() ? Base64.getDecoder().decode(value) : value.getBytes(java.nio.charset.StandardCharsets.UTF_8);
    }

    /** The attribute's value structure: {@code StringValue} or {@code BinaryValue}, and {@code DataType}. */
    SqsAnswer answer() {
        return new SqsAnswer()
                .with(binary() ? "BinaryValue" : "StringValue", value)
                .with("DataType", dataType);
    }
}
