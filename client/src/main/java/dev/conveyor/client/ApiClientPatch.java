package dev.conveyor.client;

/**
 * Changes to an API client, sent as a JSON Merge Patch ({@code PATCH /v1/clients/{id}}): a member not named keeps its
 * value; {@code isActive(null)} makes the client active again. Any change ends the client's earlier tokens.
 * Immutable: each method answers a new patch.
 */
public final class ApiClientPatch {
    private final MergePatch patch;

    private ApiClientPatch(MergePatch patch) {
        this.patch = patch;
    }

    /** A patch that changes nothing yet. */
    public static ApiClientPatch create() {
        return new ApiClientPatch(MergePatch.empty());
    }

    MergePatch mergePatch() {
        return patch;
    }

    /** A new name (a client always has one: null is refused by the server). */
    public ApiClientPatch name(String value) {
        return new ApiClientPatch(patch.with("name", value));
    }

    /** New space-separated scopes (null is refused by the server). */
    public ApiClientPatch scopes(String value) {
        return new ApiClientPatch(patch.with("scopes", value));
    }

    /** Enables or disables the client; null resets it to active. */
    public ApiClientPatch isActive(Boolean value) {
        return new ApiClientPatch(patch.with("is_active", value));
    }

    /** The merge patch document this patch sends. */
    @Override
    public String toString() {
        return patch.toString();
    }
}
