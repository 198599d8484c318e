package dev.conveyor.rest.dto;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import dev.conveyor.domain.PublishedMessage;
import java.util.List;

@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record PublishedResponse(String id, List<String> queueIds) {
  public static PublishedResponse from(PublishedMessage published) {
    return new PublishedResponse(published.id().toString(), published.queueIds());
  }
}
