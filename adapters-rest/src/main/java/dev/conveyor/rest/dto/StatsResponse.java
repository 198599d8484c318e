package dev.conveyor.rest.dto;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import dev.conveyor.domain.QueueStats;

@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
@JsonInclude(JsonInclude.Include.ALWAYS)
public record StatsResponse(
    String queueId, long available, long inFlight, long delayed, long total, Long oldestAvailableAgeSeconds) {
  public static StatsResponse from(QueueStats s) {
    return new StatsResponse(s.queueId(), s.available(), s.inFlight(), s.delayed(), s.total(),
        s.oldestAvailableAgeSeconds());
  }
}
