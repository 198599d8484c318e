package dev.conveyor.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.conveyor.postgres.SchemaMigrations;
import dev.conveyor.postgres.testing.TestDatabase;
import io.dropwizard.core.Application;
import io.dropwizard.testing.ConfigOverride;
import io.dropwizard.testing.DropwizardTestSupport;
import io.dropwizard.testing.ResourceHelpers;
import jakarta.ws.rs.client.Client;
import jakarta.ws.rs.client.ClientBuilder;
import jakarta.ws.rs.client.Entity;
import jakarta.ws.rs.core.MediaType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** How the server finds its database: embedded and kept on disk, or external and migrated by command. */
class DatabaseStartupTest {
    private static final String CONFIG = ResourceHelpers.resourceFilePath("test-config.yml");

    @Test
    void theEmbeddedDatabaseKeepsMessagesAcrossRestarts(@TempDir Path data) throws Exception {
        ConfigOverride url = ConfigOverride.config("database.url", "embedded");
        ConfigOverride directory = ConfigOverride.config("embeddedDatabase.dataDirectory", data.toString());
        Client client = ClientBuilder.newClient();
        try {
            DropwizardTestSupport<ConveyorConfiguration> first = app(url, directory);
            first.before();
            try {
                String base = "http://localhost:" + first.getLocalPort();
                assertThat(client.target(base + "/v1/queues")
                                .request()
                                .post(Entity.entity("{\"id\": \"durable\"}", MediaType.APPLICATION_JSON))
                                .getStatus())
                        .isEqualTo(201);
                assertThat(client.target(base + "/v1/queues/durable/messages")
                                .request()
                                .post(Entity.entity("{\"body\": \"kept\"}", MediaType.APPLICATION_JSON))
                                .getStatus())
                        .isEqualTo(201);
            } finally {
                first.after();
            }
            assertThat(Files.exists(data.resolve("PG_VERSION"))).isTrue();

            DropwizardTestSupport<ConveyorConfiguration> second = app(url, directory);
            second.before();
            try {
                String base = "http://localhost:" + second.getLocalPort();
                Map<?, ?> received = client.target(base + "/v1/queues/durable/receive")
                        .request()
                        .post(Entity.entity("{}", MediaType.APPLICATION_JSON), Map.class);
                assertThat((List<?>) received.get("data")).hasSize(1);
                assertThat(((Map<?, ?>) ((List<?>) received.get("data")).get(0)).get("body"))
                        .isEqualTo("kept");
            } finally {
                second.after();
            }
        } finally {
            client.close();
        }
    }

    /**
     * Zonky's defaults, fsync and synchronous_commit off, suit throwaway test databases: a crash of the embedded
     * PostgreSQL then loses commits already answered 201 (the fault suite's pg-restart lost 8 in immediate mode).
     */
    @Test
    void theEmbeddedDatabaseCommitsDurably(@TempDir Path data) throws Exception {
        DropwizardTestSupport<ConveyorConfiguration> app = app(
                ConfigOverride.config("database.url", "embedded"),
                ConfigOverride.config("embeddedDatabase.dataDirectory", data.toString()));
        app.before();
        try (Connection connection = DriverManager.getConnection(
                        app.getConfiguration().getDatabase().getUrl(), "postgres", "");
                Statement statement = connection.createStatement();
                ResultSet settings = statement.executeQuery("SELECT name, setting FROM pg_settings"
                        + " WHERE name IN ('fsync', 'synchronous_commit', 'full_page_writes') ORDER BY name")) {
            Map<String, String> durability = new TreeMap<>();
            while (settings.next()) {
                durability.put(settings.getString(1), settings.getString(2));
            }
            assertThat(durability)
                    .isEqualTo(Map.of("fsync", "on", "full_page_writes", "on", "synchronous_commit", "on"));
        } finally {
            app.after();
        }
    }

    @Test
    void theServerRefusesToStartOnAnExternalDatabaseWhoseSchemaIsBehind() {
        try (TestDatabase db = TestDatabase.create(false)) {
            DropwizardTestSupport<ConveyorConfiguration> app = app(
                    ConfigOverride.config("database.url", db.url()),
                    ConfigOverride.config("database.user", db.user()),
                    ConfigOverride.config("database.password", db.password()));
            assertThatThrownBy(app::before)
                    .satisfies(e -> assertThat(causes(e)).anySatisfy(cause -> {
                        assertThat(cause).isInstanceOf(StartupRefusedException.class);
                        assertThat(cause.getMessage())
                                .contains("schema is behind")
                                .contains("db migrate");
                    }));
            app.after();
        }
    }

    @Test
    void dbMigrateBringsAnExternalDatabaseUpToDate() throws Exception {
        try (TestDatabase db = TestDatabase.create(false)) {
            dbMigrates(db, 1);
            try (Connection c = db.connect()) {
                assertThat(SchemaMigrations.pending(c)).isEmpty();
            }
        }
    }

    @Test
    void threeDbMigratesStartedAtOnceOnAnEmptyDatabaseAllSucceed() throws Exception {
        // As deploy jobs of several instances would; Liquibase alone failed one of them.
        try (TestDatabase db = TestDatabase.create(false)) {
            dbMigrates(db, 3);
            try (Connection c = db.connect();
                    Statement s = c.createStatement();
                    ResultSet rs = s.executeQuery("SELECT count(*), count(DISTINCT id) FROM databasechangelog")) {
                assertThat(SchemaMigrations.pending(c)).isEmpty();
                rs.next();
                assertThat(rs.getInt(1))
                        .as("changesets applied, each once")
                        .isEqualTo(rs.getInt(2))
                        .isPositive();
            }
        }
    }

    /** Runs {@code db migrate} on {@code db} this many times at once, in-process; fails if any of them fails. */
    private static void dbMigrates(TestDatabase db, int migrations) throws Exception {
        System.setProperty("dw.database.url", db.url());
        System.setProperty("dw.database.user", db.user());
        System.setProperty("dw.database.password", db.password());
        ExecutorService threads = Executors.newFixedThreadPool(migrations);
        try {
            CyclicBarrier start = new CyclicBarrier(migrations);
            List<Future<?>> outcomes = new java.util.ArrayList<>();
            for (int i = 0; i < migrations; i++) {
                outcomes.add(threads.submit(() -> {
                    start.await();
                    new ConveyorApplication() {
                        @Override
                        protected void onFatalError(Throwable t) {
                            throw new AssertionError("db migrate failed", t); // instead of System.exit
                        }
                    }.run("db", "migrate", CONFIG);
                    return null;
                }));
            }
            for (Future<?> outcome : outcomes) {
                // Without the migration lock, concurrent ones also got stuck behind Liquibase's lock, which none held.
                outcome.get(1, TimeUnit.MINUTES);
            }
        } finally {
            threads.shutdownNow();
            System.clearProperty("dw.database.url");
            System.clearProperty("dw.database.user");
            System.clearProperty("dw.database.password");
        }
    }

    private static DropwizardTestSupport<ConveyorConfiguration> app(ConfigOverride... overrides) {
        return new DropwizardTestSupport<>(ConveyorApplication.class, CONFIG, overrides) {
            @Override
            public Application<ConveyorConfiguration> newApplication() {
                return new ConveyorApplication(ConveyorTestApp.clock());
            }
        };
    }

    private static List<Throwable> causes(Throwable e) {
        List<Throwable> chain = new java.util.ArrayList<>();
        for (Throwable t = e; t != null; t = t.getCause()) {
            chain.add(t);
        }
        return chain;
    }
}
