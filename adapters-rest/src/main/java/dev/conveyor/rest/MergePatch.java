package dev.conveyor.rest;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.conveyor.domain.Change;
import dev.conveyor.domain.ConveyorException;
import jakarta.ws.rs.WebApplicationException;

/**
 * A JSON Merge Patch body (RFC 7396): its members, read as the record a full body is read as (so unknown members
 * and values of the wrong type are refused as in any body), and which members were there and which were null.
 *
 * @param values the members' values; null for a member absent or null alike, which {@link #change} tells apart
 */
public record MergePatch<T>(JsonNode members, T values) {
    /** The media type RFC 7396 registers; plain {@code application/json} is taken too, as clients send it. */
    public static final String MEDIA_TYPE = "application/merge-patch+json";

    /** Reads the body, refusing one that is missing or null, and one that is not an object, as a full body is. */
    public static <T> MergePatch<T> read(ObjectMapper mapper, JsonNode body, Class<T> type) {
        if (body == null || body.isNull() || body.isMissingNode()) {
            throw ConveyorException.invalid("a JSON merge patch (an object of the fields to change) is required");
        }
        try {
            return new MergePatch<>(body, mapper.treeToValue(body, type));
        } catch (JsonProcessingException e) {
            throw new WebApplicationException(e, JsonErrorMapper.answer(e));
        }
    }

    /** What the patch does to one field: absent keeps it, null resets it, a value sets it. */
    public <V> Change<V> change(String member, V value) {
        if (!members.has(member)) {
            return Change.keep();
        }
        return members.get(member).isNull() || value == null ? Change.reset() : Change.to(value);
    }
}
