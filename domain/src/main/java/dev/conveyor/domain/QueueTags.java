package dev.conveyor.domain;

import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * A queue's tags: free key-value labels for cost allocation and the like, within SQS's bounds (at most {@value
 * #MAX_TAGS}; keys of 1 to {@value #MAX_KEY_LENGTH} characters, not starting with {@code aws:}, which AWS keeps
 * for itself; values of 0 to {@value #MAX_VALUE_LENGTH}). Keys are case-sensitive.
 */
public record QueueTags(Map<String, String> tags) {
    public static final int MAX_TAGS = 50;
    public static final int MAX_KEY_LENGTH = 128;
    public static final int MAX_VALUE_LENGTH = 256;

    public static final QueueTags NONE = new QueueTags(Map.of());

    public QueueTags {
        Violations v = new Violations();
        v.check(tags != null, "tags are required");
        if (tags != null) {
            v.check(tags.size() <= MAX_TAGS, "a queue has at most " + MAX_TAGS + " tags; these are " + tags.size());
            tags.forEach((key, value) -> {
                v.check(
                        key != null && !key.isEmpty() && characters(key) <= MAX_KEY_LENGTH,
                        "a tag key must be 1 to " + MAX_KEY_LENGTH + " characters");
                v.check(
                        key == null || !key.regionMatches(true, 0, "aws:", 0, 4),
                        "the tag key '" + key + "' starts with aws:, a prefix reserved for AWS");
                v.check(
                        value != null && characters(value) <= MAX_VALUE_LENGTH,
                        "the value of tag '" + key + "' must be 0 to " + MAX_VALUE_LENGTH + " characters");
            });
        }
        v.throwIfAny();
        // Sorted, so that every reader sees them in one stable order.
        tags = Collections.unmodifiableMap(new TreeMap<>(tags));
    }

    private static int characters(String text) {
        return text.codePointCount(0, text.length());
    }

    /** These tags with {@code added} added, a key already present taking its new value. */
    public QueueTags with(Map<String, String> added) {
        Map<String, String> merged = new LinkedHashMap<>(tags);
        merged.putAll(added);
        return new QueueTags(merged);
    }

    /** These tags without the keys named; a key not present is ignored. */
    public QueueTags without(Collection<String> keys) {
        Map<String, String> kept = new LinkedHashMap<>(tags);
        keys.forEach(kept::remove);
        return new QueueTags(kept);
    }
}
