package dev.conveyor.rest;

import dev.conveyor.domain.Page;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Schema;
import jakarta.ws.rs.QueryParam;

/**
 * {@code ?limit=&offset=} of every list, taken with {@code @BeanParam}. Read as text and parsed by
 * {@link Requests#page}, so that a bad number is a 422 naming the parameter rather than Jersey's 404.
 */
public final class PageParameters {
    @Parameter(
            description = ApiSchemas.LIMIT,
            schema =
                    @Schema(
                            type = "integer",
                            format = "int32",
                            minimum = "1",
                            maximum = "" + Page.MAX_LIMIT,
                            defaultValue = "" + Page.DEFAULT_LIMIT))
    @QueryParam("limit")
    private String limit;

    @Parameter(
            description = ApiSchemas.OFFSET,
            schema = @Schema(type = "integer", format = "int32", minimum = "0", defaultValue = "0"))
    @QueryParam("offset")
    private String offset;

    // Getters for swagger, which finds a bean parameter's query parameters as the bean's properties.
    public String getLimit() {
        return limit;
    }

    public String getOffset() {
        return offset;
    }

    Page page() {
        return Requests.page(limit, offset);
    }
}
