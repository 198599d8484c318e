package dev.conveyor.bootstrap;

import dev.conveyor.application.fakes.MutableClock;
import dev.conveyor.postgres.testing.TestDatabase;
import io.dropwizard.core.Application;
import io.dropwizard.testing.ConfigOverride;
import io.dropwizard.testing.DropwizardTestSupport;
import io.dropwizard.testing.ResourceHelpers;
import io.dropwizard.testing.junit5.DropwizardAppExtension;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

/**
 * The whole application on free ports, over its own test database, with a clock the test controls. The long
 * poll re-check is 10 s in the test configuration, so only a signal can wake a waiting receive sooner.
 */
final class ConveyorTestApp {
    private ConveyorTestApp() {}

    static MutableClock clock() {
        return new MutableClock(Instant.now().truncatedTo(ChronoUnit.MICROS));
    }

    static DropwizardAppExtension<ConveyorConfiguration> extension(
            TestDatabase db, MutableClock clock, ConfigOverride... more) {
        return extension(db.url(), db, clock, more);
    }

    /**
     * As above, reaching the database at {@code url} (through a proxy, say). Overrides of one key must not repeat:
     * DropwizardTestSupport keeps them in a set, so which one wins varies.
     */
    static DropwizardAppExtension<ConveyorConfiguration> extension(
            String url, TestDatabase db, MutableClock clock, ConfigOverride... more) {
        ConfigOverride[] overrides = new ConfigOverride[more.length + 3];
        overrides[0] = ConfigOverride.config("database.url", url);
        overrides[1] = ConfigOverride.config("database.user", db.user());
        overrides[2] = ConfigOverride.config("database.password", db.password());
        System.arraycopy(more, 0, overrides, 3, more.length);
        return new DropwizardAppExtension<>(
                new DropwizardTestSupport<>(
                        ConveyorApplication.class, ResourceHelpers.resourceFilePath("test-config.yml"), overrides) {
                    @Override
                    public Application<ConveyorConfiguration> newApplication() {
                        return new ConveyorApplication(clock);
                    }
                });
    }
}
