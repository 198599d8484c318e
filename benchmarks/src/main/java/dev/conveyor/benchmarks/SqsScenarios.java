package dev.conveyor.benchmarks;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Supplier;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.ReceiveMessageRequest;
import software.amazon.awssdk.services.sqs.model.SendMessageBatchRequest;
import software.amazon.awssdk.services.sqs.model.SendMessageRequest;
import software.amazon.awssdk.services.sqs.model.SqsException;

/**
 * Issue 16's SQS rows: the same AWS SDK code (SqsApi) against Conveyor's SQS endpoint and against ElasticMQ, 16
 * clients in a closed loop as the /v1 rows, each on a fresh queue deleted afterwards. An action a server answers
 * UnsupportedOperation to (Conveyor's batch actions, until they land) leaves its rows out with a note, rather
 * than failing the run.
 */
final class SqsScenarios {
    static final int CLIENTS = 16;
    static final String CONVEYOR = "Conveyor";
    static final String ELASTICMQ = "ElasticMQ";

    /** What a row measures; the same on both servers. */
    enum Work {
        SEND("SendMessage, 1 per request"),
        SEND_BATCH("SendMessageBatch, 10 per request"),
        RECEIVE_DELETE_BATCH("ReceiveMessage 10 + DeleteMessageBatch, with a backlog"),
        RECEIVE_DELETE_EACH("ReceiveMessage 10 + DeleteMessage each, with a backlog");

        final String text;

        Work(String text) {
            this.text = text;
        }
    }

    /** One measurement, recorded by the benchmark like any other (Benchmark::record). */
    interface Recorder {
        void record(String scenario, String clients, String unit, LoadGenerator.Result result);
    }

    /** What a server answered UnsupportedOperation to, found once before the runs. */
    private record Support(boolean sendBatch, boolean deleteBatch) {}

    private final Settings settings;
    private final Report report;
    private final ServerUsage conveyorUsage;
    private final ConveyorApi v1;
    private final Recorder recorder;
    private List<SqsApi> servers;
    private final Map<String, Support> support = new HashMap<>();
    /** Messages to fill before a receive row, per row: raised after each run from the rate measured. */
    private final Map<String, Long> backlogs = new HashMap<>();

    private final AtomicInteger queues = new AtomicInteger();

    SqsScenarios(
            Settings settings,
            Report report,
            ServerUsage conveyorUsage,
            ConveyorApi v1,
            SqsApi conveyor,
            SqsApi elasticMq,
            Recorder recorder) {
        this.settings = settings;
        this.report = report;
        this.conveyorUsage = conveyorUsage;
        this.v1 = v1;
        this.recorder = recorder;
        this.servers = List.of(conveyor, elasticMq);
    }

    static String row(String server, Work work) {
        return "SQS on " + server + ": " + work.text;
    }

    /**
     * Before the runs: finds what each server supports (one call of each action on a queue of its own), then
     * warms each server up with the SQS mix it supports, as the /v1 path is warmed up, for the same time.
     */
    void prepare(Duration warmup) throws Exception {
        // Message attributes are part of the work (the /v1 rows carry one); a server that refuses them yet gets
        // messages without, and so does the other one, so both do the same work.
        if (!acceptsAttributes(servers.get(0)) || !acceptsAttributes(servers.get(1))) {
            servers = servers.stream().map(SqsApi::withoutAttributes).toList();
            report.note("**Note**: the SQS rows send their messages without the message attribute `status` (a "
                    + "server answered UnsupportedOperation to MessageAttributes), to both servers alike.");
        }
        for (SqsApi server : servers) {
            Support found = probe(server);
            support.put(server.server, found);
            if (!found.sendBatch()) {
                notMeasured(server, Work.SEND_BATCH, "SendMessageBatch");
            }
            if (!found.deleteBatch()) {
                notMeasured(server, Work.RECEIVE_DELETE_BATCH, "DeleteMessageBatch");
            }
        }
        for (SqsApi server : servers) {
            warmUp(server, warmup);
        }
    }

    /** The row of a send work on each server that supports it, Conveyor first. */
    void send(Work work) throws Exception {
        for (SqsApi server : servers) {
            if (work == Work.SEND || support.get(server.server).sendBatch()) {
                sendRow(server, work);
            }
        }
    }

    /** The row of a receive work on each server that supports it, Conveyor first, each on a backlog of its own. */
    void receive(Work work) throws Exception {
        for (SqsApi server : servers) {
            if (work == Work.RECEIVE_DELETE_EACH || support.get(server.server).deleteBatch()) {
                receiveRow(server, work);
            }
        }
    }

    private void sendRow(SqsApi server, Work work) throws Exception {
        String url = server.createQueue(queueName(work));
        try {
            SendMessageRequest one = server.sendRequest(url);
            SendMessageBatchRequest batch = server.sendBatchRequest(url);
            measure(server, work, () -> () -> work == Work.SEND ? server.send(one) : server.sendBatch(batch));
        } finally {
            server.deleteQueue(url);
        }
    }

    private void receiveRow(SqsApi server, Work work) throws Exception {
        String row = row(server.server, work);
        String name = queueName(work);
        String url = server.createQueue(name);
        try {
            // Sized as the /v1 row's at first (about 5,000 msgs/s over 3 s + 10 s, with room); half that where
            // each message costs a request of its own; then from the rate measured.
            long backlog = backlogs.getOrDefault(row, work == Work.RECEIVE_DELETE_BATCH ? 100_000L : 50_000L);
            fill(server, name, url, backlog);
            LongAdder empty = new LongAdder();
            ReceiveMessageRequest receive = server.receiveRequest(url);
            LoadGenerator.Result result = measure(server, work, () -> () -> {
                List<Message> messages = server.receive(receive);
                if (messages.isEmpty()) {
                    empty.increment();
                }
                return work == Work.RECEIVE_DELETE_BATCH
                        ? server.deleteBatch(url, messages)
                        : server.deleteEach(url, messages);
            });
            if (empty.sum() > 0) {
                report.warn(row + ": the backlog of " + String.format(Locale.ROOT, "%,d", backlog)
                        + " ran out: the rate is a lower bound");
            }
            double seconds =
                    settings.warmup().toSeconds() + settings.measurement().toSeconds();
            backlogs.put(row, Math.max(backlog, ((long) (result.messagesPerSecond() * seconds * 1.5 / 100)) * 100));
        } finally {
            server.deleteQueue(url);
        }
    }

    private LoadGenerator.Result measure(SqsApi server, Work work, Supplier<LoadGenerator.Call> client)
            throws Exception {
        String row = row(server.server, work);
        Callable<LoadGenerator.Result> measurement = () ->
                LoadGenerator.run(CLIENTS, settings.warmup(), settings.measurement(), settings.maxRequests(), client);
        // Conveyor's CPU per message on the SQS path goes into scenario 7's table, beside the /v1 path's.
        LoadGenerator.Result result =
                server.server.equals(CONVEYOR) ? conveyorUsage.charge(row, measurement) : measurement.call();
        recorder.record(row, Integer.toString(CLIENTS), "msgs/s", result);
        return result;
    }

    /**
     * The backlog of a receive row, sent with SendMessageBatch by 16 clients; into a Conveyor that does not take
     * SendMessageBatch yet, through /v1 in batches of 100 (the SQS queue is the Conveyor queue of that name).
     */
    private void fill(SqsApi server, String name, String url, long messages) throws Exception {
        long started = System.nanoTime();
        if (support.get(server.server).sendBatch()) {
            SendMessageBatchRequest batch = server.sendBatchRequest(url);
            LoadGenerator.run(
                    CLIENTS,
                    Duration.ZERO,
                    Duration.ofMinutes(10),
                    messages / SqsApi.BATCH,
                    () -> () -> server.sendBatch(batch));
        } else {
            String hundred = ConveyorApi.messages(100);
            LoadGenerator.run(CLIENTS, Duration.ZERO, Duration.ofMinutes(10), messages / 100, () -> () -> {
                v1.publish(name, hundred);
                return 100;
            });
        }
        System.out.printf(
                Locale.ROOT,
                "  filled %s's queue with %,d in %.1f s%n",
                server.server,
                messages,
                (System.nanoTime() - started) / 1e9);
    }

    private boolean acceptsAttributes(SqsApi server) {
        String url = server.createQueue(queueName(null));
        try {
            server.send(server.sendRequest(url));
            return true;
        } catch (SqsException e) {
            if (SqsApi.unsupported(e)) {
                return false;
            }
            throw e;
        } finally {
            server.deleteQueue(url);
        }
    }

    private Support probe(SqsApi server) {
        String url = server.createQueue(queueName(null));
        try {
            boolean sendBatch = supported(() -> server.sendBatch(server.sendBatchRequest(url)));
            if (!sendBatch) {
                server.send(server.sendRequest(url));
            }
            List<Message> received = server.receive(server.receiveRequest(url));
            if (received.isEmpty()) {
                throw new IllegalStateException(server.server + ": ReceiveMessage answered nothing after a send");
            }
            boolean deleteBatch = supported(() -> server.deleteBatch(url, received));
            return new Support(sendBatch, deleteBatch);
        } finally {
            server.deleteQueue(url);
        }
    }

    private static boolean supported(Runnable call) {
        try {
            call.run();
            return true;
        } catch (SqsException e) {
            if (SqsApi.unsupported(e)) {
                return false;
            }
            throw e;
        }
    }

    private void notMeasured(SqsApi server, Work work, String action) {
        report.note("**Not measured**: " + row(server.server, work) + ": " + server.server + " answered "
                + "UnsupportedOperation to " + action + ".");
        System.err.printf(
                "  %s answers UnsupportedOperation to %s: its row '%s' is left out%n",
                server.server, action, work.text);
    }

    /** 16 clients of the SQS mix the server supports, as ServerWarmUp does for /v1, on a queue of their own. */
    private void warmUp(SqsApi server, Duration duration) throws Exception {
        if (duration.isZero()) {
            return;
        }
        System.out.printf("warming %s's SQS endpoint up for %d s%n", server.server, duration.toSeconds());
        Support supports = support.get(server.server);
        String url = server.createQueue(queueName(null));
        try {
            SendMessageRequest one = server.sendRequest(url);
            SendMessageBatchRequest batch = server.sendBatchRequest(url);
            ReceiveMessageRequest receive = server.receiveRequest(url);
            AtomicInteger clients = new AtomicInteger();
            LoadGenerator.run(CLIENTS, Duration.ZERO, duration, Long.MAX_VALUE, () -> {
                int kind = clients.getAndIncrement() % 4;
                return () -> switch (kind) {
                    case 0 -> server.send(one);
                    case 1 -> supports.sendBatch() ? server.sendBatch(batch) : server.send(one);
                    case 2 ->
                        supports.deleteBatch()
                                ? server.deleteBatch(url, server.receive(receive))
                                : server.deleteEach(url, server.receive(receive));
                    default -> server.deleteEach(url, server.receive(receive));
                };
            });
        } finally {
            server.deleteQueue(url);
        }
    }

    private String queueName(Work work) {
        String what =
                work == null ? "probe" : work.name().toLowerCase(Locale.ROOT).replace('_', '-');
        return "sqs-bench-" + what + "-" + queues.incrementAndGet();
    }
}
