package dev.conveyor.bootstrap;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.conveyor.application.ArrivalBoard;
import dev.conveyor.application.ConsumeService;
import dev.conveyor.application.CleanupReport;
import dev.conveyor.application.InspectService;
import dev.conveyor.application.MaintenanceService;
import dev.conveyor.application.PublishService;
import dev.conveyor.application.QueueService;
import dev.conveyor.application.ReadinessProbe;
import dev.conveyor.application.SubscriptionService;
import dev.conveyor.application.TopicService;
import dev.conveyor.application.UuidV7Generator;
import dev.conveyor.postgres.DatabaseClock;
import dev.conveyor.postgres.JdbcStoreHealth;
import dev.conveyor.postgres.JdbiMessageStore;
import dev.conveyor.postgres.JdbiQueueRepository;
import dev.conveyor.postgres.JdbiSession;
import dev.conveyor.postgres.JdbiSubscriptionRepository;
import dev.conveyor.postgres.JdbiTopicRepository;
import dev.conveyor.postgres.PgArrivalListener;
import dev.conveyor.postgres.PgNotifyBroadcast;
import dev.conveyor.postgres.PostgresStore;
import dev.conveyor.postgres.SchemaMigrations;
import dev.conveyor.rest.ConveyorExceptionMapper;
import dev.conveyor.rest.ConveyorJson;
import dev.conveyor.rest.HealthResource;
import dev.conveyor.rest.JsonErrorMapper;
import dev.conveyor.rest.JsonGuard;
import dev.conveyor.rest.PublishBodies;
import dev.conveyor.rest.QueuesResource;
import dev.conveyor.rest.SubscriptionsResource;
import dev.conveyor.rest.TopicsResource;
import dev.conveyor.rest.UnexpectedExceptionMapper;
import dev.conveyor.rest.WebApplicationExceptionMapper;
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
import io.dropwizard.migrations.MigrationsBundle;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.Connection;
import java.sql.DriverManager;
import java.time.Duration;
import java.time.InstantSource;
import java.util.Properties;
import org.jdbi.v3.core.Jdbi;

/** Conveyor's Dropwizard application: configuration in, wired server out. */
public class ConveyorApplication extends Application<ConveyorConfiguration> {
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

  @Override
  protected void addDefaultCommands(Bootstrap<ConveyorConfiguration> bootstrap) {
    bootstrap.addCommand(new ConveyorServerCommand(this));
    bootstrap.addCommand(new CheckCommand<>(this));
    bootstrap.addCommand(new CleanupCommand());
  }

  @Override
  public void initialize(Bootstrap<ConveyorConfiguration> bootstrap) {
    bootstrap.setConfigurationSourceProvider(new SubstitutingSourceProvider(
        bootstrap.getConfigurationSourceProvider(), new EnvironmentVariableSubstitutor(false)));
    bootstrap.addBundle(new MigrationsBundle<>() {
      @Override
      public DataSourceFactory getDataSourceFactory(ConveyorConfiguration configuration) {
        // `db migrate` without a url migrates the embedded database the server would use.
        if (configuration.usesEmbeddedDatabase()) {
          try {
            EmbeddedDatabase embedded =
                EmbeddedDatabase.start(configuration.getEmbeddedDatabase(), configuration.getDatabase());
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
              try {
                embedded.stop();
              } catch (IOException ignored) {
                // the JVM is going away
              }
            }));
          } catch (IOException e) {
            throw new UncheckedIOException(e);
          }
        }
        return configuration.getDatabase();
      }

      @Override
      public String getMigrationsFileName() {
        return SchemaMigrations.CHANGELOG;
      }
    });
  }

  @Override
  public void run(ConveyorConfiguration config, Environment environment) throws Exception {
    ConveyorJson.configure(environment.getObjectMapper());
    if (config.getServerFactory() instanceof AbstractServerFactory server) {
      server.setRegisterDefaultExceptionMappers(false);
    }
    DataSourceFactory database = config.getDatabase();
    if (config.usesEmbeddedDatabase()) {
      // Managed first, so it stops last, after everything that uses it.
      environment.lifecycle().manage(EmbeddedDatabase.start(config.getEmbeddedDatabase(), database));
      Schema.migrate(database);
    } else {
      Schema.requireCurrent(database);
    }

    Jdbi jdbi = PostgresStore.configure(new JdbiFactory().build(environment, database, "postgresql"));
    JdbiSession session = new JdbiSession(jdbi);
    InstantSource clock = clock(config, environment, jdbi);
    ArrivalBoard arrivals = arrivals(config, environment, jdbi, database);
    registerRest(config, environment, session, clock, arrivals, database);
  }

  private InstantSource clock(ConveyorConfiguration config, Environment environment, Jdbi jdbi) {
    if (clockOverride != null) {
      return clockOverride;
    }
    DatabaseClock clock = new DatabaseClock(jdbi, InstantSource.system());
    clock.synchronize();
    environment.lifecycle().manage(
        new Periodic("clock-sync", config.getMessaging().getClockSyncInterval(), clock::synchronize));
    return clock;
  }

  private static ArrivalBoard arrivals(
      ConveyorConfiguration config, Environment environment, Jdbi jdbi, DataSourceFactory database) {
    PgNotifyBroadcast broadcast =
        new PgNotifyBroadcast(jdbi, Duration.ofMillis(config.getMessaging().getNotifyWindow().toMilliseconds()));
    ArrivalBoard board = new ArrivalBoard(broadcast);
    PgArrivalListener listener =
        new PgArrivalListener(() -> connect(database, 10), board::signal, board::signalAll);
    environment.lifecycle().manage(new Managed() {
      @Override
      public void start() {
        listener.start();
      }

      @Override
      public void stop() {
        board.signalAll();
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
      DataSourceFactory database) {
    var topics = new JdbiTopicRepository(session);
    var queues = new JdbiQueueRepository(session);
    var subscriptions = new JdbiSubscriptionRepository(session);
    var messages = new JdbiMessageStore(session);
    var ids = new UuidV7Generator(clock);
    Duration recheck = Duration.ofMillis(config.getMessaging().getLongPollRecheck().toMilliseconds());

    var maintenance = new MaintenanceService(queues, messages, clock);
    environment.admin().addTask(new CleanupTask(maintenance));
    CleanupConfiguration cleanup = config.getCleanup();
    if (cleanup.isEnabled()) {
      environment.lifecycle().manage(new Periodic("cleanup", cleanup.getInterval(), () -> {
        CleanupReport report = maintenance.cleanupAll();
        if (!report.queues().isEmpty()) {
          CleanupTask.log(report);
        }
      }));
    }
    var publishing = new PublishService(topics, queues, subscriptions, messages, session, ids, arrivals, clock);
    ObjectMapper mapper = environment.getObjectMapper();
    PublishBodies bodies = new PublishBodies(mapper);
    var jersey = environment.jersey();
    jersey.register(new TopicsResource(new TopicService(topics, clock), publishing, bodies));
    jersey.register(new QueuesResource(
        new QueueService(queues, session, clock),
        publishing,
        new ConsumeService(queues, messages, session, arrivals, clock, recheck),
        new InspectService(queues, messages, clock),
        maintenance,
        bodies));
    jersey.register(new SubscriptionsResource(new SubscriptionService(subscriptions, topics, queues, session, clock)));
    jersey.register(new HealthResource(
        new ReadinessProbe(new JdbcStoreHealth(() -> connect(database, 2)), Duration.ofSeconds(1))));
    jersey.register(new JsonGuard(config.getMessaging().getMaxRequestSize().toBytes()));
    jersey.register(new ConveyorExceptionMapper());
    jersey.register(new JsonErrorMapper());
    jersey.register(new WebApplicationExceptionMapper());
    jersey.register(new UnexpectedExceptionMapper());
  }

  /** A connection outside the pool, for LISTEN and for probes, with connect and socket timeouts in seconds. */
  private static Connection connect(DataSourceFactory database, int timeoutSeconds) throws java.sql.SQLException {
    Properties properties = new Properties();
    if (database.getUser() != null) {
      properties.setProperty("user", database.getUser());
    }
    if (database.getPassword() != null) {
      properties.setProperty("password", database.getPassword());
    }
    properties.setProperty("connectTimeout", String.valueOf(timeoutSeconds));
    properties.setProperty("socketTimeout", String.valueOf(timeoutSeconds * 3));
    properties.setProperty("ApplicationName", "conveyor-" + (timeoutSeconds > 5 ? "listen" : "probe"));
    return DriverManager.getConnection(database.getUrl(), properties);
  }
}
