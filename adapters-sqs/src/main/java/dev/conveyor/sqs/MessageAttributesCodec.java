package dev.conveyor.sqs;

import dev.conveyor.domain.AttributeTypes;
import dev.conveyor.domain.Attributes;
import dev.conveyor.domain.Message;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * A message's typed attributes between SQS and Conveyor: read from {@code MessageAttributes} and {@code
 * MessageSystemAttributes} under SQS's rules (and Conveyor's, where they are narrower), and rebuilt from a stored
 * message exactly as they were sent.
 */
final class MessageAttributesCodec {
    static final int MAX_ATTRIBUTES = 10;
    static final int MAX_NAME_LENGTH = 256;
    static final String TRACE_HEADER = "AWSTraceHeader";

    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9_.-]+");

    private MessageAttributesCodec() {}

    /** The request's {@code MessageAttributes}, checked, in the order given; Binary values in canonical base64. */
    static Map<String, MessageAttribute> read(SqsRequest.Parameters parameters) {
        Map<String, SqsRequest.Parameters> given = parameters.structures("MessageAttributes");
        if (given.size() > MAX_ATTRIBUTES) {
            throw invalid("Number of message attributes [" + given.size() + "] exceeds the allowed maximum ["
                    + MAX_ATTRIBUTES + "].");
        }
        Map<String, MessageAttribute> attributes = new LinkedHashMap<>();
        given.forEach((name, value) -> attributes.put(checkedName(name), attribute("message (user)", name, value)));
        return attributes;
    }

    /** The request's {@code MessageSystemAttributes}: SQS takes only AWSTraceHeader, a String. */
    static Optional<String> traceHeader(SqsRequest.Parameters parameters) {
        Map<String, SqsRequest.Parameters> given = parameters.structures("MessageSystemAttributes");
        for (String name : given.keySet()) {
            if (!TRACE_HEADER.equals(name)) {
                throw invalid("Message system attribute name '" + name + "' is invalid. The only one a message can"
                        + " be sent with is " + TRACE_HEADER + ".");
            }
        }
        SqsRequest.Parameters value = given.get(TRACE_HEADER);
        if (value == null) {
            return Optional.empty();
        }
        MessageAttribute attribute = attribute("message system", TRACE_HEADER, value);
        if (!AttributeTypes.STRING.equals(attribute.dataType())) {
            throw invalid("The message system attribute " + TRACE_HEADER + " must be of type String.");
        }
        return Optional.of(attribute.value());
    }

    /**
     * How many bytes SQS counts for the entry's body and attributes (names, data types and values; a Binary's
     * decoded), read as given, before any check: a batch's size is judged on what was sent.
     */
    static long size(SqsRequest.Parameters parameters) {
        long size = utf8(parameters.text("MessageBody").orElse(""));
        for (Map.Entry<String, SqsRequest.Parameters> entry :
                parameters.structures("MessageAttributes").entrySet()) {
            SqsRequest.Parameters value = entry.getValue();
            size += utf8(entry.getKey()) + utf8(value.text("DataType").orElse(""));
            size += utf8(value.text("StringValue").orElse(""));
            String binary = value.text("BinaryValue").orElse("");
            try {
                size += Base64.getDecoder().decode(binary).length;
            } catch (IllegalArgumentException e) {
                size += utf8(binary);
            }
        }
        return size;
    }

    /** The string attributes Conveyor keeps: every value as sent, a Binary's as its base64 text. */
    static Map<String, String> values(Map<String, MessageAttribute> attributes) {
        Map<String, String> values = new LinkedHashMap<>();
        attributes.forEach((name, attribute) -> values.put(name, attribute.value()));
        return values;
    }

    /** The data types Conveyor keeps beside them; a plain String is what an untyped attribute is already. */
    static Map<String, String> types(Map<String, MessageAttribute> attributes) {
        Map<String, String> types = new LinkedHashMap<>();
        attributes.forEach((name, attribute) -> {
            if (!AttributeTypes.STRING.equals(attribute.dataType())) {
                types.put(name, attribute.dataType());
            }
        });
        return types;
    }

    /** The message's attributes as SQS shows them: a string attribute (any published through /v1) is a String. */
    static Map<String, MessageAttribute> of(Message message) {
        Map<String, MessageAttribute> attributes = new LinkedHashMap<>();
        message.attributes()
                .forEach((name, value) -> attributes.put(
                        name,
                        new MessageAttribute(
                                message.attributeTypes().getOrDefault(name, AttributeTypes.STRING), value)));
        return attributes;
    }

    /** The attributes as an answer's map of {@code {StringValue|BinaryValue, DataType}} structures. */
    static SqsAnswer.Keyed answer(String xmlName, Map<String, MessageAttribute> attributes) {
        Map<String, SqsAnswer> values = new LinkedHashMap<>();
        attributes.forEach((name, attribute) -> values.put(name, attribute.answer()));
        return new SqsAnswer.Keyed(xmlName, "Name", values);
    }

    /**
     * SQS's rules on a message attribute's name, then Conveyor's narrower bound on its length: names are 1 to 256
     * of {@code [A-Za-z0-9_.-]}, with no leading, trailing or doubled dot, and never under AWS's or Amazon's prefix.
     */
    private static String checkedName(String name) {
        if (name.isEmpty() || name.length() > MAX_NAME_LENGTH) {
            throw invalid("Message (user) attribute name must be 1 to " + MAX_NAME_LENGTH + " characters long.");
        }
        String lower = name.toLowerCase(Locale.ROOT);
        if (lower.startsWith("aws.") || lower.startsWith("amazon.")) {
            throw invalid("Message (user) attribute name '" + name + "' is reserved for use by SQS: names cannot"
                    + " start with AWS. or Amazon.");
        }
        if (!NAME.matcher(name).matches() || name.contains("..") || name.startsWith(".") || name.endsWith(".")) {
            throw invalid("Message (user) attribute name '" + name + "' is invalid. It can contain only"
                    + " alphanumeric characters, hyphens, underscores and periods, not two periods in a row, and"
                    + " cannot start or end with a period.");
        }
        if (name.length() > Attributes.MAX_KEY_LENGTH) {
            throw invalid("Message (user) attribute name '" + name + "' is longer than Conveyor's limit of "
                    + Attributes.MAX_KEY_LENGTH + " characters (SQS allows " + MAX_NAME_LENGTH + ").");
        }
        return name;
    }

    /** One attribute's DataType and value under SQS's rules, then Conveyor's bound on a value's length. */
    private static MessageAttribute attribute(String kind, String name, SqsRequest.Parameters value) {
        String type = value.text("DataType").orElse("");
        if (type.isEmpty()) {
            throw invalid("The " + kind + " attribute '" + name + "' must contain a non-empty attribute type.");
        }
        String base = AttributeTypes.base(type);
        if (base == null) {
            throw invalid("The type of " + kind + " attribute '" + name + "' is invalid. You must use only the"
                    + " following supported type prefixes: Binary, Number, String.");
        }
        if (type.length() > AttributeTypes.MAX_TYPE_LENGTH) {
            throw invalid("The type of " + kind + " attribute '" + name + "' must be at most "
                    + AttributeTypes.MAX_TYPE_LENGTH + " characters.");
        }
        boolean binary = AttributeTypes.BINARY.equals(base);
        String field = binary ? "BinaryValue" : "StringValue";
        String text = value.text(field).orElse("");
        if (text.isEmpty() || value.present(binary ? "StringValue" : "BinaryValue")) {
            throw invalid(capitalized(kind) + " attribute '" + name + "' must contain a non-empty value of type '"
                    + base + "' in " + field + ", and no other value.");
        }
        if (binary) {
            text = canonicalBase64(kind, name, text);
        } else if (AttributeTypes.NUMBER.equals(base) && !AttributeTypes.isNumber(text)) {
            throw invalid("Can't cast the value of " + kind + " attribute '" + name + "' to a number.");
        }
        if (text.codePointCount(0, text.length()) > Attributes.MAX_VALUE_LENGTH) {
            throw invalid("The value of " + kind + " attribute '" + name + "' is longer than Conveyor's limit of "
                    + Attributes.MAX_VALUE_LENGTH + " characters (a Binary value's base64 text: at most "
                    + Attributes.MAX_VALUE_LENGTH / 4 * 3 + " bytes).");
        }
        return new MessageAttribute(type, text);
    }

    private static String canonicalBase64(String kind, String name, String text) {
        byte[] bytes;
        try {
            bytes = Base64.getDecoder().decode(text);
        } catch (IllegalArgumentException e) {
            throw invalid("The BinaryValue of " + kind + " attribute '" + name + "' is not valid base64.");
        }
        if (bytes.length == 0) {
            throw invalid(capitalized(kind) + " attribute '" + name + "' must contain a non-empty value of type"
                    + " 'Binary' in BinaryValue, and no other value.");
        }
        return Base64.getEncoder().encodeToString(bytes);
    }

    private static String capitalized(String text) {
        return Character.toUpperCase(text.charAt(0)) + text.substring(1);
    }

    private static long utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8).length;
    }

    private static SqsException invalid(String message) {
        return SqsError.INVALID_PARAMETER_VALUE.because(message);
    }
}
