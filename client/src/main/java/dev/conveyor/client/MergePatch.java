package dev.conveyor.client;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The members of a JSON Merge Patch (RFC 7396), kept apart from the types that build one: a member left out keeps its
 * value, a member set to null resets it. A plain map cannot say "null" and "left out" apart once written, so the
 * document is written member by member.
 */
final class MergePatch {
    private final Map<String, Object> members;

    private MergePatch(Map<String, Object> members) {
        this.members = members;
    }

    static MergePatch empty() {
        return new MergePatch(Map.of());
    }

    /** A new patch with the member set to the value; null resets it to its default. */
    MergePatch with(String member, Object value) {
        Map<String, Object> copy = new LinkedHashMap<>(members);
        copy.put(member, value);
        return new MergePatch(copy);
    }

    ObjectNode document() {
        ObjectNode document = JsonNodeFactory.instance.objectNode();
        members.forEach((member, value) -> {
            if (value == null) {
                document.putNull(member);
            } else {
                document.set(member, Json.tree(value));
            }
        });
        return document;
    }

    @Override
    public String toString() {
        return document().toString();
    }
}
