package dev.conveyor.rest.dto;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import dev.conveyor.application.ClientPatch;
import dev.conveyor.rest.MergePatch;
import io.swagger.v3.oas.annotations.media.Schema;

/** Body of {@code PUT} and {@code PATCH /v1/clients/{id}}: what is left out stays as it is. */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
@Schema(
        description = "Changes to a client; a member left out keeps its value. To PUT, a null member keeps its value "
                + "too; to PATCH (a JSON Merge Patch), null resets is_active to true and is refused for name and "
                + "scopes, which a client always has. Any change ends the client's earlier tokens.")
public record ClientUpdateRequest(
        @Schema(description = "A new name.", nullable = true, maxLength = dev.conveyor.domain.Client.MAX_NAME)
        String name,

        @Schema(description = "New space-separated scopes; a caller can only grant scopes it holds.", nullable = true)
        String scopes,

        @Schema(
                description = "False disables the client: its tokens stop working and it gets no new ones.",
                nullable = true)
        Boolean isActive) {
    /** The change a PATCH asks for. */
    public static ClientPatch patch(MergePatch<ClientUpdateRequest> body) {
        ClientUpdateRequest v = body.values();
        return new ClientPatch(
                body.change("name", v.name()),
                body.change("scopes", v.scopes()),
                body.change("is_active", v.isActive()));
    }
}
