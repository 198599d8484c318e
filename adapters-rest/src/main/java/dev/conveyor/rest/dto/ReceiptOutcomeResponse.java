package dev.conveyor.rest.dto;

import dev.conveyor.domain.ReceiptOutcome;
import java.util.List;

public record ReceiptOutcomeResponse(List<String> succeeded, List<ReceiptOutcome.Failure> failed) {
  public static ReceiptOutcomeResponse from(ReceiptOutcome outcome) {
    return new ReceiptOutcomeResponse(outcome.succeeded(), outcome.failed());
  }
}
