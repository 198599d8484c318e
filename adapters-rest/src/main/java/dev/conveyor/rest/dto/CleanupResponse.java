package dev.conveyor.rest.dto;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import dev.conveyor.application.CleanupReport;

/** What a cleanup of one queue did, per kind. */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record CleanupResponse(String queueId, long expired, long deadLettered, long dropped) {
  public static CleanupResponse from(CleanupReport.QueueCleanup done) {
    return new CleanupResponse(done.queueId(), done.expired(), done.deadLettered(), done.dropped());
  }
}
