package dev.conveyor.domain;

/**
 * The form of message group ids and deduplication ids: 1 to {@value #MAX_LENGTH} characters, each a printable
 * ASCII character other than space (letters, digits and punctuation), as SQS requires of MessageGroupId and
 * MessageDeduplicationId, so that an id valid on one endpoint is valid on the other.
 */
public final class MessageGroups {
    public static final int MAX_LENGTH = 128;

    private MessageGroups() {}

    /** Adds to {@code v} why {@code value}, of {@code field}, is not a valid id; nothing when it is. */
    public static void check(Violations v, String field, String value) {
        v.check(
                isValid(value),
                field + " must be 1 to " + MAX_LENGTH
                        + " characters, each a letter, digit or punctuation mark (printable ASCII, no space)");
    }

    public static boolean isValid(String value) {
        if (value == null || value.isEmpty() || value.length() > MAX_LENGTH) {
            return false;
        }
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c < 0x21 || c > 0x7e) {
                return false;
            }
        }
        return true;
    }
}
