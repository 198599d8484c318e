package dev.conveyor.bootstrap;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.dropwizard.core.Configuration;
import io.dropwizard.db.DataSourceFactory;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;

/** Everything config.yml can set. */
public class ConveyorConfiguration extends Configuration {
    /** The url that asks for the embedded PostgreSQL. */
    public static final String EMBEDDED = "embedded";

    /** The PostgreSQL to use; with the url {@value #EMBEDDED} an embedded one is started. */
    @Valid
    @NotNull
    @JsonProperty
    private DataSourceFactory database = new DataSourceFactory();

    @Valid
    @NotNull
    @JsonProperty
    private EmbeddedDatabaseConfiguration embeddedDatabase = new EmbeddedDatabaseConfiguration();

    @Valid
    @NotNull
    @JsonProperty
    private MessagingConfiguration messaging = new MessagingConfiguration();

    @Valid
    @NotNull
    @JsonProperty
    private CleanupConfiguration cleanup = new CleanupConfiguration();

    @Valid
    @NotNull
    @JsonProperty
    private MonitoringConfiguration monitoring = new MonitoringConfiguration();

    @Valid
    @NotNull
    @JsonProperty
    private AuthConfiguration auth = new AuthConfiguration();

    @Valid
    @NotNull
    @JsonProperty
    private SqsConfiguration sqs = new SqsConfiguration();

    public SqsConfiguration getSqs() {
        return sqs;
    }

    public AuthConfiguration getAuth() {
        return auth;
    }

    public MonitoringConfiguration getMonitoring() {
        return monitoring;
    }

    public CleanupConfiguration getCleanup() {
        return cleanup;
    }

    public DataSourceFactory getDatabase() {
        return database;
    }

    public EmbeddedDatabaseConfiguration getEmbeddedDatabase() {
        return embeddedDatabase;
    }

    public MessagingConfiguration getMessaging() {
        return messaging;
    }

    /** True when the database url asks for the embedded PostgreSQL. */
    public boolean usesEmbeddedDatabase() {
        return database.getUrl() == null
                || database.getUrl().isBlank()
                || EMBEDDED.equals(database.getUrl().trim());
    }
}
