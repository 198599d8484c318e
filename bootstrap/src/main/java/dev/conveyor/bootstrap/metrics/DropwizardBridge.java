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
 * exported to Prometheus by the Prometheus client's Dropwizard bridge, every name under {@code conveyor_dropwizard_}
 * ({@code conveyor_dropwizard_jvm_memory_heap_used}). Not bare {@code jvm_*}: Dropwizard's JVM names only look like
 * the ones Prometheus' own JVM instrumentation and the JMX exporter write ({@code jvm_memory_used_bytes{area="heap"}}),
 * so dashboards made for those would not find them, and an agent exporting those beside them would clash. The
 * pool's gauges get Conveyor names of their own.
 */
public final class DropwizardBridge {
    /** Before every bridged name; Prometheus' sanitizing turns its dots into underscores. */
    static final String PREFIX = "conveyor.dropwizard";

    private DropwizardBridge() {}

    public static void register(PrometheusRegistry registry, MetricRegistry dropwizard, String pool, int maxSize) {
        // A registry holding a registry sees, under the prefix, every metric the inner one has or gets later.
        MetricRegistry prefixed = new MetricRegistry();
        prefixed.register(PREFIX, dropwizard);
        String prefix = MetricRegistry.name(PREFIX, MetricRegistry.name(ManagedPooledDataSource.class, pool)) + ".";
        CustomLabelMapper names = new CustomLabelMapper(List.of(
                new MapperConfig(prefix + "active", "conveyor_db_pool_active_connections", Map.of()),
                new MapperConfig(prefix + "idle", "conveyor_db_pool_idle_connections", Map.of()),
                new MapperConfig(prefix + "waiting", "conveyor_db_pool_waiting_requests", Map.of())));
        DropwizardExports.builder()
                .dropwizardRegistry(prefixed)
                .customLabelMapper(names)
                .register(registry);
        Gauge.builder()
                .name("conveyor_db_pool_max_connections")
                .help("The most connections the pool opens (database.maxSize).")
                .register(registry)
                .set(maxSize);
    }
}
