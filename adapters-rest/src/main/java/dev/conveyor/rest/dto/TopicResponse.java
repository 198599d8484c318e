package dev.conveyor.rest.dto;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import dev.conveyor.domain.Topic;
import java.time.Instant;

@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record TopicResponse(String id, Instant createdAt) {
  public static TopicResponse from(Topic topic) {
    return new TopicResponse(topic.id(), topic.createdAt());
  }
}
