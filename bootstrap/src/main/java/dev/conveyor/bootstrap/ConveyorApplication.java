package dev.conveyor.bootstrap;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.conveyor.application.ActivityCounter;
import dev.conveyor.application.ArrivalBoard;
import dev.conveyor.application.CleanupReport;
import dev.conveyor.application.ClientSecrets;
import dev.conveyor.application.ClientService;
import dev.conveyor.application.CommitGroups;
import dev.conveyor.application.ConsumeService;
import dev.conveyor.application.InspectService;
import dev.conveyor.application.MaintenanceService;
import dev.conveyor.application.MessageMoveService;
import dev.conveyor.application.PublishService;
import dev.conveyor.application.QueueDefinitions;
import dev.conveyor.application.QueueService;
import dev.conveyor.application.QueueStatsSampler;
import dev.conveyor.application.ReadinessProbe;
import dev.conveyor.application.SigningSecrets;
import dev.conveyor.application.StatsSchedule;
import dev.conveyor.application.StatsService;
import dev.conveyor.application.SubscriptionService;
import dev.conveyor.application.TokenService;
import dev.conveyor.application.TopicService;
import dev.conveyor.application.UuidV7Generator;
import dev.conveyor.application.port.QueueMetrics;
import dev.conveyor.bootstrap.metrics.DropwizardBridge;
import dev.conveyor.bootstrap.metrics.HttpMetrics;
import dev.conveyor.bootstrap.metrics.MetricsResource;
import dev.conveyor.bootstrap.metrics.PrometheusQueueMetrics;
import dev.conveyor.bootstrap.metrics.QueueGauges;
import dev.conveyor.console.ConsoleBundle;
import dev.conveyor.postgres.DatabaseClock;
import dev.conveyor.postgres.DeadRowReclaimer;
import dev.conveyor.postgres.JdbcStoreHealth;
import dev.conveyor.postgres.JdbiActivityLog;
import dev.conveyor.postgres.JdbiClientRepository;
import dev.conveyor.postgres.JdbiDeduplicationStore;
import dev.conveyor.postgres.JdbiMessageBrowser;
import dev.conveyor.postgres.JdbiMessageStore;
import dev.conveyor.postgres.JdbiMoveTaskStore;
import dev.conveyor.postgres.JdbiQueueRepository;
import dev.conveyor.postgres.JdbiSession;
import dev.conveyor.postgres.JdbiStatsSamples;
import dev.conveyor.postgres.JdbiSubscriptionRepository;
import dev.conveyor.postgres.JdbiTopicRepository;
import dev.conveyor.postgres.PgArrivalListener;
import dev.conveyor.postgres.PgNotifyBroadcast;
import dev.conveyor.postgres.PostgresStore;
import dev.conveyor.postgres.SchemaMigrations;
import dev.conveyor.rest.ApiDocumentation;
import dev.conveyor.rest.ClientsResource;
import dev.conveyor.rest.ConveyorExceptionMapper;
import dev.conveyor.rest.ConveyorJson;
import dev.conveyor.rest.ErrorsCloseUnreadBodies;
import dev.conveyor.rest.HealthResource;
import dev.conveyor.rest.JsonErrorMapper;
import dev.conveyor.rest.JsonGuard;
import dev.conveyor.rest.PublishBodies;
import dev.conveyor.rest.QueueInspectionResource;
import dev.conveyor.rest.QueueMessagesResource;
import dev.conveyor.rest.QueuesResource;
import dev.conveyor.rest.RecordJsonWriter;
import dev.conveyor.rest.RequestIdFilter;
import dev.conveyor.rest.StatsResource;
import dev.conveyor.rest.SubscriptionsResource;
import dev.conveyor.rest.TokenResource;
import dev.conveyor.rest.TopicsResource;
import dev.conveyor.rest.UnexpectedExceptionMapper;
import dev.conveyor.rest.WebApplicationExceptionMapper;
import dev.conveyor.rest.auth.AuthorizationFilter;
import dev.conveyor.rest.auth.JwtTokenCodec;
import dev.conveyor.sqs.CutShortFormBodies;
import dev.conveyor.sqs.SqsEndpoint;
import dev.conveyor.sqs.SqsResource;
import dev.conveyor.sqs.SqsSettings;
import io.dropwizard.configuration.EnvironmentVariableSubstitutor;
import io.dropwizard.configuration.SubstitutingSourceProvider;
import io.dropwizard.core.Application;
import io.dropwizard.core.cli.CheckCommand;
import io.dropwizard.core.server.AbstractServerFactory;
import io.dropwizard.core.setup.Bootstrap;
import io.dropwizard.core.setup.Environment;
import io.dropwizard.db.DataSourceFactory;
import io.dropwizard.jdbi3.JdbiFactory;
import io.dropwizard.lifecycle.Managed;
import io.dropwizard.migrations.DbCommand;
import io.prometheus.metrics.core.metrics.GaugeWithCallback;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import jakarta.servlet.DispatcherType;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.time.InstantSource;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.Properties;
import java.util.Set;
import java.util.UUID;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.util.component.LifeCycle;
import org.jdbi.v3.core.Jdbi;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Conveyor's Dropwizard application: configuration in, wired server out. */
public class ConveyorApplication extends Application<ConveyorConfiguration> {
    private static final Logger LOG = LoggerFactory.getLogger(ConveyorApplication.class);

    /**
     * How long the pool's check of a borrowed connection may take when the configuration has no validation query
     * (config.yml's choice): the driver's own check then runs with this as its socket timeout, so a database
     * gone silent costs a request this, not the socket timeout (a validation query would wait that long).
     */
    private static final io.dropwizard.util.Duration CONNECTION_CHECK_TIMEOUT = io.dropwizard.util.Duration.seconds(2);

    /** The pool's name: in its Dropwizard metric names, and the health check JdbiFactory adds under it. */
    private static final String POOL = "postgresql";

    private final InstantSource clockOverride;

    public ConveyorApplication() {
        this(null);
    }

    /** @param clockOverride a clock tests control; null follows the database server's clock */
    public ConveyorApplication(InstantSource clockOverride) {
        this.clockOverride = clockOverride;
    }

    public static void main(String[] args) throws Exception {
        new ConveyorApplication().run(args);
    }

    @Override
    public String getName() {
        return "conveyor";
    }

    /** Every command, each answering a failure in one line ({@link OneLineErrors}). */
    @Override
    protected void addDefaultCommands(Bootstrap<ConveyorConfiguration> bootstrap) {
        bootstrap.addCommand(new OneLineErrors(new ConveyorServerCommand(this), "Conveyor will not start"));
        bootstrap.addCommand(OneLineErrors.of(new CheckCommand<>(this)));
        bootstrap.addCommand(OneLineErrors.of(new CleanupCommand()));
        bootstrap.addCommand(OneLineErrors.of(new GenerateSecretCommand()));
        bootstrap.addCommand(new OneLineErrors(new CreateClientCommand(), "No client created"));
        // What MigrationsBundle registers, but wrapped like the others.
        bootstrap.addCommand(OneLineErrors.of(new DbCommand<>(
                "db",
                ConveyorApplication::migrationsDatabase,
                ConveyorConfiguration.class,
                SchemaMigrations.CHANGELOG)));
    }

    /**
     * The database of a {@code db} command. Without a url, the embedded one the server uses: through the server's
     * PostgreSQL while it runs, otherwise one started for the command, which stops at exit.
     */
    private static DataSourceFactory migrationsDatabase(ConveyorConfiguration configuration) {
        try {
            if (configuration.usesEmbeddedDatabase()) {
                EmbeddedDatabase.startOrAttach(configuration.getEmbeddedDatabase(), configuration.getDatabase());
            } else {
                Schema.requireReachable(configuration.getDatabase());
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
        // A db command works on a single connection; this makes it wait for any other migration of the database.
        configuration.getDatabase().setInitializationQuery(SchemaMigrations.SERIALIZE);
        return configuration.getDatabase();
    }

    @Override
    public void initialize(Bootstrap<ConveyorConfiguration> bootstrap) {
        // The JVM's metrics for /metrics. Dropwizard registers them when run from main; doing it here (it happens
        // once) also gives them to an application started by DropwizardTestSupport.
        bootstrap.registerMetrics();
        bootstrap.addBundle(new ConsoleBundle());
        bootstrap.setConfigurationSourceProvider(new SubstitutingSourceProvider(
                bootstrap.getConfigurationSourceProvider(), new EnvironmentVariableSubstitutor(false)));
    }

    /**
     * What {@code --version} prints: the version and commit conveyor.jar was built from (its manifest's
     * Implementation-Version), or a word saying there is none when run from classes (tests, an IDE).
     */
    static String version() {
        String version = ConveyorApplication.class.getPackage().getImplementationVersion();
        return version == null ? "(no version: not run from conveyor.jar)" : version;
    }

    @Override
    public void run(ConveyorConfiguration config, Environment environment) throws Exception {
        LOG.info("Conveyor {} starting", version());
        ConveyorJson.configure(environment.getObjectMapper());
        if (config.getServerFactory() instanceof AbstractServerFactory server) {
            server.setRegisterDefaultExceptionMappers(false);
        }
        // Refused before anything starts: a server that should check tokens but cannot must not serve.
        byte[] authKey = config.getAuth().isEnabled() ? config.getAuth().key() : null;
        DataSourceFactory database = config.getDatabase();
        if (config.usesEmbeddedDatabase()) {
            // Managed first, so it stops last, after everything that uses it.
            environment.lifecycle().manage(EmbeddedDatabase.start(config.getEmbeddedDatabase(), database));
            Schema.migrate(database);
        } else {
            Schema.requireCurrent(database);
        }

        // Unless the configuration says otherwise, which it has no reason to.
        PostgresStore.DRIVER_PROPERTIES.forEach(database.getProperties()::putIfAbsent);
        if (database.getInitializationQuery() == null) {
            database.setInitializationQuery(PostgresStore.CONNECTION_SETUP);
        }
        if (database.getValidationQueryTimeout().isEmpty()) {
            database.setValidationQueryTimeout(CONNECTION_CHECK_TIMEOUT);
        }
        Jdbi jdbi = PostgresStore.configure(new JdbiFactory().build(environment, database, POOL));
        // JdbiFactory's own check borrows from the pool and waits behind it; ours has a connection of its own.
        environment.healthChecks().unregister(POOL);
        ReadinessProbe readiness =
                new ReadinessProbe(new JdbcStoreHealth(() -> connect(database, 1, 1, "probe")), Duration.ofSeconds(1));
        environment.healthChecks().register("database", new DatabaseHealthCheck(readiness));

        JdbiSession session = new JdbiSession(jdbi);
        InstantSource clock = clock(config, environment, jdbi);
        ArrivalBoard arrivals = arrivals(config, environment, jdbi, database);
        PrometheusRegistry registry = new PrometheusRegistry();
        var queueMetrics = new PrometheusQueueMetrics(registry, clock);
        // Every count goes to Prometheus, and is kept for this instance's next recording in the shared activity log.
        var activity = new ActivityCounter(queueMetrics);
        // Used by the stats endpoints and by the sampler behind the queue gauges.
        var inspect = new InspectService(
                new JdbiQueueRepository(session),
                new JdbiMessageStore(session),
                new JdbiMessageBrowser(session),
                clock);
        StatsSchedule schedule = config.getMonitoring().schedule();
        var stats = new StatsService(
                new JdbiQueueRepository(session),
                new JdbiStatsSamples(session),
                new JdbiActivityLog(session),
                clock,
                schedule);
        registerRest(config, environment, session, clock, arrivals, readiness, activity, inspect, stats);
        Set<Class<?>> documented = new HashSet<>(Set.of(
                TopicsResource.class,
                QueuesResource.class,
                QueueMessagesResource.class,
                QueueInspectionResource.class,
                StatsResource.class,
                SubscriptionsResource.class,
                HealthResource.class));
        if (authKey != null) {
            registerAuth(config, environment, session, clock, authKey);
            documented.addAll(Set.of(ClientsResource.class, TokenResource.class));
        }
        var sampler = new QueueStatsSampler(
                inspect,
                new JdbiStatsSamples(session),
                new JdbiActivityLog(session),
                activity,
                session,
                clock,
                schedule);
        registerOperations(config, environment, registry, queueMetrics, sampler, arrivals, documented);
        answerServerErrorsInJson(environment);
        stopGracefully(environment, readiness, arrivals);
    }

    private InstantSource clock(ConveyorConfiguration config, Environment environment, Jdbi jdbi) {
        if (clockOverride != null) {
            return clockOverride;
        }
        DatabaseClock clock = new DatabaseClock(jdbi, InstantSource.system());
        clock.synchronize();
        environment
                .lifecycle()
                .manage(new Periodic("clock-sync", config.getMessaging().getClockSyncInterval(), clock::synchronize));
        return clock;
    }

    private static ArrivalBoard arrivals(
            ConveyorConfiguration config, Environment environment, Jdbi jdbi, DataSourceFactory database) {
        // This instance's name on the notification channel: its listener passes over what it sent itself.
        String instance = UUID.randomUUID().toString();
        PgNotifyBroadcast broadcast = new PgNotifyBroadcast(
                jdbi, Duration.ofMillis(config.getMessaging().getNotifyWindow().toMilliseconds()), instance);
        ArrivalBoard board = new ArrivalBoard(broadcast);
        PgArrivalListener listener = new PgArrivalListener(
                () -> connect(database, 10, 30, "listen"), board::signal, board::signalAll, instance);
        environment.lifecycle().manage(new Managed() {
            @Override
            public void start() {
                listener.start();
            }

            @Override
            public void stop() {
                board.close();
                listener.close();
                broadcast.close();
            }
        });
        return board;
    }

    private void registerRest(
            ConveyorConfiguration config,
            Environment environment,
            JdbiSession session,
            InstantSource clock,
            ArrivalBoard arrivals,
            ReadinessProbe readiness,
            QueueMetrics metrics,
            InspectService inspect,
            StatsService stats) {
        var topics = new JdbiTopicRepository(session);
        var queues = new JdbiQueueRepository(session);
        var subscriptions = new JdbiSubscriptionRepository(session);
        var messages = new JdbiMessageStore(session);
        var ids = new UuidV7Generator(clock);
        Duration recheck =
                Duration.ofMillis(config.getMessaging().getLongPollRecheck().toMilliseconds());

        var deduplications = new JdbiDeduplicationStore(session);
        var maintenance = new MaintenanceService(queues, messages, clock, metrics, arrivals, deduplications);
        var moves = new MessageMoveService(
                queues, messages, new JdbiMoveTaskStore(session), maintenance, session, ids, clock, arrivals);
        environment.lifecycle().manage(new MoveTaskRunner(moves));
        var reclaimer = new DeadRowReclaimer(session.jdbi());
        environment.admin().addTask(new CleanupTask(maintenance, reclaimer));
        CleanupConfiguration cleanup = config.getCleanup();
        if (cleanup.isEnabled()) {
            environment.lifecycle().manage(new Periodic("cleanup", cleanup.getInterval(), () -> {
                CleanupReport report = maintenance.cleanupAll();
                if (!report.changedNothing()) {
                    CleanupTask.log(report);
                }
                reclaimer.reclaimIfNeeded().ifPresent(CleanupTask::logVacuum);
            }));
        }
        // One for all the services: a change made through this instance reaches its publishers and consumers at once.
        var definitions = new QueueDefinitions(
                queues,
                Duration.ofMillis(config.getMessaging().getQueueSettingsMaxAge().toMilliseconds()));
        CommitGroups grouping = config.getMessaging().getGroupCommit().toCommitGroups();
        var publishing = new PublishService(
                topics,
                queues,
                definitions,
                subscriptions,
                messages,
                session,
                ids,
                arrivals,
                clock,
                metrics,
                grouping,
                deduplications);
        ObjectMapper mapper = environment.getObjectMapper();
        PublishBodies bodies = new PublishBodies(mapper);
        var jersey = environment.jersey();
        jersey.register(new TopicsResource(new TopicService(topics, clock), publishing, bodies));
        var queueService = new QueueService(queues, session, clock, definitions);
        var consuming =
                new ConsumeService(queues, definitions, messages, session, arrivals, clock, recheck, metrics, grouping);
        jersey.register(new QueuesResource(queueService, mapper));
        jersey.register(new QueueMessagesResource(publishing, consuming, bodies));
        jersey.register(new QueueInspectionResource(inspect, stats, maintenance));
        jersey.register(new StatsResource(stats));
        if (config.getSqs().isEnabled()) {
            SqsSettings sqs = config.getSqs().settings(config.getAuth().isEnabled());
            SigningSecrets signers = config.getAuth().isEnabled()
                    ? new SigningSecrets(
                            new JdbiClientRepository(session),
                            new ClientSecrets(config.getAuth().key(), new SecureRandom()))
                    : null;
            jersey.register(new SqsResource(
                    new SqsEndpoint(
                            sqs,
                            queueService,
                            publishing,
                            consuming,
                            mapper,
                            maintenance,
                            inspect,
                            moves,
                            signers,
                            clock),
                    mapper,
                    config.getMessaging().getMaxRequestSize().toBytes()));
            environment
                    .servlets()
                    .addFilter("sqs-cut-short-form-bodies", new CutShortFormBodies())
                    .addMappingForUrlPatterns(EnumSet.of(DispatcherType.REQUEST), false, "/*");
        }
        jersey.register(
                new SubscriptionsResource(new SubscriptionService(subscriptions, topics, queues, session, clock)));
        jersey.register(new HealthResource(readiness));
        jersey.register(new JsonGuard(config.getMessaging().getMaxRequestSize().toBytes()));
        jersey.register(new RecordJsonWriter(mapper));
        jersey.register(new ConveyorExceptionMapper());
        jersey.register(new JsonErrorMapper());
        jersey.register(new WebApplicationExceptionMapper());
        jersey.register(new UnexpectedExceptionMapper());
        jersey.register(new ErrorsCloseUnreadBodies());
        environment
                .servlets()
                .addFilter("request-id", new RequestIdFilter())
                .addMappingForUrlPatterns(EnumSet.of(DispatcherType.REQUEST), false, "/*");
    }

    /**
     * Authentication and authorization, when on: every /v1 call but the token call needs a token with the
     * scope its method declares, checked by one filter; clients and tokens get their resources.
     */
    private static void registerAuth(
            ConveyorConfiguration config,
            Environment environment,
            JdbiSession session,
            InstantSource clock,
            byte[] key) {
        var clients = new JdbiClientRepository(session);
        var secrets = new ClientSecrets(key, new SecureRandom());
        var tokens = new TokenService(
                clients,
                secrets,
                new JwtTokenCodec(key),
                clock,
                Duration.ofMillis(config.getAuth().getTokenLifetime().toMilliseconds()));
        var jersey = environment.jersey();
        jersey.register(new AuthorizationFilter(tokens, environment.getObjectMapper()));
        jersey.register(new TokenResource(tokens));
        jersey.register(new ClientsResource(
                new ClientService(clients, secrets, session, new UuidV7Generator(clock), clock),
                environment.getObjectMapper()));
    }

    /** /metrics (with the sampler behind its queue gauges), and the OpenAPI document of every resource. */
    private static void registerOperations(
            ConveyorConfiguration config,
            Environment environment,
            PrometheusRegistry registry,
            PrometheusQueueMetrics queueMetrics,
            QueueStatsSampler sampler,
            ArrivalBoard arrivals,
            Set<Class<?>> documented) {
        DropwizardBridge.register(
                registry, environment.metrics(), POOL, config.getDatabase().getMaxSize());
        io.dropwizard.util.Duration interval = config.getMonitoring().getQueueStatsInterval();
        QueueGauges gauges = new QueueGauges(registry, sampler, queueMetrics);
        environment.lifecycle().manage(new Periodic("queue-stats", interval, gauges::sample, true));
        GaugeWithCallback.builder()
                .name("conveyor_long_polls_waiting")
                .help("Receives of this instance waiting for messages right now (they hold no database connection).")
                .callback(callback -> callback.call(arrivals.waiting()))
                .register(registry);
        var jersey = environment.jersey();
        jersey.register(new HttpMetrics(registry));
        jersey.register(new MetricsResource(registry));
        Set<Class<?>> resources = new HashSet<>(documented);
        resources.add(MetricsResource.class);
        ApiDocumentation.register(jersey, resources);
    }

    /** Errors Jetty answers by itself (before Jersey sees the request) are JSON too, never an HTML page. */
    private static void answerServerErrorsInJson(Environment environment) {
        environment.lifecycle().addEventListener(new LifeCycle.Listener() {
            @Override
            public void lifeCycleStarting(LifeCycle component) {
                if (component instanceof Server server) {
                    JsonErrorHandler errors = new JsonErrorHandler(environment.getObjectMapper());
                    server.setErrorHandler(errors);
                    environment.getApplicationContext().setErrorHandler(errors);
                }
            }
        });
    }

    /**
     * On SIGTERM (or any stop), before Jetty stops taking requests and waits up to
     * {@code server.shutdownGracePeriod} for the running ones: readiness turns 503 and long polls stop waiting,
     * so that they answer at once (usually empty) instead of holding the shutdown for their whole wait. The
     * managed parts then stop in reverse order: cleanup and samplers, the listener, the pool, the database.
     */
    private static void stopGracefully(Environment environment, ReadinessProbe readiness, ArrivalBoard arrivals) {
        environment.lifecycle().addEventListener(new LifeCycle.Listener() {

            @Override
            public void lifeCycleStopping(LifeCycle server) {
                readiness.stopping();
                arrivals.close();
            }
        });
    }

    /** A connection outside the pool, for LISTEN and for probes, with connect and socket timeouts in seconds. */
    private static Connection connect(DataSourceFactory database, int connectSeconds, int socketSeconds, String use)
            throws java.sql.SQLException {
        Properties properties = new Properties();
        if (database.getUser() != null) {
            properties.setProperty("user", database.getUser());
        }
        if (database.getPassword() != null) {
            properties.setProperty("password", database.getPassword());
        }
        properties.setProperty("connectTimeout", String.valueOf(connectSeconds));
        properties.setProperty("loginTimeout", String.valueOf(connectSeconds));
        properties.setProperty("socketTimeout", String.valueOf(socketSeconds));
        properties.setProperty("ApplicationName", "conveyor-" + use);
        return DriverManager.getConnection(database.getUrl(), properties);
    }
}
