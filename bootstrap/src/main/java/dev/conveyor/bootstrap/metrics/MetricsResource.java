package dev.conveyor.bootstrap.metrics;

import io.prometheus.metrics.config.EscapingScheme;
import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.StreamingOutput;

/** {@code GET /metrics}: every metric in Prometheus text format, on the application port for scrapers. */
@Path("/metrics")
@Tag(name = "operations")
public final class MetricsResource {
    private static final PrometheusTextFormatWriter WRITER = PrometheusTextFormatWriter.create();

    private final PrometheusRegistry registry;

    public MetricsResource(PrometheusRegistry registry) {
        this.registry = registry;
    }

    @GET
    @Operation(
            operationId = "metrics",
            summary = "Metrics for Prometheus",
            description = "JVM, HTTP per route, database pool, and per queue the message counters and the sampled "
                    + "gauges. The README's metrics table describes each.")
    @ApiResponse(
            responseCode = "200",
            description = "Prometheus text exposition format 0.0.4",
            content = @Content(mediaType = "text/plain", schema = @Schema(type = "string")))
    public Response scrape() {
        StreamingOutput body = out -> WRITER.write(out, registry.scrape(), EscapingScheme.UNDERSCORE_ESCAPING);
        return Response.ok(body, PrometheusTextFormatWriter.CONTENT_TYPE).build();
    }
}
