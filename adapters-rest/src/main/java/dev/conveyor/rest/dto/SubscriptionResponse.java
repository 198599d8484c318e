package dev.conveyor.rest.dto;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import dev.conveyor.domain.Subscription;
import java.time.Instant;
import java.util.List;
import java.util.Map;

@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record SubscriptionResponse(
    String id, String topicId, String queueId, Map<String, List<String>> messageFilters, Instant createdAt) {
  public static SubscriptionResponse from(Subscription s) {
    return new SubscriptionResponse(s.id(), s.topicId(), s.queueId(), s.filter().criteria(), s.createdAt());
  }
}
