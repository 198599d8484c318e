package dev.conveyor.bootstrap.metrics;

import com.codahale.metrics.MetricRegistry;
import io.dropwizard.db.ManagedPooledDataSource;
import io.prometheus.metrics.core.metrics.Gauge;
import io.prometheus.metrics.instrumentation.dropwizard.DropwizardExports;
import io.prometheus.metrics.instrumentation.dropwizard5.labels.CustomLabelMapper;
import io.prometheus.metrics.instrumentation.dropwizard5.labels.MapperConfig;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.util.List;
import java.util.Map;

/**
 * Everything Dropwizard measures in its MetricRegistry (JVM memory, GC, threads; Jetty; the connection pool),
 * exported to Prometheus by the Prometheus client's Dropwizard bridge. The pool's gauges get Conveyor names.
 */
public final class DropwizardBridge {
    private DropwizardBridge() {}

    public static void register(PrometheusRegistry registry, MetricRegistry dropwizard, String pool, int maxSize) {
        String prefix = MetricRegistry.name(ManagedPooledDataSource.class, pool) + ".";
        CustomLabelMapper names = new CustomLabelMapper(List.of(
                new MapperConfig(prefix + "active", "conveyor_db_pool_active_connections", Map.of()),
                new MapperConfig(prefix + "idle", "conveyor_db_pool_idle_connections", Map.of()),
                new MapperConfig(prefix + "waiting", "conveyor_db_pool_waiting_requests", Map.of())));
        DropwizardExports.builder()
                .dropwizardRegistry(dropwizard)
                .customLabelMapper(names)
                .register(registry);
        Gauge.builder()
                .name("conveyor_db_pool_max_connections")
                .help("The most connections the pool opens (database.maxSize).")
                .register(registry)
                .set(maxSize);
    }
}
