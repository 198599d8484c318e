package dev.conveyor.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.conveyor.bootstrap.BearerApi.Credentials;
import dev.conveyor.postgres.testing.TestDatabase;
import io.dropwizard.configuration.FileConfigurationSourceProvider;
import io.dropwizard.configuration.SubstitutingSourceProvider;
import io.dropwizard.configuration.YamlConfigurationFactory;
import io.dropwizard.core.Application;
import io.dropwizard.jackson.Jackson;
import io.dropwizard.jersey.validation.Validators;
import io.dropwizard.testing.ConfigOverride;
import io.dropwizard.testing.DropwizardTestSupport;
import io.dropwizard.testing.ResourceHelpers;
import io.dropwizard.testing.junit5.DropwizardAppExtension;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.Stream;
import org.apache.commons.text.StringSubstitutor;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Turning authentication on: the server refuses, in one line, to start without a key of at least 256 bits;
 * config.yml reads the settings from the environment; generate-secret and create-client make the key and the
 * first client.
 */
class AuthStartupTest {
    private static final String CONFIG = ResourceHelpers.resourceFilePath("test-config.yml");
    static final TestDatabase DB = TestDatabase.create();

    @AfterAll
    static void dropDatabase() {
        DB.close();
    }

    private static DropwizardTestSupport<ConveyorConfiguration> app(ConfigOverride... auth) {
        List<ConfigOverride> overrides = new ArrayList<>(List.of(
                ConfigOverride.config("database.url", DB.url()),
                ConfigOverride.config("database.user", DB.user()),
                ConfigOverride.config("database.password", DB.password())));
        overrides.addAll(List.of(auth));
        return new DropwizardTestSupport<>(
                ConveyorApplication.class, CONFIG, overrides.toArray(ConfigOverride[]::new)) {
            @Override
            public Application<ConveyorConfiguration> newApplication() {
                return new ConveyorApplication(ConveyorTestApp.clock());
            }
        };
    }

    private static String base64OfBytes(int length) {
        return Base64.getEncoder().encodeToString(java.util.Arrays.copyOf(BearerApi.key(5), length));
    }

    // ---- refusing to start

    static Stream<Arguments> badKeys() {
        return Stream.of(
                Arguments.of("no key", null, "is not set"),
                Arguments.of("an empty key", "", "is not set"),
                Arguments.of("a 128-bit key", base64OfBytes(16), "256"),
                Arguments.of("a 248-bit key", base64OfBytes(31), "256"),
                Arguments.of("text that is not base64", "this is not base64!", "base64"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badKeys")
    void withAuthOnTheServerRefusesToStartWithoutAKeyOfAtLeast256BitsSayingWhyInOneLine(
            String label, String key, String explanation) {
        List<ConfigOverride> auth = new ArrayList<>(List.of(ConfigOverride.config("auth.enabled", "true")));
        if (key != null) {
            auth.add(ConfigOverride.config("auth.secretKey", key));
        }
        DropwizardTestSupport<ConveyorConfiguration> app = app(auth.toArray(ConfigOverride[]::new));

        Throwable thrown = catchThrowable(app::before);
        app.after();

        assertThat(thrown).as("the server started").isNotNull();
        Optional<StartupRefusedException> refused = StartupRefusedException.in(thrown);
        assertThat(refused).as("a refusal among the causes of %s", thrown).isPresent();
        assertThat(refused.get().getMessage())
                .doesNotContain("\n")
                .doesNotContain("\r")
                .contains("auth.secret_key")
                .contains(explanation);
    }

    @Test
    void theServerCommandPrintsTheRefusalAsOneLine(@TempDir Path dir) throws Exception {
        Path noKey = config(dir.resolve("no-key.yml"), "auth:\n  enabled: true\n");
        Path shortKey = config(
                dir.resolve("short-key.yml"), "auth:\n  enabled: true\n  secret_key: " + base64OfBytes(16) + "\n");

        CommandRun missing = CommandRun.of("server", noKey.toString());
        CommandRun tooShort = CommandRun.of("server", shortKey.toString());

        assertThat(missing.failure()).isPresent();
        assertThat(missing.errLines())
                .singleElement()
                .asString()
                .startsWith("Conveyor will not start: ")
                .contains("auth.secret_key")
                .contains("is not set");
        assertThat(tooShort.failure()).isPresent();
        assertThat(tooShort.errLines())
                .singleElement()
                .asString()
                .startsWith("Conveyor will not start: ")
                .contains("auth.secret_key")
                .contains("128 bits")
                .contains("256");
    }

    @Test
    void withAuthOffTheServerStartsWithoutAKeyAndServesEveryoneAsBefore() throws Exception {
        DropwizardTestSupport<ConveyorConfiguration> app = app();
        app.before();
        try {
            BearerApi api = new BearerApi(app::getLocalPort);
            api.get("/v1/queues", null).expect(200);
            api.post("/v1/queues", "{\"id\": \"open\"}", null).expect(201);
            api.get("/v1/queues/open", "not-even-a-token").expect(200);
            api.get("/v1/clients", null).expect(404);
            api.post("/v1/oauth/token", "{\"client_id\": \"x\", \"client_secret\": \"y\"}", null)
                    .expect(404);
        } finally {
            app.after();
        }
    }

    @Test
    void withAuthOffAShortKeyDoesNotMatter() throws Exception {
        DropwizardTestSupport<ConveyorConfiguration> app =
                app(ConfigOverride.config("auth.secretKey", base64OfBytes(16)));
        app.before();
        try {
            new BearerApi(app::getLocalPort).get("/v1/queues", null).expect(200);
        } finally {
            app.after();
        }
    }

    @Test
    void theKeyIsAcceptedAsSecretKeyOrSecret_key() throws Exception {
        byte[] key = BearerApi.key(6);
        Credentials admin = BearerApi.createDirectly(DB, key, ConveyorTestApp.clock(), "alias-admin", "*");
        for (String setting : new String[] {"auth.secretKey", "auth.secret_key"}) {
            DropwizardTestSupport<ConveyorConfiguration> app = app(
                    ConfigOverride.config("auth.enabled", "true"),
                    ConfigOverride.config(setting, BearerApi.base64(key)));
            app.before();
            try {
                BearerApi api = new BearerApi(app::getLocalPort);
                api.get("/v1/queues", null).expectUnauthorized();
                api.get("/v1/queues", api.token(admin)).expect(200);
            } finally {
                app.after();
            }
        }
    }

    // ---- config.yml

    @Test
    void configYmlReadsTheAuthSettingsFromTheEnvironment() throws Exception {
        String key = BearerApi.base64(BearerApi.key(7));

        ConveyorConfiguration configured = readConfigYml(Map.of(
                "CONVEYOR_AUTH_ENABLED",
                "true",
                "CONVEYOR_AUTH_SECRET_KEY",
                key,
                "CONVEYOR_AUTH_TOKEN_LIFETIME",
                "5m"));
        ConveyorConfiguration defaults = readConfigYml(Map.of());

        assertThat(configured.getAuth().isEnabled()).isTrue();
        assertThat(configured.getAuth().key()).isEqualTo(BearerApi.key(7));
        assertThat(configured.getAuth().getTokenLifetime().toSeconds()).isEqualTo(300);
        assertThat(defaults.getAuth().isEnabled()).as("off by default").isFalse();
        assertThat(defaults.getAuth().getTokenLifetime().toMinutes()).isEqualTo(30);
    }

    private static ConveyorConfiguration readConfigYml(Map<String, String> environment) throws Exception {
        return new YamlConfigurationFactory<>(
                        ConveyorConfiguration.class, Validators.newValidator(), Jackson.newObjectMapper(), "dw")
                .build(
                        new SubstitutingSourceProvider(
                                new FileConfigurationSourceProvider(), new StringSubstitutor(environment)),
                        Path.of("..", "config.yml").toString());
    }

    // ---- generate-secret

    @Test
    void generateSecretPrintsTheBase64Of32RandomBytesDifferentEachTime() throws Exception {
        CommandRun first = CommandRun.of("generate-secret");
        CommandRun second = CommandRun.of("generate-secret");

        assertThat(first.failure()).isEmpty();
        assertThat(first.outLines()).hasSize(1);
        assertThat(Base64.getDecoder().decode(first.outLines().get(0))).hasSize(32);
        assertThat(second.outLines()).hasSize(1);
        assertThat(second.outLines().get(0)).isNotEqualTo(first.outLines().get(0));
    }

    // ---- create-client

    @Test
    void createClientPrintsCredentialsThatGetATokenFromTheServerWithTheSameKey(@TempDir Path dir) throws Exception {
        String key = CommandRun.of("generate-secret").outLines().get(0);
        DropwizardAppExtension<ConveyorConfiguration> app = ConveyorTestApp.extension(
                DB,
                ConveyorTestApp.clock(),
                ConfigOverride.config("auth.enabled", "true"),
                ConfigOverride.config("auth.secretKey", key));
        app.before();
        try {
            BearerApi api = new BearerApi(app::getLocalPort);
            Path config = config(dir.resolve("config.yml"), "auth:\n  secret_key: " + key + "\n");

            CommandRun admin =
                    CommandRun.of("create-client", config.toString(), "--name", "first admin", "--scopes", "*");
            CommandRun worker = CommandRun.of(
                    "create-client",
                    config.toString(),
                    "--name",
                    "worker",
                    "--scopes",
                    "topics:publish queues:consume:orders");

            assertThat(admin.failure()).isEmpty();
            Credentials adminCredentials = credentials(admin);
            JsonToken adminToken = token(api, adminCredentials);
            assertThat(adminToken.scope()).isEqualTo("*");
            api.get("/v1/queues", adminToken.value()).expect(200);
            com.fasterxml.jackson.databind.JsonNode client = api.get(
                            "/v1/clients/" + adminCredentials.id(), adminToken.value())
                    .expect(200);
            assertThat(client.get("name").asText()).isEqualTo("first admin");
            assertThat(client.get("is_active").asBoolean()).isTrue();

            assertThat(worker.failure()).isEmpty();
            assertThat(worker.outLines()).contains("scopes: queues:consume:orders topics:publish");
            Credentials workerCredentials = credentials(worker);
            assertThat(workerCredentials.id()).isNotEqualTo(adminCredentials.id());
            JsonToken workerToken = token(api, workerCredentials);
            assertThat(workerToken.scope()).isEqualTo("queues:consume:orders topics:publish");
            api.get("/v1/queues", workerToken.value()).expectForbidden("queues:read");
        } finally {
            app.after();
        }
    }

    @Test
    void createClientRefusesBadScopesOrAMissingKeyInOneLineAndCreatesNothing(@TempDir Path dir) throws Exception {
        byte[] key = BearerApi.key(8);
        Path withKey = config(dir.resolve("with-key.yml"), "auth:\n  secret_key: " + BearerApi.base64(key) + "\n");
        Path withoutKey = config(dir.resolve("without-key.yml"), "");
        int clientsBefore = countClients();

        CommandRun badScopes =
                CommandRun.of("create-client", withKey.toString(), "--name", "x", "--scopes", "queues:fly");
        CommandRun noKey = CommandRun.of("create-client", withoutKey.toString(), "--name", "x", "--scopes", "*");

        assertThat(badScopes.failure()).isPresent();
        assertThat(badScopes.errLines())
                .singleElement()
                .asString()
                .startsWith("No client created: ")
                .contains("'queues:fly' is not a scope");
        assertThat(noKey.failure()).isPresent();
        assertThat(noKey.errLines())
                .singleElement()
                .asString()
                .startsWith("No client created: ")
                .contains("auth.secret_key");
        assertThat(badScopes.outLines()).noneMatch(line -> line.startsWith("client_"));
        assertThat(noKey.outLines()).noneMatch(line -> line.startsWith("client_"));
        assertThat(countClients()).isEqualTo(clientsBefore);
    }

    private static int countClients() {
        return DB.jdbi()
                .withHandle(h -> h.createQuery("SELECT count(*) FROM clients")
                        .mapTo(Integer.class)
                        .one());
    }

    /** test-config.yml on the test database, with more YAML at the end. */
    private static Path config(Path file, String more) throws Exception {
        String yaml = Files.readString(Path.of(CONFIG))
                .replaceFirst("(?m)^  url: .*$", "  url: \"" + DB.url() + "\"")
                .replaceFirst("(?m)^  user: .*$", "  user: \"" + DB.user() + "\"")
                .replaceFirst("(?m)^  password: .*$", "  password: \"" + DB.password() + "\"");
        return Files.writeString(file, yaml + "\n" + more);
    }

    private static Credentials credentials(CommandRun run) {
        String id = value(run, "client_id: ");
        String secret = value(run, "client_secret: ");
        assertThat(UUID.fromString(id).toString()).isEqualTo(id);
        return new Credentials(id, secret);
    }

    private static String value(CommandRun run, String prefix) {
        List<String> lines =
                run.outLines().stream().filter(line -> line.startsWith(prefix)).toList();
        assertThat(lines).as("lines starting with %s in %s", prefix, run.out()).hasSize(1);
        return lines.get(0).substring(prefix.length()).trim();
    }

    record JsonToken(String value, String scope) {}

    private static JsonToken token(BearerApi api, Credentials credentials) {
        com.fasterxml.jackson.databind.JsonNode answer =
                api.requestToken(credentials.id(), credentials.secret()).expect(201);
        return new JsonToken(
                answer.get("access_token").asText(), answer.get("scope").asText());
    }
}
