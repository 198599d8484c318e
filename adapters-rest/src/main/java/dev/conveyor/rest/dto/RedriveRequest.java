package dev.conveyor.rest.dto;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import java.util.List;

/** Body of {@code POST /v1/queues/{id}/redrive}: all messages, the listed ids, or at most max_messages. */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record RedriveRequest(String destinationQueueId, List<String> ids, Long maxMessages) {}
