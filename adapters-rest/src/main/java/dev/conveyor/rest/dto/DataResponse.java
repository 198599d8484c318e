package dev.conveyor.rest.dto;

import java.util.List;

/** A list answered whole, under {@code data}. */
public record DataResponse<T>(List<T> data) {}
