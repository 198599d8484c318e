package dev.conveyor.bootstrap.metrics;

import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.Histogram;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.prometheus.metrics.model.snapshots.Unit;
import java.util.List;
import java.util.Set;
import org.glassfish.jersey.server.ContainerResponse;
import org.glassfish.jersey.server.ExtendedUriInfo;
import org.glassfish.jersey.server.monitoring.ApplicationEvent;
import org.glassfish.jersey.server.monitoring.ApplicationEventListener;
import org.glassfish.jersey.server.monitoring.RequestEvent;
import org.glassfish.jersey.server.monitoring.RequestEventListener;
import org.glassfish.jersey.uri.UriTemplate;

/**
 * Requests and their latency per route template ({@code /v1/queues/{id}/receive}, never the raw path, so that
 * the number of series stays bounded), method and status class. A Prometheus histogram with fixed buckets
 * from 1 ms to 10 s, because Dropwizard's timers export quantiles that cannot be summed across instances.
 */
public final class HttpMetrics implements ApplicationEventListener {
    static final double[] BUCKETS = {0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10};
    private static final Set<String> METHODS = Set.of("GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS");

    private final Counter requests;
    private final Histogram duration;

    public HttpMetrics(PrometheusRegistry registry) {
        requests = Counter.builder()
                .name("conveyor_http_requests_total")
                .help("HTTP requests answered, by method, route template and status class (2xx, 4xx, 5xx...).")
                .labelNames("method", "route", "status")
                .register(registry);
        duration = Histogram.builder()
                .name("conveyor_http_request_duration_seconds")
                .unit(Unit.SECONDS)
                .help("Time from a request's arrival in Jersey to its response, long-poll waits included.")
                .labelNames("method", "route", "status")
                .classicOnly()
                .classicUpperBounds(BUCKETS)
                .register(registry);
    }

    @Override
    public void onEvent(ApplicationEvent event) {
        // Only requests are measured.
    }

    @Override
    public RequestEventListener onRequest(RequestEvent start) {
        long started = System.nanoTime();
        return event -> {
            if (event.getType() == RequestEvent.Type.FINISHED) {
                String method = event.getContainerRequest().getMethod();
                String[] labels = {
                    METHODS.contains(method) ? method : "OTHER", route(event.getUriInfo()), statusClass(event)
                };
                requests.labelValues(labels).inc();
                duration.labelValues(labels).observe((System.nanoTime() - started) / 1e9);
            }
        };
    }

    /** The matched templates joined outermost first; "unmatched" when no resource matched (a 404 by path). */
    static String route(ExtendedUriInfo uri) {
        List<UriTemplate> templates = uri.getMatchedTemplates();
        if (templates.isEmpty()) {
            return "unmatched";
        }
        StringBuilder route = new StringBuilder();
        for (int i = templates.size() - 1; i >= 0; i--) {
            String part = templates.get(i).getTemplate();
            if (!part.startsWith("/") && (route.length() == 0 || route.charAt(route.length() - 1) != '/')) {
                route.append('/');
            }
            if (part.startsWith("/") && route.length() > 0 && route.charAt(route.length() - 1) == '/') {
                part = part.substring(1);
            }
            route.append(part);
        }
        return route.length() == 0 ? "/" : route.toString();
    }

    private static String statusClass(RequestEvent event) {
        ContainerResponse response = event.getContainerResponse();
        int status = response == null ? 500 : response.getStatus();
        return (status / 100) + "xx";
    }
}
