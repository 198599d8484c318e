package dev.conveyor.rest.dto;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import java.util.List;

/** Body of {@code POST /v1/queues/{id}/nack}; without delay_seconds the queue's backoff applies. */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record NackRequest(List<String> receipts, Integer delaySeconds) {}
