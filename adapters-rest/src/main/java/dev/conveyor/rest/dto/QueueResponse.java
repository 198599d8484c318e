package dev.conveyor.rest.dto;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import dev.conveyor.domain.Queue;
import dev.conveyor.domain.QueueSettings;
import java.time.Instant;

@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
@JsonInclude(JsonInclude.Include.ALWAYS)
public record QueueResponse(
    String id,
    int ackDeadlineSeconds,
    int messageRetentionSeconds,
    int deliveryDelaySeconds,
    Integer maxDeliveries,
    String deadLetterQueueId,
    int backoffMinSeconds,
    int backoffMaxSeconds,
    Long maxMessages,
    Instant createdAt,
    Instant updatedAt) {

  public static QueueResponse from(Queue queue) {
    QueueSettings s = queue.settings();
    return new QueueResponse(queue.id(), s.ackDeadlineSeconds(), s.messageRetentionSeconds(),
        s.deliveryDelaySeconds(), s.maxDeliveries(), s.deadLetterQueueId(), s.backoffMinSeconds(),
        s.backoffMaxSeconds(), s.maxMessages(), queue.createdAt(), queue.updatedAt());
  }
}
