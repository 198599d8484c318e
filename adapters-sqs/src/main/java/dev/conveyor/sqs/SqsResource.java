package dev.conveyor.sqs;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.conveyor.application.Principal;
import dev.conveyor.domain.ConveyorException;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The SQS endpoint on the application port: {@code POST /}, and the queue URLs {@code /{account}/{queue}} (POST,
 * and GET for the Query protocol). The protocol is decided once per request, from its headers; everything after
 * that is protocol-neutral until the answer is rendered.
 */
@Path("/")
public final class SqsResource {
    private static final Logger LOG = LoggerFactory.getLogger(SqsResource.class);
    private static final String FORM = "application/x-www-form-urlencoded";

    private final SqsEndpoint endpoint;
    private final ObjectMapper mapper;

    public SqsResource(SqsEndpoint endpoint, ObjectMapper mapper) {
        this.endpoint = endpoint;
        this.mapper = mapper;
    }

    @POST
    @Consumes(MediaType.WILDCARD)
    public Response atRoot(@Context HttpHeaders headers, @Context UriInfo uri, byte[] body) {
        return serve("POST", headers, uri, body, null);
    }

    @POST
    @Path("{account: [0-9]+}/{queue}")
    @Consumes(MediaType.WILDCARD)
    public Response atQueue(
            @PathParam("account") String account,
            @PathParam("queue") String queue,
            @Context HttpHeaders headers,
            @Context UriInfo uri,
            byte[] body) {
        return serve("POST", headers, uri, body, base(uri) + "/" + account + "/" + queue);
    }

    @GET
    @Path("{account: [0-9]+}/{queue}")
    public Response getAtQueue(
            @PathParam("account") String account,
            @PathParam("queue") String queue,
            @Context HttpHeaders headers,
            @Context UriInfo uri) {
        return serve("GET", headers, uri, new byte[0], base(uri) + "/" + account + "/" + queue);
    }

    private Response serve(String method, HttpHeaders headers, UriInfo uri, byte[] body, String pathQueueUrl) {
        String requestId = UUID.randomUUID().toString();
        SqsProtocol protocol = protocol(headers, uri, body == null ? new byte[0] : body, pathQueueUrl);
        try {
            // Checked on the request's bytes as sent, before anything is read from them.
            Principal principal = endpoint.authenticate(new SignedRequest(
                    method,
                    uri.getRequestUri().getRawPath(),
                    uri.getRequestUri().getRawQuery(),
                    headers.getRequestHeaders(),
                    body));
            SqsRequest request = protocol.read();
            return protocol.render(request.action(), endpoint.handle(request, base(uri), principal), requestId);
        } catch (SqsException e) {
            return protocol.renderError(e, requestId);
        } catch (ConveyorException e) {
            return protocol.renderError(SqsEndpoint.translate(e), requestId);
        } catch (RuntimeException e) {
            LOG.error("SQS request {} failed", requestId, e);
            return protocol.renderError(
                    SqsError.INTERNAL_FAILURE.because("The request processing has failed because of an unknown"
                            + " error, exception or failure."),
                    requestId);
        }
    }

    /** JSON when the target or the content type says so (as ElasticMQ decides); Query otherwise. */
    private SqsProtocol protocol(HttpHeaders headers, UriInfo uri, byte[] body, String pathQueueUrl) {
        String target = headers.getHeaderString("X-Amz-Target");
        MediaType type = headers.getMediaType();
        boolean json = (target != null && target.startsWith(JsonProtocol.TARGET_PREFIX))
                || (type != null && type.getSubtype().startsWith("x-amz-json"));
        if (json) {
            return new JsonProtocol(mapper, target, body, pathQueueUrl);
        }
        Map<String, List<String>> form = new LinkedHashMap<>();
        uri.getQueryParameters()
                .forEach((name, values) ->
                        form.computeIfAbsent(name, n -> new ArrayList<>()).addAll(values));
        String formBody = type == null || type.isCompatible(MediaType.valueOf(FORM))
                ? new String(body, StandardCharsets.UTF_8)
                : "";
        return new QueryProtocol(form, formBody, pathQueueUrl);
    }

    /** The scheme, host and port the request was sent to (the Host header's). */
    private static String base(UriInfo uri) {
        URI base = uri.getBaseUri();
        return base.getScheme() + "://" + base.getRawAuthority();
    }
}
