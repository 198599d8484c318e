package dev.conveyor.rest.dto;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import dev.conveyor.domain.NewMessage;
import java.util.Map;

/** One message of a publish; {@code body} is any JSON value, kept as written. */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record PublishMessageRequest(JsonNode body, Map<String, String> attributes, String label, Integer delaySeconds) {
  public NewMessage toNewMessage() {
    return new NewMessage(body == null ? null : body.toString(), attributes, label, delaySeconds);
  }
}
