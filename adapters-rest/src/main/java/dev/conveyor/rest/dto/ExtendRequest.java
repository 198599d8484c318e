package dev.conveyor.rest.dto;

import java.util.List;

/** Body of {@code POST /v1/queues/{id}/extend}. */
public record ExtendRequest(List<String> receipts, Integer seconds) {}
