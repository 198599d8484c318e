package dev.conveyor.benchmarks;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;
import com.rabbitmq.client.DefaultConsumer;
import com.rabbitmq.client.Envelope;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Consumer;

/**
 * Issue 6's comparison with RabbitMQ on the same machine, doing what Conveyor promises: a message is durable
 * once the publish is answered (a durable queue, persistent messages, a publisher confirm awaited per message,
 * as one HTTP request answers one message), and it is deleted only when acked (manual acks).
 */
final class RabbitMqBaseline implements AutoCloseable {
    static final int CLIENTS = 16;
    static final int PREFETCH = 10;
    /** About 20 000 msgs/s over a 3 s warm-up and 10 s measured; published at about that rate too, on 2 cores. */
    static final long BACKLOG = 300_000;

    private static final Duration CONFIRM_WITHIN = Duration.ofSeconds(10);
    private static final byte[] BODY = ConveyorApi.BODY.getBytes(StandardCharsets.UTF_8);
    /** deliveryMode 2 = persistent; the attribute travels as a header, as Conveyor's travels with its message. */
    private static final AMQP.BasicProperties PERSISTENT = new AMQP.BasicProperties.Builder()
            .contentType("application/json")
            .deliveryMode(2)
            .headers(Map.of("status", "paid"))
            .build();

    final String queue;
    private final Connection connection;
    private final Channel admin;
    private final Settings settings;
    private final Consumer<String> warnings;
    private boolean closed;

    private RabbitMqBaseline(Settings settings, Consumer<String> warnings, Connection connection, String queue)
            throws IOException {
        this.settings = settings;
        this.warnings = warnings;
        this.connection = connection;
        this.queue = queue;
        this.admin = connection.createChannel();
        admin.queueDeclare(queue, true, false, false, null);
    }

    /** Connects and declares the run's durable queue. */
    static RabbitMqBaseline connect(Settings settings, Consumer<String> warnings) throws Exception {
        ConnectionFactory factory = new ConnectionFactory();
        factory.setUri(settings.rabbitMqUri());
        factory.setConnectionTimeout(5_000);
        // A lost connection must fail the measurement, not be papered over by a reconnect in its middle.
        factory.setAutomaticRecoveryEnabled(false);
        String queue = "conveyor_bench_"
                + LocalDateTime.now(ZoneId.systemDefault()).format(DateTimeFormatter.ofPattern("yyyyMMdd_HHmmss"));
        Connection connection = factory.newConnection("conveyor-benchmark");
        try {
            return new RabbitMqBaseline(settings, warnings, connection, queue);
        } catch (IOException | RuntimeException e) {
            connection.close();
            throw e;
        }
    }

    /** The server's address without its credentials, for the report. */
    static String address(URI uri) {
        return uri.getHost() + ":" + (uri.getPort() == -1 ? 5672 : uri.getPort());
    }

    String version() {
        Object version = connection.getServerProperties().get("version");
        return version == null ? "unknown" : version.toString();
    }

    /** 16 publishers, each on its own channel, each waiting for the confirm of every message before the next. */
    LoadGenerator.Result confirmedPublish() throws Exception {
        List<Channel> channels = Collections.synchronizedList(new ArrayList<>());
        try {
            return LoadGenerator.run(CLIENTS, settings.warmup(), settings.measurement(), settings.maxRequests(), () -> {
                Channel channel = confirmingChannel();
                channels.add(channel);
                return () -> {
                    channel.basicPublish("", queue, PERSISTENT, BODY);
                    channel.waitForConfirmsOrDie(CONFIRM_WITHIN.toMillis());
                    return 1;
                };
            });
        } finally {
            closeAll(channels);
            admin.queuePurge(queue);
        }
    }

    /**
     * The steady state of Conveyor's receive 10 + ack 10: a backlog, 16 consumers each on its own channel with
     * 10 unacked messages at most (basicQos), each delivery acked on its own. Answers acked messages per second.
     */
    double consumeAndAck() throws Exception {
        admin.queuePurge(queue);
        long started = System.nanoTime();
        fill(BACKLOG);
        System.out.printf(
                "  published a backlog of %,d to RabbitMQ in %d s%n",
                BACKLOG, Duration.ofNanos(System.nanoTime() - started).toSeconds());
        LongAdder acked = new LongAdder();
        AtomicBoolean stopping = new AtomicBoolean();
        List<Channel> consumers = new ArrayList<>();
        double rate;
        try {
            for (int i = 0; i < CLIENTS; i++) {
                Channel channel = connection.createChannel();
                consumers.add(channel);
                channel.basicQos(PREFETCH);
                channel.basicConsume(queue, false, new DefaultConsumer(channel) {
                    @Override
                    public void handleDelivery(
                            String tag, Envelope envelope, AMQP.BasicProperties properties, byte[] body)
                            throws IOException {
                        // Deliveries already on their way when the measurement ends stay unacked: they go back to the
                        // queue when the channel closes, and an ack on a closing channel would only fail.
                        if (!stopping.get()) {
                            getChannel().basicAck(envelope.getDeliveryTag(), false);
                            acked.increment();
                        }
                    }
                });
            }
            Thread.sleep(settings.warmup().toMillis());
            long from = System.nanoTime();
            long until = from + settings.measurement().toNanos();
            long ackedBefore = acked.sum();
            // The window ends early once most of the backlog is gone, so that it is measured with a backlog all
            // along: publishing a bigger one would cost more of the run's time than a shorter window costs accuracy.
            while (System.nanoTime() < until && acked.sum() < BACKLOG * 9 / 10) {
                Thread.sleep(10);
            }
            Duration window = Duration.ofNanos(System.nanoTime() - from);
            rate = (acked.sum() - ackedBefore) / (window.toNanos() / 1e9);
            if (window.compareTo(settings.measurement()) < 0) {
                System.out.printf(
                        "  RabbitMQ consumed 90 %% of its backlog after %.1f s of the measured window: "
                                + "measured over those%n",
                        window.toMillis() / 1000.0);
            }
            if (window.toMillis() < 1000) {
                warnings.accept("RabbitMQ consumed its backlog before the measured window was 1 s long: its consume + "
                        + "ack rate is not accurate");
            }
        } finally {
            stopping.set(true);
            closeAll(consumers); // closing a channel cancels its consumer
        }
        admin.queuePurge(queue);
        return rate;
    }

    /** Publishes the backlog with a confirm awaited per 10 000: durable, and as fast as awaiting only the last. */
    private void fill(long messages) throws Exception {
        Channel channel = confirmingChannel();
        try {
            for (long i = 1; i <= messages; i++) {
                channel.basicPublish("", queue, PERSISTENT, BODY);
                if (i % 10_000 == 0 || i == messages) {
                    channel.waitForConfirmsOrDie(Duration.ofMinutes(1).toMillis());
                }
            }
        } finally {
            closeAll(List.of(channel));
        }
    }

    private Channel confirmingChannel() {
        try {
            Channel channel = connection.createChannel();
            channel.confirmSelect();
            return channel;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void closeAll(List<Channel> channels) {
        for (Channel channel : List.copyOf(channels)) {
            try {
                if (channel.isOpen()) {
                    channel.close();
                }
            } catch (Exception e) {
                System.err.println("  closing a RabbitMQ channel failed: " + e.getMessage());
            }
        }
    }

    /** Deletes the queue, messages and all, and disconnects. */
    @Override
    public synchronized void close() throws Exception {
        if (closed) {
            return;
        }
        closed = true;
        // A channel of its own: an error earlier may have closed the admin channel (AMQP closes it on any failure).
        try (Channel channel = connection.createChannel()) {
            channel.queueDelete(queue);
            System.out.println("deleted RabbitMQ queue " + queue);
        } finally {
            connection.close();
        }
    }
}
