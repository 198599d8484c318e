package dev.conveyor.rest.dto;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonRawValue;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import dev.conveyor.domain.Delivery;
import dev.conveyor.domain.Message;
import java.time.Instant;
import java.util.Map;

/** A message as consumers and browsers see it; {@code receipt} is null when browsing. */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
@JsonInclude(JsonInclude.Include.ALWAYS)
public record MessageResponse(
    String id,
    String queueId,
    @JsonRawValue String body,
    Map<String, String> attributes,
    String label,
    int deliveryAttempts,
    Instant createdAt,
    Instant leaseExpiresAt,
    String receipt) {

  public static MessageResponse from(Delivery delivery) {
    return of(delivery.message(), delivery.receipt().encode());
  }

  public static MessageResponse from(Message message) {
    return of(message, null);
  }

  private static MessageResponse of(Message m, String receipt) {
    return new MessageResponse(m.id().toString(), m.queueId(), m.body(), m.attributes(), m.label(),
        m.deliveryAttempts(), m.createdAt(), m.leaseExpiresAt(), receipt);
  }
}
