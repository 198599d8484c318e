package dev.conveyor.rest.dto;

/** Body of {@code POST /v1/topics}. */
public record CreateTopicRequest(String id) {}
