package dev.conveyor.rest.dto;

import java.util.List;

/** One page of a list, ordered by name. */
public record ListResponse<T>(List<T> data, int limit, int offset) {}
