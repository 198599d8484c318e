package dev.conveyor.benchmarks;

import dev.conveyor.benchmarks.Settings.Scenario;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

/**
 * Issue 6's benchmark: Conveyor over HTTP next to pgbench doing the same SQL work on the same PostgreSQL, and
 * next to RabbitMQ on the same machine, in one run, so that the ratios hold even where absolute numbers drift.
 */
public final class Benchmark {
    static final String PUBLISH_1 = "publish, 1 per request, 1 client";
    static final String PUBLISH_16 = "publish, 1 per request, 16 clients";
    static final String PUBLISH_64 = "publish, 1 per request, 64 clients";
    static final String PUBLISH_100 = "publish, 100 per request, 16 clients";
    /** The /v1 counterpart of SendMessageBatch's 10 per request (issue 16's SQS rows). */
    static final String PUBLISH_10 = "publish, 10 per request, 16 clients";

    static final String RECEIVE_ACK = "receive 10 + ack 10, with a backlog";
    /**
     * Issue 16's /v1 counterparts of the SQS rows, driven like them by a Java client (the JDK's) when the other /v1
     * rows use wrk: the SQS endpoint's cost is judged against the same kind of load generator.
     */
    static final String PUBLISH_16_JDK = PUBLISH_16 + ", JDK client";

    static final String RECEIVE_ACK_JDK = RECEIVE_ACK + ", JDK client";
    /** Issue 18: the single-row INSERT by one client, whose p50 the 1-client publish is compared with. */
    static final String PG_INSERT_1_ALONE = "pgbench: single-row INSERT per transaction, 1 client";

    static final String PG_INSERT_1 = "pgbench: single-row INSERT per transaction";
    static final String PG_INSERT_100 = "pgbench: 100-row INSERT per transaction";
    static final String PG_LEASE = "pgbench: lease 10 (SKIP LOCKED) + DELETE 10 by id";
    static final String LATENCY = "publish → receive at " + LatencyScenario.RATE + " msgs/s, long polls: latency";
    static final String RABBIT_PUBLISH = "RabbitMQ: publish, confirm awaited per message";
    static final String RABBIT_CONSUME = "RabbitMQ: consume + ack, prefetch 10, with a backlog";
    /** Issue 17's rows: a FIFO queue's receive + ack over this many groups, and publish with a deduplication id. */
    static final int FIFO_GROUPS = 100;

    static final String FIFO_RECEIVE_ACK = "FIFO: receive 10 + ack 10, " + FIFO_GROUPS + " groups, with a backlog";
    static final String PUBLISH_DEDUPLICATED = "publish with a deduplication id, 1 per request, 16 clients";
    private static final String FIFO_QUEUE = "fifo-consume";
    private static final int CONSUMERS = 16;

    /** Closed by a shutdown hook too, newest first, so that Ctrl-C leaves no server, database or queue behind. */
    private static final Deque<AutoCloseable> CLOSE_ON_EXIT = new ArrayDeque<>();

    private final Settings settings;
    private final Report report;
    private final ConveyorApi api;
    private final ServerUsage usage;
    /** Empty when wrk is not installed or BENCH_LOAD_GENERATOR says jdk: the JDK's HTTP client drives /v1. */
    private final Optional<WrkLoad> wrk;
    /**
     * Messages to receive + ack, per row: about 10 000 msgs/s over the default 3 s + 10 s at first, raised after
     * each run if need be.
     */
    private final Map<String, Long> backlogs = new HashMap<>();
    /** Each deduplicated publish carries an id never published before, in this run or an earlier one. */
    private final String deduplicationPrefix = "bench-" + UUID.randomUUID() + "-";

    private final AtomicLong deduplicationIds = new AtomicLong();

    private Benchmark(Settings settings, Report report, ConveyorApi api, ServerUsage usage, Optional<WrkLoad> wrk) {
        this.settings = settings;
        this.report = report;
        this.api = api;
        this.usage = usage;
        this.wrk = wrk;
    }

    public static void main(String[] args) throws Exception {
        long started = System.nanoTime();
        Settings settings = Settings.fromEnvironment();
        String loadAtStart = Files.readString(Path.of("/proc/loadavg")).trim();
        String date = ZonedDateTime.now(ZoneId.systemDefault()).format(DateTimeFormatter.RFC_1123_DATE_TIME);
        Runtime.getRuntime().addShutdownHook(new Thread(Benchmark::closeOnExit));
        Report report = new Report();
        Facts facts;
        ServerUsage usage;
        // Closed in reverse: the RabbitMQ queue deleted, the RSS peak read while the server lives, the server
        // stopped, the database dropped; on a failure as well.
        try (BenchDatabase database = closeOnExit(BenchDatabase.create(settings));
                ConveyorServer server = closeOnExit(ConveyorServer.start(settings, database));
                ServerUsage watched = closeOnExit(ServerUsage.watch(server.pid()));
                RabbitMqBaseline rabbitMq = closeOnExit(connectRabbitMq(settings, report));
                ElasticMqServer elasticMq =
                        settings.runs(Scenario.SQS) ? closeOnExit(ElasticMqServer.start(settings)) : null;
                SqsApi conveyorSqs = elasticMq == null
                        ? null
                        : SqsApi.connect(SqsScenarios.CONVEYOR, server.baseUri, SqsScenarios.CLIENTS);
                SqsApi elasticMqSqs = elasticMq == null
                        ? null
                        : SqsApi.connect(SqsScenarios.ELASTICMQ, elasticMq.baseUri, SqsScenarios.CLIENTS)) {
            usage = watched;
            System.out.println(
                    "database " + database.name + ", server " + server.baseUri + " (pid " + server.pid() + ") ready");
            ConveyorApi api = new ConveyorApi(server.baseUri);
            PgbenchBaseline pgbench =
                    settings.runs(Scenario.PGBENCH) ? new PgbenchBaseline(settings, database, report::warn) : null;
            if (elasticMq != null) {
                System.out.println("ElasticMQ " + elasticMq.version + " " + elasticMq.baseUri + " (pid "
                        + elasticMq.pid() + ") ready");
            }
            Optional<WrkLoad> wrk = settings.wrkWanted() ? WrkLoad.find(server.baseUri) : Optional.empty();
            if (settings.wrkWanted() && wrk.isEmpty()) {
                report.warn("wrk is not installed (apt-get install wrk): the /v1 rows use the JDK's HTTP client, "
                        + "which costs the shared cores about half as much CPU per request as the server does");
            }
            facts = Facts.gather(settings, database, pgbench, rabbitMq, elasticMq, wrk);
            Benchmark benchmark = new Benchmark(settings, report, api, usage, wrk);
            SqsScenarios sqs = elasticMq == null
                    ? null
                    : new SqsScenarios(settings, report, usage, api, conveyorSqs, elasticMqSqs, benchmark::record);
            benchmark.runAll(database, pgbench, rabbitMq, sqs, started);
        }
        Targets.judge(report, settings.storedMessages(), settings.fifoStoredMessages(), usage.steadiness(), usage);
        report.section(usage.markdown());
        Duration elapsed = Duration.ofNanos(System.nanoTime() - started);
        String markdown = report.markdown(header(settings, facts, date, loadAtStart, elapsed));
        System.out.println();
        System.out.println(markdown);
        Path out = settings.home().resolve(settings.reportName());
        report.write(out, markdown);
        System.out.println("written to " + out);
        System.out.println("total elapsed " + minutes(elapsed));
    }

    private void runAll(
            BenchDatabase database, PgbenchBaseline pgbench, RabbitMqBaseline rabbitMq, SqsScenarios sqs, long started)
            throws Exception {
        // The SQS rows are compared with /v1 rows of the same work, measured in the same run.
        if (settings.runs(Scenario.PUBLISH) || sqs != null || settings.runs(Scenario.FIFO)) {
            api.createQueue("publish");
        }
        if (settings.runs(Scenario.CONSUME) || sqs != null || settings.runs(Scenario.FIFO)) {
            api.createQueue("consume");
        }
        if (settings.runs(Scenario.FIFO)) {
            api.createFifoQueue(FIFO_QUEUE);
        }
        if (pgbench != null) {
            api.createQueue("pgbench-insert");
            api.createQueue("pgbench-lease");
            pgbench.createTable();
        }
        ServerWarmUp.run(api, database, settings.serverWarmup());
        if (sqs != null) {
            sqs.prepare(settings.serverWarmup());
        }
        LatencyScenario latency = settings.runs(Scenario.LATENCY) ? new LatencyScenario(api, report::warn) : null;
        FanOutScenario fanOut = settings.runs(Scenario.FANOUT) ? new FanOutScenario(api, settings) : null;

        for (int run = 1; run <= settings.runs(); run++) {
            System.out.printf("run %d of %d%n", run, settings.runs());
            report.run(run);
            // Conveyor and its baselines alternate within each run, so drift on the shared machine hits them alike.
            if (settings.runs(Scenario.PUBLISH)) {
                publish(PUBLISH_1, 1, 1);
                publish(PUBLISH_16, 16, 1);
                publish(PUBLISH_64, 64, 1);
                publish(PUBLISH_100, 16, 100);
            }
            if (settings.runs(Scenario.CONSUME)) {
                receiveAndAck();
            }
            if (sqs != null) {
                sqsRows(sqs);
            }
            if (settings.runs(Scenario.FIFO)) {
                fifoRows();
            }
            if (pgbench != null) {
                measured(PG_INSERT_1, "16", "rows/s", pgbench.insertOne());
                record(PG_INSERT_1_ALONE, "1", "rows/s", pgbench.insertOneAlone());
                measured(PG_INSERT_100, "16", "rows/s", pgbench.insertHundred());
                measured(PG_LEASE, "16", "msgs/s", pgbench.leaseAndDelete());
            }
            if (latency != null) {
                record(
                        LATENCY,
                        LatencyScenario.CLIENTS,
                        "msgs/s sent",
                        latency.run(settings.warmup(), settings.measurement()));
            }
            if (fanOut != null) {
                for (int subscriptions : FanOutScenario.SUBSCRIPTIONS) {
                    LoadGenerator.Result result = fanOut.run(subscriptions);
                    record(
                            FanOutScenario.row(subscriptions),
                            Integer.toString(FanOutScenario.CLIENTS),
                            "msgs/s",
                            result);
                    measured(
                            FanOutScenario.copiesRow(subscriptions),
                            Integer.toString(FanOutScenario.CLIENTS),
                            "copies/s",
                            result.messagesPerSecond() * subscriptions);
                }
            }
            if (rabbitMq != null) {
                record(
                        RABBIT_PUBLISH,
                        Integer.toString(RabbitMqBaseline.CLIENTS),
                        "msgs/s",
                        rabbitMq.confirmedPublish());
                measured(
                        RABBIT_CONSUME, Integer.toString(RabbitMqBaseline.CLIENTS), "msgs/s", rabbitMq.consumeAndAck());
            }
            // Once per benchmark, the fill takes minutes; after the first run, so the server's JIT is as warm for
            // the few stored as for the millions. Emptied afterwards, so the runs after it see the table as before.
            if (run == 1 && settings.runs(Scenario.STORAGE)) {
                storage(
                        new StorageScenario(api, database, settings.storedMessages(), report::warn),
                        "messages of scenario 5");
            }
            if (run == 1 && settings.runs(Scenario.FIFO)) {
                storage(
                        new FifoStorageScenario(api, database, settings.fifoStoredMessages(), report::warn),
                        "FIFO messages");
            }
            System.out.printf("run %d done after %s%n", run, minutes(Duration.ofNanos(System.nanoTime() - started)));
        }
    }

    /** Issue 16's rows: each SQS work on Conveyor and on ElasticMQ, right after the /v1 row of the same work. */
    private void sqsRows(SqsScenarios sqs) throws Exception {
        publishWithJdk(PUBLISH_16_JDK, 16, 1);
        sqs.send(SqsScenarios.Work.SEND);
        publishWithJdk(PUBLISH_10, 16, 10);
        sqs.send(SqsScenarios.Work.SEND_BATCH);
        receiveAndAck(RECEIVE_ACK_JDK, "consume", ConveyorApi.messages(100), true);
        sqs.receive(SqsScenarios.Work.RECEIVE_DELETE_BATCH);
        sqs.receive(SqsScenarios.Work.RECEIVE_DELETE_EACH);
    }

    /**
     * Issue 17's rows, each next to the standard row it is compared with: publish with a deduplication id (a fresh
     * one each message) after publish without, FIFO receive + ack after the standard queue's.
     */
    private void fifoRows() throws Exception {
        if (!settings.runs(Scenario.PUBLISH)) {
            publish(PUBLISH_16, 16, 1);
        }
        if (wrk.isPresent()) {
            String marker = "\u0000";
            String[] around = ConveyorApi.message("deduplication_id", marker).split(marker);
            LoadGenerator.Result result = usage.charge(
                    PUBLISH_DEDUPLICATED,
                    () -> wrk.get()
                            .publishEach(
                                    "publish",
                                    16,
                                    around[0],
                                    around[1],
                                    deduplicationPrefix,
                                    settings.warmup(),
                                    settings.measurement()));
            recordAndPurge(PUBLISH_DEDUPLICATED, 16, result);
        } else {
            publishWithJdk(
                    PUBLISH_DEDUPLICATED,
                    16,
                    1,
                    () -> ConveyorApi.message(
                            "deduplication_id", deduplicationPrefix + deduplicationIds.incrementAndGet()));
        }
        if (!settings.runs(Scenario.CONSUME)) {
            receiveAndAck();
        }
        // Each batch of 100 holds the next message of every group, so the groups stay alike however far it drains.
        String everyGroup = IntStream.range(0, FIFO_GROUPS)
                .mapToObj(group -> ConveyorApi.message("group_id", "g-" + group))
                .collect(Collectors.joining(",", "[", "]"));
        receiveAndAck(FIFO_RECEIVE_ACK, FIFO_QUEUE, everyGroup, false);
    }

    /** The same body in every request, by wrk when there is one. */
    private void publish(String scenario, int clients, int perRequest) throws Exception {
        if (wrk.isEmpty()) {
            publishWithJdk(scenario, clients, perRequest);
            return;
        }
        String body = ConveyorApi.messages(perRequest);
        LoadGenerator.Result result = usage.charge(
                scenario,
                () -> wrk.get()
                        .publish("publish", clients, perRequest, body, settings.warmup(), settings.measurement()));
        recordAndPurge(scenario, clients, result);
    }

    private void publishWithJdk(String scenario, int clients, int perRequest) throws Exception {
        String body = ConveyorApi.messages(perRequest);
        publishWithJdk(scenario, clients, perRequest, () -> body);
    }

    private void publishWithJdk(String scenario, int clients, int perRequest, Supplier<String> bodies)
            throws Exception {
        LoadGenerator.Result result = usage.charge(
                scenario,
                () -> LoadGenerator.run(
                        clients, settings.warmup(), settings.measurement(), settings.maxRequests(), () -> () -> {
                            api.publish("publish", bodies.get());
                            return perRequest;
                        }));
        recordAndPurge(scenario, clients, result);
    }

    private void recordAndPurge(String scenario, int clients, LoadGenerator.Result result) throws Exception {
        record(scenario, Integer.toString(clients), "msgs/s", result);
        // Each measurement starts from an empty queue, so the table does not grow from one to the next.
        api.purge("publish");
    }

    private void receiveAndAck() throws Exception {
        receiveAndAck(RECEIVE_ACK, "consume", ConveyorApi.messages(100), false);
    }

    /**
     * Fills the queue through the API (batches of 100), then 16 consumers receive 10 and ack them in a loop: by wrk
     * when there is one, unless jdk is asked for.
     */
    private void receiveAndAck(String row, String queue, String hundred, boolean jdk) throws Exception {
        long backlog = backlogs.getOrDefault(row, 200_000L);
        api.purge(queue);
        LoadGenerator.run(16, Duration.ZERO, Duration.ofMinutes(10), backlog / 100, () -> () -> {
            api.publish(queue, hundred);
            return 100;
        });
        LoadGenerator.Result result = usage.charge(
                row,
                () -> jdk || wrk.isEmpty()
                        ? LoadGenerator.run(
                                CONSUMERS,
                                settings.warmup(),
                                settings.measurement(),
                                settings.maxRequests(),
                                () -> () -> api.receiveAndAck(queue, 10))
                        : wrk.get().receiveAndAck(queue, CONSUMERS, 10, settings.warmup(), settings.measurement()));
        if (api.available(queue) == 0) {
            report.warn(row + ": the backlog ran out: the rate is a lower bound");
        }
        record(row, Integer.toString(CONSUMERS), "msgs/s", result);
        // Enough for the next run at this rate (warm-up included), with room to spare.
        double seconds = settings.warmup().toSeconds() + settings.measurement().toSeconds();
        backlogs.put(row, Math.max(backlog, ((long) (result.messagesPerSecond() * seconds * 1.5 / 100)) * 100));
    }

    /** Scenario 5, or issue 17's FIFO storage rows: measured once, then the table emptied for what follows. */
    private void storage(StoredMessages storage, String what) throws Exception {
        try {
            StoredMessages.Outcome outcome = storage.run(settings.warmup(), settings.measurement());
            record(storage.row(storage.small()), "1", "msgs/s", outcome.small());
            record(storage.row(storage.stored()), "1", "msgs/s", outcome.large());
            report.note(String.format(
                    Locale.ROOT,
                    "Storing the %,d %s by SQL (and VACUUM ANALYZE) took %d s.",
                    storage.stored(),
                    what,
                    outcome.fill().toSeconds()));
        } finally {
            storage.empty();
        }
    }

    private void record(String scenario, String clients, String unit, LoadGenerator.Result result) {
        if (result.errors() > 0) {
            report.warn(scenario + ": " + result.errors() + " calls failed");
        }
        if (result.calls() == 0) {
            report.warn(scenario + ": no call was both started and answered inside the measured window (each took "
                    + "longer than the window): its rate reads 0");
        }
        report.add(scenario, clients, unit, Report.Measurement.of(result));
        System.out.printf(
                Locale.ROOT,
                "  %-45s %,10.0f %s  p50 %.2f ms  p99 %.2f ms  p99.9 %.2f ms%n",
                scenario,
                result.messagesPerSecond(),
                unit,
                result.latencyMillis(0.50),
                result.latencyMillis(0.99),
                result.latencyMillis(0.999));
    }

    private void measured(String scenario, String clients, String unit, double rate) {
        report.add(scenario, clients, unit, Report.Measurement.rateOnly(rate));
        System.out.printf(Locale.ROOT, "  %-45s %,10.0f %s%n", scenario, rate, unit);
    }

    /** Null when RabbitMQ is not wanted, or not there: its rows are then left out, not the whole run. */
    private static RabbitMqBaseline connectRabbitMq(Settings settings, Report report) {
        if (!settings.runs(Scenario.RABBITMQ)) {
            return null;
        }
        try {
            return RabbitMqBaseline.connect(settings, report::warn);
        } catch (Exception e) {
            System.err.println("RabbitMQ at " + RabbitMqBaseline.address(settings.rabbitMqUri()) + " is not reachable ("
                    + e + "): its rows are left out");
            return null;
        }
    }

    private static <T extends AutoCloseable> T closeOnExit(T resource) {
        if (resource != null) {
            synchronized (CLOSE_ON_EXIT) {
                CLOSE_ON_EXIT.push(resource);
            }
        }
        return resource;
    }

    /** After a normal end everything is closed already (each close does its work once); after Ctrl-C it is not. */
    private static void closeOnExit() {
        synchronized (CLOSE_ON_EXIT) {
            for (AutoCloseable resource : CLOSE_ON_EXIT) {
                try {
                    resource.close();
                } catch (Exception e) {
                    System.err.println("cleanup on exit failed: " + e.getMessage());
                }
            }
        }
    }

    private static String minutes(Duration elapsed) {
        return String.format(Locale.ROOT, "%d min %02d s", elapsed.toMinutes(), elapsed.toSecondsPart());
    }

    /** What the header says about the servers, read while they are up. */
    private record Facts(
            String postgresVersion,
            String synchronousCommit,
            String sharedBuffers,
            String host,
            int port,
            String database,
            String pgbenchVersion,
            String rabbitMqVersion,
            String elasticMqVersion,
            String loadGenerator) {
        static Facts gather(
                Settings settings,
                BenchDatabase database,
                PgbenchBaseline pgbench,
                RabbitMqBaseline rabbitMq,
                ElasticMqServer elasticMq,
                Optional<WrkLoad> wrk)
                throws Exception {
            return new Facts(
                    database.queryOne("SHOW server_version"),
                    database.queryOne("SHOW synchronous_commit"),
                    database.queryOne("SHOW shared_buffers"),
                    database.host,
                    database.port,
                    database.name,
                    pgbench == null ? "not run" : pgbench.version(),
                    rabbitMq != null
                            ? rabbitMq.version()
                            : settings.runs(Scenario.RABBITMQ) ? "not reachable" : "not run",
                    elasticMq == null ? "not run" : elasticMq.version,
                    wrk.isPresent()
                            ? wrk.get().version() + " with a Lua script per scenario (`benchmarks/.../WrkLoad.java`), "
                                    + "2 threads, one connection per client, for the `/v1` publish and receive + ack "
                                    + "rows (latency per request: receives and acks alike); the JDK's `HttpClient` "
                                    + "for the other `/v1` rows and the `/v1` rows the SQS rows are compared with; "
                                    + "the AWS SDK (above) for the SQS rows"
                            : "the JDK's `HttpClient` for `/v1` (wrk is not installed or "
                                    + "`BENCH_LOAD_GENERATOR=jdk`), the AWS SDK (above) for the SQS rows");
        }
    }

    private static String header(Settings settings, Facts facts, String date, String loadAtStart, Duration elapsed)
            throws IOException {
        String os = osRelease().orElse(System.getProperty("os.name")) + ", kernel " + System.getProperty("os.version");
        Path jar = settings.conveyorJar().startsWith(settings.home())
                ? settings.home().relativize(settings.conveyorJar())
                : settings.conveyorJar();
        String serverOptions = settings.serverJavaOptions().isEmpty()
                ? ""
                : " `" + String.join(" ", settings.serverJavaOptions()) + "`";
        return """
        # Benchmarks

        Measured by `benchmarks/` (see [its README](../benchmarks/README.md)): issue 6's scenarios 1 to 7 and the
        RabbitMQ comparison, issue 16's SQS rows (Conveyor's SQS endpoint next to ElasticMQ and next to
        Conveyor's own `/v1` API), and issue 17's FIFO and deduplication rows, in one run, with the targets of the
        issues judged at the end.

        These numbers come from a **shared machine**: other work (another engineer's test suite) may have been
        loading its cores during the run. Absolute numbers drift from run to run; the ratios, measured side by
        side in the same run, are the yardstick.

        ## Machine and settings

        | | |
        |---|---|
        | date | %s |
        | total time | %s for the whole run (`BENCH_SCENARIOS` %s) |
        | CPU | %d cores (%s) |
        | memory | %s |
        | OS | %s |
        | Java | %s (benchmark and server), server with `-Xmx256m`%s |
        | PostgreSQL | %s, `synchronous_commit` %s, `shared_buffers` %s, on %s:%d, database `%s` (dropped afterwards) |
        | pgbench | %s, `-M prepared -c 16 -j 2 -T %d` (the 1-client INSERT row `-c 1 -j 1`, its latency from the per-transaction log), no warm-up |
        | RabbitMQ | %s on %s, a durable classic queue, persistent messages (deleted afterwards) |
        | ElasticMQ | %s (`elasticmq-rest-sqs_2.13`, in memory: nothing it answers is durable), in a JVM of its own started by the benchmark with the server's `-Xmx256m` and options, on 127.0.0.1 |
        | SQS client | AWS SDK for Java v2 %s: one `SqsClient` per server shared by its %d clients, the Apache HTTP client with %d pooled connections, AWS JSON 1.0 protocol, MD5 checks of bodies and attributes on, dummy credentials (neither server checks signatures here) |
        | load average at start | %s |
        | runs | first the server is warmed up once, %d s of mixed load (`BENCH_SERVER_WARMUP_SECONDS`: its JIT compiles for about a minute on 2 cores), and as long again for each SQS server when the SQS rows run (16 clients of SendMessage, SendMessageBatch, ReceiveMessage + DeleteMessageBatch or DeleteMessage); then %d runs per scenario (`BENCH_RUNS`), scenario 5 and the FIFO storage rows once; each scenario but pgbench %d s warm-up + %d s measured (`BENCH_WARMUP_SECONDS`, `BENCH_SECONDS`) |
        | server | `%s server` with the top-level `config.yml` as shipped (pool 4–32, request log on, written to a file), on loopback |
        | load generator | %s; HTTP/1.1 keep-alive, on the same 2 cores as the servers and PostgreSQL |
        | message | body `%s`, attributes `%s`, published to a queue (`POST /v1/queues/{id}/messages`) |

        ## Results

        - Publish: 1 or 100 messages per request, clients in a closed loop; the queue is purged after each
          measurement.
        - Receive 10 + ack 10: 16 consumers in a closed loop on a queue refilled through the API in batches of
          100 before each run, sized so it does not run out.
        - pgbench works on `bench_messages`, a copy of `messages` (`LIKE messages INCLUDING ALL`, its foreign key
          to `queues` added), with time-ordered UUIDs like Conveyor's, emptied before each measurement.
        - Publish → receive (scenario 4): %d publishers keep to a fixed schedule of %d msgs/s in all, 1 message per
          request, whatever the answer times (an open loop; slots still unsent when the window ends are dropped);
          %d consumers wait in long polls (`wait_seconds` %d, `max_messages` %d) and ack what they get. Latency
          is the time from the start of the publish request to the receive's answer, for the messages sent in
          the measured window; the rate is what was sent in it.
        - Receive with messages stored (scenario 5): first %,d, then %,d messages written by SQL into the
          `messages` table, half in the measured queue and half over 20 other queues, 40 %% visible, 30 %% in
          flight, 30 %% delayed; then `VACUUM ANALYZE`. One client receives 10, acks them and publishes 10 in
          their place, so the stored count stays put; latency is the receive's alone, the rate counts the
          messages received. Done once, after the first run; the table is emptied (TRUNCATE) afterwards.
        - Fan-out (scenario 6): a topic with 1, 10 and 50 subscriptions, each to its own queue, each with the filter
          `{"kind": ["order"]}` that the message (attribute `kind=order` added) matches; 16 clients publish 1
          message per request to the topic; the queues are deleted after each measurement.
        - RabbitMQ: 16 publishers, each on its own channel, each awaiting the confirm of every message before
          sending the next (one HTTP request = one confirmed message); and 16 consumers, each on its own channel,
          `basicQos(10)`, manual ack per delivery, on a backlog of %,d published beforehand (the measured window
          ends early once 90 %% of it is consumed).
        - SQS (issue 16): the same AWS SDK code against Conveyor's SQS endpoint and against ElasticMQ, %d clients
          in a closed loop, each measurement on a fresh queue made with CreateQueue and deleted afterwards:
          SendMessage (1 per request); SendMessageBatch (10 per request); ReceiveMessage (10, no wait, all
          message attributes asked for) then DeleteMessageBatch of what it answered, or one DeleteMessage per
          message (as many consumer libraries delete), on a backlog sent beforehand with SendMessageBatch. The
          message is the `/v1` rows' body, as a string, with their attribute as the String message attribute
          `status`. Conveyor stores each message in PostgreSQL before it answers; ElasticMQ keeps it in memory.
          Each SQS row follows the `/v1` row of the same work: publish 1 per request, publish 10 per request,
          receive 10 + ack 10, %d clients. An action a server answers UnsupportedOperation to leaves its rows
          out, with a note below the table.
        - FIFO and deduplication (issue 17): a FIFO queue refilled before each run through the API in batches of
          100, each holding the next message of every one of its %d groups, then 16 consumers receive 10 + ack 10
          as on the standard queue, right after the standard queue's row; 16 clients publish 1 message per request
          with a `deduplication_id` never used before, right after the same publish without one. Receive with FIFO
          messages stored: first %,d, then %,d messages written by SQL into one FIFO queue, %d per group (100
          groups, then %,d), in 6 groups of 10 the first message leased for an hour (the group blocked), with their
          `message_groups` rows; then `VACUUM ANALYZE`. One client receives 10, acks them and publishes 10 in their
          place into the same groups; latency is the receive's alone. Done once, after the first run; the table is
          emptied (TRUNCATE) afterwards.
        - Server CPU and memory (scenario 7): see the last section.
        """.formatted(
                        date,
                        minutes(elapsed),
                        settings.scenarioKeys(),
                        Runtime.getRuntime().availableProcessors(),
                        cpuModel(),
                        memory(),
                        os,
                        System.getProperty("java.runtime.version"),
                        serverOptions,
                        facts.postgresVersion(),
                        facts.synchronousCommit(),
                        facts.sharedBuffers(),
                        facts.host(),
                        facts.port(),
                        facts.database(),
                        facts.pgbenchVersion(),
                        settings.measurement().toSeconds(),
                        facts.rabbitMqVersion(),
                        RabbitMqBaseline.address(settings.rabbitMqUri()),
                        facts.elasticMqVersion(),
                        SqsApi.SDK_VERSION,
                        SqsScenarios.CLIENTS,
                        SqsScenarios.CLIENTS,
                        loadAtStart,
                        settings.serverWarmup().toSeconds(),
                        settings.runs(),
                        settings.warmup().toSeconds(),
                        settings.measurement().toSeconds(),
                        jar,
                        facts.loadGenerator(),
                        ConveyorApi.BODY.replace("|", "\\|"),
                        ConveyorApi.ATTRIBUTES,
                        LatencyScenario.PUBLISHERS,
                        LatencyScenario.RATE,
                        LatencyScenario.CONSUMERS,
                        LatencyScenario.WAIT_SECONDS,
                        LatencyScenario.MAX_MESSAGES,
                        StorageScenario.SMALL,
                        settings.storedMessages(),
                        RabbitMqBaseline.BACKLOG,
                        SqsScenarios.CLIENTS,
                        SqsScenarios.CLIENTS,
                        FIFO_GROUPS,
                        FifoStorageScenario.SMALL,
                        settings.fifoStoredMessages(),
                        FifoStorageScenario.PER_GROUP,
                        settings.fifoStoredMessages() / FifoStorageScenario.PER_GROUP);
    }

    private static Optional<String> osRelease() throws IOException {
        Path file = Path.of("/etc/os-release");
        if (!Files.exists(file)) {
            return Optional.empty();
        }
        return Files.readAllLines(file).stream()
                .filter(line -> line.startsWith("PRETTY_NAME="))
                .map(line -> line.substring("PRETTY_NAME=".length()).replace("\"", ""))
                .findFirst();
    }

    private static String cpuModel() throws IOException {
        return Files.readAllLines(Path.of("/proc/cpuinfo")).stream()
                .filter(line -> line.startsWith("model name"))
                .map(line -> line.substring(line.indexOf(':') + 1).strip())
                .findFirst()
                .orElse("unknown model");
    }

    private static String memory() throws IOException {
        return Files.readAllLines(Path.of("/proc/meminfo")).stream()
                .filter(line -> line.startsWith("MemTotal:"))
                .map(line -> String.format(
                        Locale.ROOT,
                        "%.1f GiB (MemTotal)",
                        Long.parseLong(line.replaceAll("[^0-9]", "")) / 1024.0 / 1024.0))
                .findFirst()
                .orElse("unknown");
    }
}
