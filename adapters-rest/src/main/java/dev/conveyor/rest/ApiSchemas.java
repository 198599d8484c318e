package dev.conveyor.rest;

import static io.swagger.v3.oas.annotations.media.Schema.RequiredMode.REQUIRED;

import dev.conveyor.application.PublishService;
import dev.conveyor.domain.Names;
import dev.conveyor.domain.ReceiptOutcome;
import dev.conveyor.rest.dto.PublishMessageRequest;
import dev.conveyor.rest.dto.PublishedResponse;
import io.swagger.v3.oas.annotations.media.ArraySchema;
import io.swagger.v3.oas.annotations.media.Schema;
import java.util.ArrayList;
import java.util.List;

/**
 * What the OpenAPI document needs that no Java type of the API spells out: the naming rule as a pattern,
 * and shapes built by hand (a raw publish body, generic answers built as a {@code Response}, named counts).
 * Nothing here is ever serialized; the wire types stay the records in {@code dto}.
 */
public final class ApiSchemas {
    /** {@link Names}' rule as a regular expression; ApiDocumentationTest holds the two together. */
    public static final String NAME_PATTERN = "^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$";

    public static final int NAME_MAX_LENGTH = 128;

    /** How a name is described wherever one is taken. */
    public static final String NAME_RULE = "A name that " + Names.RULE + "; case-sensitive.";

    /** How a timestamp is written wherever one is answered. */
    public static final String TIMESTAMP = "RFC 3339 in UTC with a Z, to the microsecond.";

    static final String LIMIT = "At most this many items.";

    static final String OFFSET = "Skip this many items first.";

    static final String PUBLISH_BODY =
            "One message object, or an array of 1 to " + PublishService.MAX_BATCH + " of them.";

    private ApiSchemas() {}

    /** A publish of several messages at once: stored all together, or not at all. */
    @ArraySchema(
            arraySchema =
                    @Schema(
                            description = "1 to " + PublishService.MAX_BATCH
                                    + " messages, stored atomically: all of them, or none."),
            minItems = 1,
            maxItems = PublishService.MAX_BATCH,
            schema = @Schema(implementation = PublishMessageRequest.class))
    public static final class PublishBatch extends ArrayList<PublishMessageRequest> {}

    /** The answer to a publish: one element per message, in request order. */
    @Schema(name = "PublishResponse", description = "The stored messages, one element per message in request order.")
    public record Published(
            @Schema(description = "What became of each message, in request order.", requiredMode = REQUIRED)
            List<PublishedResponse> data) {}

    /** The answer to a purge. */
    @Schema(name = "PurgeResponse", description = "How many messages were deleted.")
    public record Purged(
            @Schema(
                    description = "Messages deleted, leased ones included.",
                    minimum = "0",
                    example = "42",
                    requiredMode = REQUIRED)
            long deleted) {}

    /** A receipt of an ack, nack or extend that changed nothing; the domain's record cannot carry annotations. */
    @Schema(name = "ReceiptFailure", description = "A receipt that changed nothing, and why.")
    public record ReceiptFailure(
            @Schema(description = "The receipt as it was sent.", requiredMode = REQUIRED)
            String receipt,

            @Schema(
                    description = ReceiptOutcome.MALFORMED + ": not a receipt Conveyor issued. "
                            + ReceiptOutcome.NOT_CURRENT
                            + ": the receipt is of another queue, or names a delivery whose "
                            + "lease has ended and whose message has been received again (or is gone).",
                    allowableValues = {ReceiptOutcome.MALFORMED, ReceiptOutcome.NOT_CURRENT},
                    requiredMode = REQUIRED)
            String reason) {}
}
