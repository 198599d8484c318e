package dev.conveyor.sqs;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * An action's result, protocol-neutral: ordered members whose values are text, a boolean, a number, a nested answer, or a {@link
 * Repeated} list. JSON renders a list as an array under the member's name; Query as one element per item, named
 * by the list's {@code xmlName} (SQS flattens its lists in XML).
 */
public final class SqsAnswer {
    /** A list member: JSON's array, Query's repeated {@code xmlName} elements. */
    public record Repeated(String xmlName, List<?> items) {}

    /**
     * A map member: JSON's object; Query's repeated {@code xmlName} elements, each with the key under {@code
     * keyName} ({@code Name}, or {@code Key} for tags) and the value under {@code Value}.
     */
    public record Keyed(String xmlName, String keyName, Map<String, ?> values) {}

    private final Map<String, Object> members = new LinkedHashMap<>();

    public static SqsAnswer empty() {
        return new SqsAnswer();
    }

    public SqsAnswer with(String name, String value) {
        members.put(name, value);
        return this;
    }

    /** A true/false member: a JSON boolean, Query's {@code true} or {@code false}. */
    public SqsAnswer with(String name, boolean value) {
        members.put(name, value);
        return this;
    }

    /** A number member: a JSON number, Query's decimal text. */
    public SqsAnswer with(String name, long value) {
        members.put(name, value);
        return this;
    }

    public SqsAnswer with(String name, SqsAnswer nested) {
        members.put(name, nested);
        return this;
    }

    /** Adds the list unless it is empty: SQS leaves empty lists out. */
    public SqsAnswer with(String name, Repeated list) {
        if (!list.items().isEmpty()) {
            members.put(name, list);
        }
        return this;
    }

    /** Adds the map unless it is empty: SQS leaves empty maps out. */
    public SqsAnswer with(String name, Keyed map) {
        if (!map.values().isEmpty()) {
            members.put(name, map);
        }
        return this;
    }

    /** Adds every member of {@code other}, after this answer's own. */
    public SqsAnswer withAll(SqsAnswer other) {
        members.putAll(other.members);
        return this;
    }

    public Map<String, Object> members() {
        return members;
    }
}
