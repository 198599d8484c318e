package dev.conveyor.sqs;

import dev.conveyor.domain.MessageGroups;
import java.util.regex.Pattern;

/** SQS's limits on names and numbers, as its API reference gives them, checked into SQS's errors. */
final class Limits {
    static final int MAX_VISIBILITY_TIMEOUT = 43_200;
    static final int MAX_DELAY_SECONDS = 900;
    static final int MIN_RETENTION = 60;
    static final int MAX_RETENTION = 1_209_600;
    /** SQS's default retention (4 days), given to queues CreateQueue makes without one. */
    static final int DEFAULT_RETENTION = 345_600;

    static final int MAX_RECEIVE_MESSAGES = 10;
    static final int MAX_WAIT_SECONDS = 20;
    static final int MAX_LIST_RESULTS = 1000;

    static final String FIFO_SUFFIX = ".fifo";

    /** SQS's rule (1 to 80 of [A-Za-z0-9_-]) within Conveyor's (which also wants a letter or digit first). */
    private static final Pattern QUEUE_NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_-]{0,79}");

    private Limits() {}

    static int integer(String name, String text, int min, int max) {
        int value;
        try {
            value = Integer.parseInt(text.trim());
        } catch (NumberFormatException e) {
            throw SqsError.INVALID_PARAMETER_VALUE.because(
                    "Value " + text + " for parameter " + name + " is invalid. Reason: must be an integer.");
        }
        if (value < min || value > max) {
            throw SqsError.INVALID_PARAMETER_VALUE.because("Value " + value + " for parameter " + name
                    + " is invalid. Reason: must be between " + min + " and " + max + ".");
        }
        return value;
    }

    /**
     * The name, checked as SQS checks it: a FIFO queue's ends in {@code .fifo} (counted in its 80 characters), and
     * only a FIFO queue's does.
     */
    static String queueName(String name, boolean fifo) {
        boolean fifoName = name.endsWith(FIFO_SUFFIX);
        if (fifo && !fifoName) {
            throw SqsError.INVALID_PARAMETER_VALUE.because("The name of a FIFO queue can only include alphanumeric"
                    + " characters, hyphens, or underscores, must end with .fifo suffix and be 1 to 80 in length.");
        }
        String base = fifoName ? name.substring(0, name.length() - FIFO_SUFFIX.length()) + "_fifo" : name;
        if (!QUEUE_NAME.matcher(base).matches()) {
            throw SqsError.INVALID_PARAMETER_VALUE.because("Value " + name
                    + " for parameter QueueName is invalid. Reason: Can only include alphanumeric characters,"
                    + " hyphens, or underscores, 1 to 80 in length, starting with a letter or digit.");
        }
        if (fifoName && !fifo) {
            throw SqsError.INVALID_PARAMETER_VALUE.because("Value " + name
                    + " for parameter QueueName is invalid. Reason: Can only include alphanumeric characters,"
                    + " hyphens, or underscores. 1 to 80 in length. (Only a FIFO queue's name ends in .fifo: create"
                    + " it with the attribute FifoQueue=true.)");
        }
        return name;
    }

    /**
     * A MessageGroupId, MessageDeduplicationId or ReceiveRequestAttemptId, checked as SQS checks them: 1 to 128
     * letters, digits and punctuation marks.
     */
    static String fifoId(String parameter, String value) {
        if (!MessageGroups.isValid(value)) {
            throw SqsError.INVALID_PARAMETER_VALUE.because("Value " + value + " for parameter " + parameter
                    + " is invalid. Reason: " + parameter + " can only include alphanumeric and punctuation"
                    + " characters. 1 to " + MessageGroups.MAX_LENGTH + " in length.");
        }
        return value;
    }

    /** SQS's allowed characters in a message body: #x9 | #xA | #xD | #x20 to #xD7FF | #xE000 to #xFFFD | above. */
    static String messageBody(String body) {
        if (body.isEmpty()) {
            throw SqsError.INVALID_PARAMETER_VALUE.because(
                    "Value for parameter MessageBody is invalid. Reason: must be at least one character.");
        }
        for (int i = 0; i < body.length(); ) {
            char unit = body.charAt(i);
            if (unit >= 0x20 && unit < 0xD800) { // most text: one unit, allowed
                i++;
                continue;
            }
            int c = body.codePointAt(i);
            boolean allowed = c == 0x9 || c == 0xA || c == 0xD || (c >= 0xE000 && c <= 0xFFFD) || c >= 0x10000;
            if (!allowed) {
                throw SqsError.INVALID_MESSAGE_CONTENTS.because(
                        "Invalid binary character '#x" + Integer.toHexString(c).toUpperCase(java.util.Locale.ROOT)
                                + "' was found in the message body, the set of allowed characters is #x9 | #xA | #xD"
                                + " | #x20 to #xD7FF | #xE000 to #xFFFD | #x10000 to #x10FFFF");
            }
            i += Character.charCount(c);
        }
        return body;
    }
}
