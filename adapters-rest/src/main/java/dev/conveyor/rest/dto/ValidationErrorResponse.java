package dev.conveyor.rest.dto;

import java.util.List;

/** A validation failure (422): every broken rule, each naming its field. */
public record ValidationErrorResponse(List<String> errors) {}
