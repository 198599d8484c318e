package dev.conveyor.rest;

import io.swagger.v3.oas.annotations.Hidden;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.CacheControl;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.EntityTag;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Request;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Map;
import java.util.Properties;

/**
 * Swagger UI at {@code /docs}, reading {@code /openapi.json}: a page of our own, and the few files of the
 * swagger-ui webjar it loads, all from this jar, so the documentation works without reaching any other host.
 */
@Hidden
@Path("/docs")
public final class DocsResource {
    private static final String POM_PROPERTIES = "META-INF/maven/org.webjars/swagger-ui/pom.properties";
    private static final String INITIALIZER = "conveyor-initializer.js";
    private static final String JAVASCRIPT = "text/javascript; charset=utf-8";

    /** The only webjar files served, by name: nothing else of the classpath can be named through the URL. */
    private static final Map<String, String> ASSETS = Map.of(
            "swagger-ui.css", "text/css; charset=utf-8",
            "index.css", "text/css; charset=utf-8",
            "swagger-ui-bundle.js", JAVASCRIPT,
            "favicon-32x32.png", "image/png",
            "favicon-16x16.png", "image/png");

    /**
     * The page's own scripts and the webjar's are all it runs; styles inline are Swagger UI's, images as data
     * URIs its icons. Nothing may be fetched from another host.
     */
    private static final String CONTENT_SECURITY_POLICY = "default-src 'self'; img-src 'self' data:; "
            + "style-src 'self' 'unsafe-inline'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'";

    private static final String PAGE = """
      <!DOCTYPE html>
      <html lang="en">
      <head>
        <meta charset="utf-8">
        <title>Conveyor API</title>
        <link rel="stylesheet" href="{docs}/swagger-ui.css">
        <link rel="stylesheet" href="{docs}/index.css">
        <link rel="icon" type="image/png" href="{docs}/favicon-32x32.png" sizes="32x32">
        <link rel="icon" type="image/png" href="{docs}/favicon-16x16.png" sizes="16x16">
      </head>
      <body>
        <div id="swagger-ui" data-url="{openapi}"></div>
        <script src="{docs}/swagger-ui-bundle.js"></script>
        <script src="{docs}/%s"></script>
      </body>
      </html>
      """.formatted(INITIALIZER);

    // Reads the document's address from the page, so this script is the same wherever the API is mounted.
    // validatorUrl null: Swagger UI would otherwise send the document to validator.swagger.io.
    private static final String INITIALIZER_SCRIPT = """
      window.addEventListener("load", function () {
        var root = document.getElementById("swagger-ui");
        window.ui = SwaggerUIBundle({
          url: root.dataset.url,
          domNode: root,
          deepLinking: true,
          validatorUrl: null,
          presets: [SwaggerUIBundle.presets.apis],
          layout: "BaseLayout"
        });
      });
      """;

    private final String webjarRoot;
    private final EntityTag version;

    public DocsResource() {
        String webjarVersion = webjarVersion();
        this.webjarRoot = "META-INF/resources/webjars/swagger-ui/" + webjarVersion + "/";
        this.version = new EntityTag("swagger-ui-" + webjarVersion);
    }

    @GET
    @Produces(MediaType.TEXT_HTML)
    public Response page(@Context UriInfo uri) {
        String base = withoutTrailingSlash(uri.getBaseUri().getRawPath());
        String page = PAGE.replace("{docs}", html(base + "/docs")).replace("{openapi}", html(base + "/openapi.json"));
        return Response.ok(page, MediaType.TEXT_HTML_TYPE.withCharset("utf-8"))
                .header("Content-Security-Policy", CONTENT_SECURITY_POLICY)
                .header("X-Content-Type-Options", "nosniff")
                .cacheControl(revalidate())
                .build();
    }

    @GET
    @Path("/" + INITIALIZER)
    public Response initializer() {
        return Response.ok(INITIALIZER_SCRIPT, JAVASCRIPT)
                .header("X-Content-Type-Options", "nosniff")
                .build();
    }

    /** One of {@link #ASSETS}; any other name, or anything that is not a plain name, is a JSON 404. */
    @GET
    @Path("/{file}")
    public Response asset(@PathParam("file") String file, @Context Request request) {
        String type = ASSETS.get(file);
        if (type == null) {
            throw new NotFoundException();
        }
        // The webjar's version names its content: a browser asks again each time and is told "not modified".
        Response.ResponseBuilder unchanged = request.evaluatePreconditions(version);
        if (unchanged != null) {
            return unchanged.build();
        }
        InputStream content = DocsResource.class.getClassLoader().getResourceAsStream(webjarRoot + file);
        if (content == null) {
            throw new NotFoundException();
        }
        return Response.ok(content, type)
                .tag(version)
                .cacheControl(revalidate())
                .header("X-Content-Type-Options", "nosniff")
                .build();
    }

    /** The webjar's version, read from its own metadata so that upgrading it is a change to the pom alone. */
    private static String webjarVersion() {
        try (InputStream in = DocsResource.class.getClassLoader().getResourceAsStream(POM_PROPERTIES)) {
            if (in == null) {
                throw new IllegalStateException("the swagger-ui webjar is not on the classpath: " + POM_PROPERTIES);
            }
            Properties properties = new Properties();
            properties.load(in);
            String version = properties.getProperty("version");
            if (version == null || version.isBlank()) {
                throw new IllegalStateException("no version in " + POM_PROPERTIES);
            }
            return version.trim();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Cached, but checked with the server before each use. */
    private static CacheControl revalidate() {
        CacheControl control = new CacheControl();
        control.setNoCache(true);
        return control;
    }

    private static String withoutTrailingSlash(String path) {
        return path.endsWith("/") ? path.substring(0, path.length() - 1) : path;
    }

    private static String html(String text) {
        return text.replace("&", "&amp;")
                .replace("\"", "&quot;")
                .replace("<", "&lt;")
                .replace(">", "&gt;");
    }
}
