package dev.conveyor.rest.dto;

import com.fasterxml.jackson.annotation.JsonAnyGetter;
import java.util.Map;

/** A single count under its name: {@code {"moved": 3}}, {@code {"deleted": 5}}. */
public record CountResponse(@JsonAnyGetter Map<String, Long> counts) {
  public static CountResponse of(String name, long count) {
    return new CountResponse(Map.of(name, count));
  }
}
