package dev.conveyor.rest.dto;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import dev.conveyor.domain.QueueSettings;

/** Body of {@code POST /v1/queues}; every setting optional, a missing one taking its default. */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record QueueRequest(
    String id,
    Integer ackDeadlineSeconds,
    Integer messageRetentionSeconds,
    Integer deliveryDelaySeconds,
    Integer maxDeliveries,
    String deadLetterQueueId,
    Integer backoffMinSeconds,
    Integer backoffMaxSeconds,
    Long maxMessages) {

  public QueueSettings settings() {
    return new QueueSettingsRequest(ackDeadlineSeconds, messageRetentionSeconds, deliveryDelaySeconds,
        maxDeliveries, deadLetterQueueId, backoffMinSeconds, backoffMaxSeconds, maxMessages).settings();
  }
}
