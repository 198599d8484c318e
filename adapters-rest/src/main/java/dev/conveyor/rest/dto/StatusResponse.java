package dev.conveyor.rest.dto;

/** Answer of the health probes. */
public record StatusResponse(String status) {}
