package dev.conveyor.rest.dto;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import dev.conveyor.domain.QueueSettings;

/** Body of {@code PUT /v1/queues/{id}}: the settings of a queue, replaced whole. */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record QueueSettingsRequest(
    Integer ackDeadlineSeconds,
    Integer messageRetentionSeconds,
    Integer deliveryDelaySeconds,
    Integer maxDeliveries,
    String deadLetterQueueId,
    Integer backoffMinSeconds,
    Integer backoffMaxSeconds,
    Long maxMessages) {

  public QueueSettings settings() {
    return QueueSettings.withDefaults(ackDeadlineSeconds, messageRetentionSeconds, deliveryDelaySeconds,
        maxDeliveries, deadLetterQueueId, backoffMinSeconds, backoffMaxSeconds, maxMessages);
  }
}
