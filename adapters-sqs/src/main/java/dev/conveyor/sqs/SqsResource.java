package dev.conveyor.sqs;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.conveyor.application.Principal;
import dev.conveyor.domain.ConveyorException;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.net.URI;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * The SQS endpoint on the application port: {@code POST /}, and the queue URLs {@code /{account}/{queue}} (POST,
 * and GET for the Query protocol). The protocol is decided once per request, from its headers; everything after
 * that is protocol-neutral until the answer is rendered.
 */
@Path("/")
public final class SqsResource {
    /** The logging context's key of the request id, set for every request before it reaches a resource. */
    private static final String REQUEST_ID_KEY = "request_id";

    private static final Logger LOG = LoggerFactory.getLogger(SqsResource.class);
    private static final String FORM = "application/x-www-form-urlencoded";

    private final SqsEndpoint endpoint;
    private final ObjectMapper mapper;
    private final long maxRequestBytes;

    /** @param maxRequestBytes the largest request body accepted ({@code messaging.maxRequestSize}, as on /v1) */
    public SqsResource(SqsEndpoint endpoint, ObjectMapper mapper, long maxRequestBytes) {
        this.endpoint = endpoint;
        this.mapper = mapper;
        this.maxRequestBytes = maxRequestBytes;
    }

    @POST
    @Consumes(MediaType.WILDCARD)
    public Response atRoot(@Context HttpHeaders headers, @Context UriInfo uri, @Context ContainerRequestContext body) {
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
            @Context ContainerRequestContext body) {
        return serve("POST", headers, uri, body, base(uri) + "/" + account + "/" + queue);
    }

    @GET
    @Path("{account: [0-9]+}/{queue}")
    public Response getAtQueue(
            @PathParam("account") String account,
            @PathParam("queue") String queue,
            @Context HttpHeaders headers,
            @Context UriInfo uri,
            @Context ContainerRequestContext body) {
        return serve("GET", headers, uri, body, base(uri) + "/" + account + "/" + queue);
    }

    /** The body is read here, from {@code context}, not by /v1's guard: refusing it is SQS's error too. */
    private Response serve(
            String method, HttpHeaders headers, UriInfo uri, ContainerRequestContext context, String pathQueueUrl) {
        String requestId = requestId();
        SqsBody body = new SqsBody(context.getEntityStream(), context.getLength(), maxRequestBytes);
        SqsProtocol protocol = protocol(headers, uri, body, pathQueueUrl);
        try {
            // Checked on the request's bytes as sent, before anything is read from them.
            Principal principal = endpoint.authenticate(new SignedRequest(
                    method,
                    uri.getRequestUri().getRawPath(),
                    uri.getRequestUri().getRawQuery(),
                    headers.getRequestHeaders(),
                    body.bytes(protocol.malformedBody())));
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

    /**
     * The id the request log and the {@code X-Request-ID} header already carry (the logging context's {@code
     * request_id}), so that an SQS client's {@code RequestId} finds the server's log lines; a new one outside it.
     */
    static String requestId() {
        String logged = MDC.get(REQUEST_ID_KEY);
        return logged != null ? logged : UUID.randomUUID().toString();
    }

    private SqsProtocol protocol(HttpHeaders headers, UriInfo uri, SqsBody body, String pathQueueUrl) {
        String target = headers.getHeaderString("X-Amz-Target");
        MediaType type = headers.getMediaType();
        if (SqsProtocol.isJson(target, type)) {
            return new JsonProtocol(mapper, target, body, pathQueueUrl);
        }
        boolean formBody = type == null || type.isCompatible(MediaType.valueOf(FORM));
        return new QueryProtocol(uri.getRequestUri().getRawQuery(), body, formBody, pathQueueUrl);
    }

    /** The scheme, host and port the request was sent to (the Host header's). */
    private static String base(UriInfo uri) {
        URI base = uri.getBaseUri();
        return base.getScheme() + "://" + base.getRawAuthority();
    }
}
