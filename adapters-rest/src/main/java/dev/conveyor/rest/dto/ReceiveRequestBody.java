package dev.conveyor.rest.dto;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import dev.conveyor.application.ReceiveRequest;
import dev.conveyor.domain.NewMessage;
import dev.conveyor.domain.Violations;
import io.swagger.v3.oas.annotations.media.Schema;

/** Body of {@code POST /v1/queues/{id}/receive}; every field optional. */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
@Schema(description = "What to receive; every field is optional, and the body may be left out.")
public record ReceiveRequestBody(
        @Schema(
                description = "At most this many messages are leased.",
                minimum = "1",
                maximum = "" + ReceiveRequest.MAX_MESSAGES,
                defaultValue = "1",
                example = "10")
        Integer maxMessages,

        @Schema(
                description = "When no message is visible, wait up to this long for one (long polling); the "
                        + "answer comes as soon as one arrives. 0 answers at once. Left out: the queue's "
                        + "receive_wait_seconds (0 unless set).",
                minimum = "0",
                maximum = "" + ReceiveRequest.MAX_WAIT_SECONDS,
                example = "20")
        Integer waitSeconds,

        @Schema(
                description = "Only messages published with this label; null for any.",
                minLength = 1,
                maxLength = NewMessage.MAX_LABEL_LENGTH,
                nullable = true,
                example = "priority")
        String label,

        @Schema(
                description = "How long the messages stay leased (invisible to other receives) before they are offered"
                        + " again; the queue's ack_deadline_seconds when left out.",
                minimum = "" + ReceiveRequestBody.MIN_LEASE_SECONDS,
                maximum = "" + ReceiveRequest.MAX_LEASE_SECONDS,
                nullable = true,
                example = "120")
        Integer leaseSeconds) {
    /**
     * The contract's least lease: a /v1 receive always leases. The use case would take 0 too (SQS's
     * VisibilityTimeout 0), so this bound is checked here.
     */
    public static final int MIN_LEASE_SECONDS = 1;

    public ReceiveRequest toRequest() {
        Violations v = new Violations();
        boolean leaseInBounds = leaseSeconds == null
                || (leaseSeconds >= MIN_LEASE_SECONDS && leaseSeconds <= ReceiveRequest.MAX_LEASE_SECONDS);
        v.check(
                leaseInBounds,
                "lease_seconds must be between " + MIN_LEASE_SECONDS + " and " + ReceiveRequest.MAX_LEASE_SECONDS);
        // An out-of-bounds lease is reported once, above, beside whatever else the request gets wrong.
        ReceiveRequest request = v.collect(
                () -> ReceiveRequest.of(maxMessages, waitSeconds, label, leaseInBounds ? leaseSeconds : null));
        v.throwIfAny();
        return request;
    }
}
