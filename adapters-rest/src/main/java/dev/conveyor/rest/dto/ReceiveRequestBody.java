package dev.conveyor.rest.dto;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import dev.conveyor.application.ReceiveRequest;

/** Body of {@code POST /v1/queues/{id}/receive}; every field optional. */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record ReceiveRequestBody(Integer maxMessages, Integer waitSeconds, String label) {
  public ReceiveRequest toRequest() {
    return ReceiveRequest.of(maxMessages, waitSeconds, label);
  }
}
