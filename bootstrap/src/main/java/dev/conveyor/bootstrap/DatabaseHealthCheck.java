package dev.conveyor.bootstrap;

import com.codahale.metrics.health.HealthCheck;
import dev.conveyor.application.ReadinessProbe;

/** The admin port's {@code database} check: the same short, cached probe as {@code /readiness}. */
final class DatabaseHealthCheck extends HealthCheck {
    private final ReadinessProbe probe;

    DatabaseHealthCheck(ReadinessProbe probe) {
        this.probe = probe;
    }

    @Override
    protected Result check() {
        return probe.storeReachable()
                ? Result.healthy("PostgreSQL answers")
                : Result.unhealthy("PostgreSQL cannot be reached");
    }
}
