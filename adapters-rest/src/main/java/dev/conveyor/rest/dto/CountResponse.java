package dev.conveyor.rest.dto;

import com.fasterxml.jackson.annotation.JsonAnyGetter;
import io.swagger.v3.oas.annotations.media.Schema;
import java.util.Map;

/** A single count under its name: {@code {"deleted": 5}}. */
@Schema(description = "A single count under its name, as {\"deleted\": 5}.", additionalPropertiesSchema = Long.class)
public record CountResponse(
        @Schema(hidden = true) @JsonAnyGetter Map<String, Long> counts) {
    public static CountResponse of(String name, long count) {
        return new CountResponse(Map.of(name, count));
    }
}
