package dev.conveyor.rest.dto;

import java.util.List;

/** Body of {@code POST /v1/queues/{id}/ack}. */
public record ReceiptsRequest(List<String> receipts) {}
