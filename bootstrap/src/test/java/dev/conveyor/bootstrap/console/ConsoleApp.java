package dev.conveyor.bootstrap.console;

import dev.conveyor.application.ClientSecrets;
import dev.conveyor.application.ClientService;
import dev.conveyor.application.UuidV7Generator;
import dev.conveyor.bootstrap.ConveyorApplication;
import dev.conveyor.bootstrap.ConveyorConfiguration;
import dev.conveyor.postgres.JdbiClientRepository;
import dev.conveyor.postgres.JdbiSession;
import dev.conveyor.postgres.testing.TestDatabase;
import io.dropwizard.testing.ConfigOverride;
import io.dropwizard.testing.ResourceHelpers;
import io.dropwizard.testing.junit5.DropwizardAppExtension;
import java.security.SecureRandom;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/**
 * The whole application as the console meets it: on a free port, over its own test database, on the real clock
 * (the charts and ages follow time), sampling every queue each second so that figures move while a test looks.
 */
final class ConsoleApp {
    /** A key of 32 fixed bytes for the tests with authentication on. */
    static final byte[] KEY = key();

    private ConsoleApp() {}

    static DropwizardAppExtension<ConveyorConfiguration> withoutAuth(TestDatabase db) {
        return extension(db, false);
    }

    static DropwizardAppExtension<ConveyorConfiguration> withAuth(TestDatabase db) {
        return extension(db, true);
    }

    private static DropwizardAppExtension<ConveyorConfiguration> extension(TestDatabase db, boolean auth) {
        List<ConfigOverride> overrides = new ArrayList<>(List.of(
                ConfigOverride.config("database.url", db.url()),
                ConfigOverride.config("database.user", db.user()),
                ConfigOverride.config("database.password", db.password()),
                ConfigOverride.config("monitoring.queueStatsInterval", "1s")));
        if (auth) {
            overrides.add(ConfigOverride.config("auth.enabled", "true"));
            overrides.add(
                    ConfigOverride.config("auth.secretKey", Base64.getEncoder().encodeToString(KEY)));
        }
        return new DropwizardAppExtension<>(
                ConveyorApplication.class,
                ResourceHelpers.resourceFilePath("test-config.yml"),
                overrides.toArray(ConfigOverride[]::new));
    }

    /** A client's credentials. */
    record Credentials(String id, String secret) {}

    /**
     * A client made directly in the database, as the create-client command makes the first one: with
     * authentication on, the clients API needs a token already.
     */
    static Credentials createClient(TestDatabase db, String name, String scopes) {
        JdbiSession session = new JdbiSession(db.jdbi());
        InstantSource clock = InstantSource.system();
        ClientService.CreatedClient created = new ClientService(
                        new JdbiClientRepository(session),
                        new ClientSecrets(KEY, new SecureRandom()),
                        session,
                        new UuidV7Generator(clock),
                        clock)
                .create(name, scopes, null);
        return new Credentials(created.client().id().toString(), created.secret());
    }

    private static byte[] key() {
        byte[] key = new byte[32];
        for (int i = 0; i < key.length; i++) {
            key[i] = (byte) (i * 7 + 3);
        }
        return key;
    }
}
