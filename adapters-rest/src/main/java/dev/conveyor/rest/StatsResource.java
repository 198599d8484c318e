package dev.conveyor.rest;

import dev.conveyor.application.StatsService;
import dev.conveyor.domain.Page;
import dev.conveyor.rest.auth.Requires;
import dev.conveyor.rest.dto.ErrorResponse;
import dev.conveyor.rest.dto.HistoriesResponse;
import dev.conveyor.rest.dto.StatsOverviewResponse;
import dev.conveyor.rest.dto.ValidationErrorResponse;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.headers.Header;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.ws.rs.BeanParam;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;

/**
 * {@code /v1/stats}: every queue at a glance, from the samples and activity the server keeps, never counted per
 * request, so a dashboard refreshing every few seconds costs the database nothing however much is stored.
 */
@Path("/v1/stats")
@Produces(MediaType.APPLICATION_JSON)
@Tag(
        name = "stats",
        description = "Counts, rates and history of many queues at once, from the samples the server takes every "
                + "monitoring.queueStatsInterval and keeps for monitoring.statsHistory.")
@ApiResponse(
        responseCode = "503",
        description = "The database cannot be reached.",
        headers =
                @Header(
                        name = "Retry-After",
                        description = "Seconds to wait before trying again.",
                        schema = @Schema(type = "integer")),
        content = @Content(schema = @Schema(implementation = ErrorResponse.class)))
public final class StatsResource {
    static final String WINDOW = "How far back the history goes, in seconds: 60 up to the history kept "
            + "(monitoring.statsHistory, 86400 by default). Default 3600.";
    static final String STEP = "The length of each point's step, in seconds, at most the window and giving at most "
            + "1000 points. Default: the smallest multiple of the sampling interval that gives at most 180 points.";

    private final StatsService stats;

    public StatsResource(StatsService stats) {
        this.stats = stats;
    }

    @GET
    @Requires("queues:read")
    @Operation(
            operationId = "getStatsOfQueues",
            summary = "Counts and rates of many queues",
            description = "A page of the queues, by name, each with its counts as of the latest sample (taken by one "
                    + "server instance for all, every monitoring.queueStatsInterval) and its rates: messages per "
                    + "second over the last rate_window_seconds, summed over every instance.")
    @ApiResponse(
            responseCode = "200",
            description = "A page of queues with their counts and rates.",
            content = @Content(schema = @Schema(implementation = StatsOverviewResponse.class)))
    @ApiResponse(
            responseCode = "422",
            description = "limit or offset out of bounds, or not an integer.",
            content = @Content(schema = @Schema(implementation = ValidationErrorResponse.class)))
    public StatsOverviewResponse overview(@BeanParam PageParameters paging) {
        Page page = paging.page();
        return StatsOverviewResponse.from(stats.overview(page), page);
    }

    @GET
    @Path("/history")
    @Requires("queues:read")
    @Operation(
            operationId = "getHistoryOfQueues",
            summary = "History of many queues",
            description = "A page of the queues, by name, each with its counts and rates step by step over the "
                    + "window, all queues over the same steps: for a small chart per queue.")
    @ApiResponse(
            responseCode = "200",
            description = "A page of queues with their points.",
            content = @Content(schema = @Schema(implementation = HistoriesResponse.class)))
    @ApiResponse(
            responseCode = "422",
            description = "limit, offset, window_seconds or step_seconds out of bounds, or not an integer.",
            content = @Content(schema = @Schema(implementation = ValidationErrorResponse.class)))
    public HistoriesResponse histories(
            @Parameter(description = WINDOW, schema = @Schema(type = "integer", format = "int64", minimum = "60"))
                    @QueryParam("window_seconds")
                    String window,
            @Parameter(description = STEP, schema = @Schema(type = "integer", format = "int64", minimum = "1"))
                    @QueryParam("step_seconds")
                    String step,
            @BeanParam PageParameters paging) {
        Page page = paging.page();
        return HistoriesResponse.from(
                stats.histories(page, Requests.number("window_seconds", window), Requests.number("step_seconds", step)),
                page);
    }
}
