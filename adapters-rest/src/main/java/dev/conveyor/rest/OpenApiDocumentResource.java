package dev.conveyor.rest;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.swagger.v3.core.util.Json;
import io.swagger.v3.core.util.Yaml;
import io.swagger.v3.oas.annotations.Hidden;
import io.swagger.v3.oas.models.OpenAPI;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.function.Supplier;

/**
 * {@code /openapi.json} and {@code /openapi.yaml}. The document depends only on the code, so it is built on the
 * first request (not at startup, which it would slow) and kept. Unlike swagger's own OpenApiResource this keeps
 * no document in a JVM-wide registry, so each application in a JVM answers with its own.
 */
@Hidden
@Path("/openapi.{type:json|yaml}")
public final class OpenApiDocumentResource {
    private final Supplier<OpenAPI> build;
    private volatile Rendered rendered;

    OpenApiDocumentResource(Supplier<OpenAPI> build) {
        this.build = build;
    }

    @GET
    public Response document(@PathParam("type") String type) {
        Rendered document = rendered();
        return "yaml".equals(type)
                ? Response.ok(document.yaml(), "application/yaml; charset=utf-8")
                        .build()
                : Response.ok(document.json(), MediaType.APPLICATION_JSON_TYPE.withCharset("utf-8"))
                        .build();
    }

    private Rendered rendered() {
        Rendered document = rendered;
        if (document == null) {
            synchronized (this) {
                document = rendered;
                if (document == null) {
                    OpenAPI api = build.get();
                    try {
                        document = new Rendered(
                                Json.pretty().writeValueAsString(api),
                                Yaml.pretty().writeValueAsString(api));
                    } catch (JsonProcessingException e) {
                        throw new IllegalStateException("the OpenAPI document cannot be written", e);
                    }
                    rendered = document;
                }
            }
        }
        return document;
    }

    private record Rendered(String json, String yaml) {}
}
