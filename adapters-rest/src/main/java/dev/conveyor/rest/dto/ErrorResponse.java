package dev.conveyor.rest.dto;

/** Every error but a validation failure: Dropwizard's shape. */
public record ErrorResponse(int code, String message) {}
