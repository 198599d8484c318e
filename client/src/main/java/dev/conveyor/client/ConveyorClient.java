package dev.conveyor.client;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URI;
import java.net.http.HttpClient;
import java.time.Duration;
import java.time.InstantSource;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.Executor;
import java.util.random.RandomGenerator;

/**
 * The typed client of Conveyor's {@code /v1} HTTP API: one method per call, records in and out, a
 * {@link ConveyorException} subtype per kind of failure. Thread-safe: build one per server and share it.
 *
 * <pre>{@code
 * ConveyorClient conveyor = ConveyorClient.builder("http://localhost:8080").build();
 * conveyor.createQueue("orders", QueueSettings.builder().ackDeadlineSeconds(60).maxDeliveries(5).build());
 * conveyor.publish("orders", NewMessage.of(Map.of("order", 42)).withDeduplicationId("order-42"));
 * for (Message message : conveyor.receive("orders", ReceiveOptions.of(10, 20))) {
 *     handle(message.body());
 *     conveyor.ack("orders", List.of(message.receipt()));
 * }
 * }</pre>
 *
 * <p>With authentication on, give the client's credentials: the client gets a token, and renews it before it expires
 * (and once when the server refuses it):
 *
 * <pre>{@code
 * ConveyorClient conveyor = ConveyorClient.builder("https://conveyor.example.com")
 *         .clientCredentials(System.getenv("CONVEYOR_CLIENT_ID"), System.getenv("CONVEYOR_CLIENT_SECRET"))
 *         .requestTimeout(Duration.ofSeconds(10))
 *         .build();
 * }</pre>
 *
 * <p>Failures, and what is retried: a call that is safe to repeat (every GET, PUT, PATCH and DELETE; ack, nack and
 * extend, which name one delivery each; a publish whose every message has a deduplication id; cleanup) is retried on
 * a 503 and on a lost connection, as the {@link RetryPolicy} says. Any call is retried when the server could not be
 * reached at all. Other calls are not retried once sent: a publish without deduplication ids, a receive (it would
 * lease more messages), a create, a redrive or a purge whose answer is lost throws
 * {@link ConveyorException.MayHaveTakenEffect}.
 *
 * <pre>{@code
 * try {
 *     conveyor.createTopic("orders");
 * } catch (ConveyorException.Conflict exists) {
 *     // someone created it first: fine
 * } catch (ConveyorException.Invalid invalid) {
 *     invalid.problems().forEach(System.err::println);
 * }
 * }</pre>
 */
public final class ConveyorClient {
    private final Transport transport;

    private ConveyorClient(Builder builder) {
        HttpClient http = builder.httpClient;
        if (http == null) {
            // HTTP/1.1: the server speaks nothing else on a plain connection, and the JDK's h2c upgrade only adds
            // headers.
            HttpClient.Builder made =
                    HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(builder.connectTimeout);
            if (builder.executor != null) {
                made.executor(builder.executor);
            }
            http = made.build();
        }
        Authorization authorization = Authorization.NONE;
        if (builder.clientId != null) {
            String clientId = builder.clientId;
            String clientSecret = builder.clientSecret;
            authorization = new TokenSource(() -> issueToken(clientId, clientSecret), builder.clock);
        } else if (builder.bearerToken != null) {
            authorization = Authorization.bearer(builder.bearerToken);
        }
        transport = new Transport(
                builder.baseUrl,
                http,
                builder.requestTimeout,
                builder.retryPolicy,
                authorization,
                builder.sleeper,
                RandomGenerator.getDefault());
    }

    /** A builder for a client of the server at {@code baseUrl}, such as {@code http://localhost:8080}. */
    public static Builder builder(String baseUrl) {
        return new Builder(baseUrl);
    }

    // --- Topics

    /** Creates a topic ({@code POST /v1/topics}); {@link ConveyorException.Conflict} if it exists. */
    public Topic createTopic(String id) {
        return send(
                Transport.Call.post("/v1/topics", Map.of("id", id), Transport.Safety.NOT_IDEMPOTENT),
                Transport.Answer.of(Topic.class));
    }

    /** The first page of topics, by name. */
    public Page<Topic> listTopics() {
        return listTopics(Paging.DEFAULT);
    }

    /** A page of topics, by name ({@code GET /v1/topics}). */
    public Page<Topic> listTopics(Paging paging) {
        return send(
                Transport.Call.get(Query.path("v1", "topics").page(paging).toString()),
                Transport.Answer.page(Topic.class));
    }

    /** A topic ({@code GET /v1/topics/{id}}); {@link ConveyorException.NotFound} if there is none. */
    public Topic getTopic(String id) {
        return send(Transport.Call.get(Query.path("v1", "topics", id).toString()), Transport.Answer.of(Topic.class));
    }

    /** Deletes a topic and its subscriptions, not its queues ({@code DELETE /v1/topics/{id}}). */
    public void deleteTopic(String id) {
        send(Transport.Call.delete(Query.path("v1", "topics", id).toString()), Transport.Answer.NONE);
    }

    /** Publishes one message to a topic: it goes to every subscribed queue whose filter matches. */
    public Published publishToTopic(String topicId, NewMessage message) {
        return publishToTopic(topicId, List.of(message)).get(0);
    }

    /**
     * Publishes 1 to 100 messages to a topic, atomically ({@code POST /v1/topics/{id}/messages}); answers one
     * {@link Published} per message, in order. Retried after a lost answer only when every message has a
     * deduplication id; otherwise a lost answer throws {@link ConveyorException.MayHaveTakenEffect}.
     */
    public List<Published> publishToTopic(String topicId, List<NewMessage> messages) {
        return publishTo(Query.path("v1", "topics", topicId, "messages").toString(), messages);
    }

    // --- Queues

    /** Creates a queue with every setting at its default. */
    public Queue createQueue(String id) {
        return createQueue(id, QueueSettings.defaults());
    }

    /** Creates a queue ({@code POST /v1/queues}); {@link ConveyorException.Conflict} if it exists. */
    public Queue createQueue(String id, QueueSettings settings) {
        ObjectNode body = Json.MAPPER.createObjectNode().put("id", id);
        body.setAll((ObjectNode) Json.tree(settings));
        return send(
                Transport.Call.post("/v1/queues", body, Transport.Safety.NOT_IDEMPOTENT),
                Transport.Answer.of(Queue.class));
    }

    /** The first page of queues, by name. */
    public Page<Queue> listQueues() {
        return listQueues(Paging.DEFAULT);
    }

    /** A page of queues, by name ({@code GET /v1/queues}). */
    public Page<Queue> listQueues(Paging paging) {
        return send(
                Transport.Call.get(Query.path("v1", "queues").page(paging).toString()),
                Transport.Answer.page(Queue.class));
    }

    /** A queue ({@code GET /v1/queues/{id}}). */
    public Queue getQueue(String id) {
        return send(Transport.Call.get(queue(id).toString()), Transport.Answer.of(Queue.class));
    }

    /**
     * Replaces a queue's settings whole ({@code PUT /v1/queues/{id}}): a null setting takes its default. To change
     * some settings and keep the others, {@link #patchQueue}.
     */
    public Queue replaceQueue(String id, QueueSettings settings) {
        return send(Transport.Call.put(queue(id).toString(), settings), Transport.Answer.of(Queue.class));
    }

    /** Changes the settings the patch names, keeping the others ({@code PATCH /v1/queues/{id}}, a merge patch). */
    public Queue patchQueue(String id, QueuePatch patch) {
        return send(Transport.Call.patch(queue(id).toString(), patch.mergePatch()), Transport.Answer.of(Queue.class));
    }

    /**
     * Deletes a queue, its messages and subscriptions ({@code DELETE /v1/queues/{id}});
     * {@link ConveyorException.Conflict} while another queue names it as its dead-letter queue.
     */
    public void deleteQueue(String id) {
        send(Transport.Call.delete(queue(id).toString()), Transport.Answer.NONE);
    }

    // --- Messages

    /** Publishes one message to a queue. */
    public Published publish(String queueId, NewMessage message) {
        return publish(queueId, List.of(message)).get(0);
    }

    /**
     * Publishes 1 to 100 messages to a queue, atomically ({@code POST /v1/queues/{id}/messages}); answers one
     * {@link Published} per message, in order. Once it answers, the messages are durable. Retried after a lost answer
     * only when every message has a deduplication id (the server then answers a duplicate with the first message's
     * id and stores nothing); otherwise a lost answer throws {@link ConveyorException.MayHaveTakenEffect}. A full
     * queue throws {@link ConveyorException.TooManyRequests}.
     */
    public List<Published> publish(String queueId, List<NewMessage> messages) {
        return publishTo(queue(queueId, "messages").toString(), messages);
    }

    /**
     * Leases messages ({@code POST /v1/queues/{id}/receive}): up to {@code maxMessages} visible ones, oldest first,
     * each invisible to other receives until its lease ends; an empty list when none came within the wait. Never
     * retried once sent: a receive whose answer is lost throws {@link ConveyorException.MayHaveTakenEffect} (the
     * messages it may have leased are delivered again when their leases end).
     */
    public List<Message> receive(String queueId, ReceiveOptions options) {
        // The long poll's wait on top of the request timeout; left to the queue, it is at most 20 s.
        int wait = options.waitSeconds() == null ? 20 : options.waitSeconds();
        Transport.Call call = Transport.Call.post(
                        queue(queueId, "receive").toString(), options, Transport.Safety.NOT_IDEMPOTENT)
                .withExtraTime(Duration.ofSeconds(wait));
        return send(call, Transport.Answer.data(Message.class));
    }

    /**
     * Acks deliveries: their messages are deleted ({@code POST /v1/queues/{id}/ack}, at most 1000 receipts). Retried
     * after a lost answer; a receipt that the lost attempt acked is then reported in {@code failed} as
     * {@code receipt_not_current}, its message deleted all the same. The same holds for nack and extend.
     */
    public ReceiptOutcome ack(String queueId, List<String> receipts) {
        return receipts(queue(queueId, "ack"), Map.of("receipts", receipts));
    }

    /**
     * Nacks deliveries: their leases end and the messages are visible again after {@code delaySeconds}, or after the
     * queue's backoff when it is null ({@code POST /v1/queues/{id}/nack}).
     */
    public ReceiptOutcome nack(String queueId, List<String> receipts, Integer delaySeconds) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("receipts", receipts);
        body.put("delay_seconds", delaySeconds);
        return receipts(queue(queueId, "nack"), body);
    }

    /**
     * Moves the end of the deliveries' leases to {@code seconds} from now; 0 releases them at once ({@code POST
     * /v1/queues/{id}/extend}).
     */
    public ReceiptOutcome extend(String queueId, List<String> receipts, int seconds) {
        return receipts(queue(queueId, "extend"), Map.of("receipts", receipts, "seconds", seconds));
    }

    // --- Inspection and maintenance

    /** The first page of a queue's messages, oldest first, without leasing them. */
    public Page<Message> browse(String queueId) {
        return browse(queueId, MessageSearch.all(), Paging.DEFAULT);
    }

    /**
     * A page of a queue's messages that match the search, oldest first, without leasing them ({@code GET
     * /v1/queues/{id}/messages}); a search the server cannot finish in time throws {@link ConveyorException.Invalid}.
     */
    public Page<Message> browse(String queueId, MessageSearch search, Paging paging) {
        Query query = queue(queueId, "messages")
                .page(paging)
                .add("text", search.text())
                .add("json_path", search.jsonPath())
                .add("label", search.label());
        search.attributes().forEach((key, values) -> values.forEach(value -> query.add("attribute." + key, value)));
        return send(Transport.Call.get(query.toString()), Transport.Answer.page(Message.class));
    }

    /** One stored message, without leasing it ({@code GET /v1/queues/{id}/messages/{message_id}}). */
    public Message getMessage(String queueId, String messageId) {
        return send(
                Transport.Call.get(queue(queueId, "messages", messageId).toString()),
                Transport.Answer.of(Message.class));
    }

    /** How many messages the queue holds now, by state ({@code GET /v1/queues/{id}/stats}). */
    public QueueStats queueStats(String queueId) {
        return send(Transport.Call.get(queue(queueId, "stats").toString()), Transport.Answer.of(QueueStats.class));
    }

    /** The queue's counts and rates step by step ({@code GET /v1/queues/{id}/stats/history}). */
    public QueueHistory queueHistory(String queueId, HistoryWindow window) {
        Query query = queue(queueId, "stats", "history")
                .add("window_seconds", window.windowSeconds())
                .add("step_seconds", window.stepSeconds());
        return send(Transport.Call.get(query.toString()), Transport.Answer.of(QueueHistory.class));
    }

    /** Moves messages of this queue to another, or back to their sources ({@code POST /v1/queues/{id}/redrive}). */
    public RedriveResult redrive(String queueId, RedriveRequest request) {
        return send(
                Transport.Call.post(queue(queueId, "redrive").toString(), request, Transport.Safety.NOT_IDEMPOTENT),
                Transport.Answer.of(RedriveResult.class));
    }

    /** Deletes every message of the queue and answers how many ({@code POST /v1/queues/{id}/purge}). */
    public long purge(String queueId) {
        JsonNode answer = send(
                Transport.Call.post(queue(queueId, "purge").toString(), Map.of(), Transport.Safety.NOT_IDEMPOTENT),
                Transport.Answer.of(JsonNode.class));
        return answer.path("deleted").asLong();
    }

    /** Runs the cleanup of one queue now ({@code POST /v1/queues/{id}/cleanup}). */
    public CleanupResult cleanup(String queueId) {
        return send(
                Transport.Call.post(queue(queueId, "cleanup").toString(), Map.of(), Transport.Safety.IDEMPOTENT),
                Transport.Answer.of(CleanupResult.class));
    }

    // --- Statistics of many queues

    /** The first page of queues with their counts and rates. */
    public StatsOverview stats() {
        return stats(Paging.DEFAULT);
    }

    /** A page of queues, by name, with their sampled counts and rates ({@code GET /v1/stats}). */
    public StatsOverview stats(Paging paging) {
        return send(
                Transport.Call.get(Query.path("v1", "stats").page(paging).toString()),
                Transport.Answer.of(StatsOverview.class));
    }

    /** A page of queues with their history over one window ({@code GET /v1/stats/history}). */
    public StatsHistories statsHistory(HistoryWindow window, Paging paging) {
        Query query = Query.path("v1", "stats", "history")
                .add("window_seconds", window.windowSeconds())
                .add("step_seconds", window.stepSeconds())
                .page(paging);
        return send(Transport.Call.get(query.toString()), Transport.Answer.of(StatsHistories.class));
    }

    // --- Subscriptions

    /** Links a topic to a queue ({@code POST /v1/subscriptions}); {@link ConveyorException.Conflict} for a pair. */
    public Subscription createSubscription(NewSubscription subscription) {
        return send(
                Transport.Call.post("/v1/subscriptions", subscription, Transport.Safety.NOT_IDEMPOTENT),
                Transport.Answer.of(Subscription.class));
    }

    /** The first page of subscriptions, by name. */
    public Page<Subscription> listSubscriptions() {
        return listSubscriptions(null, null, Paging.DEFAULT);
    }

    /**
     * A page of subscriptions, by name, of this topic and of this queue when they are not null ({@code GET
     * /v1/subscriptions}).
     */
    public Page<Subscription> listSubscriptions(String topicId, String queueId, Paging paging) {
        Query query = Query.path("v1", "subscriptions")
                .add("topic_id", topicId)
                .add("queue_id", queueId)
                .page(paging);
        return send(Transport.Call.get(query.toString()), Transport.Answer.page(Subscription.class));
    }

    /** A subscription ({@code GET /v1/subscriptions/{id}}). */
    public Subscription getSubscription(String id) {
        return send(
                Transport.Call.get(Query.path("v1", "subscriptions", id).toString()),
                Transport.Answer.of(Subscription.class));
    }

    /** Deletes a subscription ({@code DELETE /v1/subscriptions/{id}}). */
    public void deleteSubscription(String id) {
        send(Transport.Call.delete(Query.path("v1", "subscriptions", id).toString()), Transport.Answer.NONE);
    }

    // --- API clients and tokens

    /** Creates an API client ({@code POST /v1/clients}); the answer carries its secret, shown this once. */
    public ApiClient createApiClient(NewApiClient client) {
        return send(
                Transport.Call.post("/v1/clients", client, Transport.Safety.NOT_IDEMPOTENT),
                Transport.Answer.of(ApiClient.class));
    }

    /** The first page of API clients. */
    public Page<ApiClient> listApiClients() {
        return listApiClients(Paging.DEFAULT);
    }

    /** A page of API clients ({@code GET /v1/clients}). */
    public Page<ApiClient> listApiClients(Paging paging) {
        return send(
                Transport.Call.get(Query.path("v1", "clients").page(paging).toString()),
                Transport.Answer.page(ApiClient.class));
    }

    /** An API client ({@code GET /v1/clients/{id}}). */
    public ApiClient getApiClient(String id) {
        return send(
                Transport.Call.get(Query.path("v1", "clients", id).toString()), Transport.Answer.of(ApiClient.class));
    }

    /** Changes an API client, a null member keeping its value ({@code PUT /v1/clients/{id}}). */
    public ApiClient replaceApiClient(String id, ApiClientUpdate update) {
        return send(
                Transport.Call.put(Query.path("v1", "clients", id).toString(), update),
                Transport.Answer.of(ApiClient.class));
    }

    /** Changes the members the patch names ({@code PATCH /v1/clients/{id}}, a merge patch). */
    public ApiClient patchApiClient(String id, ApiClientPatch patch) {
        return send(
                Transport.Call.patch(Query.path("v1", "clients", id).toString(), patch.mergePatch()),
                Transport.Answer.of(ApiClient.class));
    }

    /** Deletes an API client; its tokens stop working at once ({@code DELETE /v1/clients/{id}}). */
    public void deleteApiClient(String id) {
        send(Transport.Call.delete(Query.path("v1", "clients", id).toString()), Transport.Answer.NONE);
    }

    /**
     * A token for these client credentials ({@code POST /v1/oauth/token}); {@link ConveyorException.Unauthorized}
     * when they are not valid. A client built with {@link Builder#clientCredentials} calls this itself.
     */
    public Token issueToken(String clientId, String clientSecret) {
        Map<String, String> credentials = new LinkedHashMap<>();
        credentials.put("client_id", clientId);
        credentials.put("client_secret", clientSecret);
        // Idempotent in effect: a second token for the same client changes nothing.
        return send(
                Transport.Call.post("/v1/oauth/token", credentials, Transport.Safety.IDEMPOTENT)
                        .unauthenticated(),
                Transport.Answer.of(Token.class));
    }

    // --- Plumbing

    private List<Published> publishTo(String path, List<NewMessage> messages) {
        boolean deduplicated =
                !messages.isEmpty() && messages.stream().allMatch(message -> message.deduplicationId() != null);
        Transport.Call call = Transport.Call.post(
                path, messages, deduplicated ? Transport.Safety.IDEMPOTENT : Transport.Safety.NOT_IDEMPOTENT);
        return send(call, Transport.Answer.data(Published.class));
    }

    private ReceiptOutcome receipts(Query path, Map<String, Object> body) {
        // Idempotent by receipt: each names one delivery, and doing it again changes nothing more.
        return send(
                Transport.Call.post(path.toString(), body, Transport.Safety.IDEMPOTENT),
                Transport.Answer.of(ReceiptOutcome.class));
    }

    private static Query queue(String id, String... rest) {
        String[] segments = new String[3 + rest.length];
        segments[0] = "v1";
        segments[1] = "queues";
        segments[2] = id;
        System.arraycopy(rest, 0, segments, 3, rest.length);
        return Query.path(segments);
    }

    private <T> T send(Transport.Call call, Transport.Answer<T> answer) {
        return transport.send(call, answer);
    }

    /** Builds a {@link ConveyorClient}; every setting but the base URL has a default right for most users. */
    public static final class Builder {
        private final String baseUrl;
        private Duration connectTimeout = Duration.ofSeconds(10);
        private Duration requestTimeout = Duration.ofSeconds(30);
        private RetryPolicy retryPolicy = RetryPolicy.defaults();
        private String clientId;
        private String clientSecret;
        private String bearerToken;
        private HttpClient httpClient;
        private Executor executor;
        private InstantSource clock = InstantSource.system();
        private Transport.Sleeper sleeper = duration -> Thread.sleep(duration.toMillis());

        private Builder(String baseUrl) {
            Objects.requireNonNull(baseUrl, "baseUrl");
            URI uri = URI.create(baseUrl);
            if (uri.getScheme() == null || uri.getHost() == null) {
                throw new IllegalArgumentException("baseUrl must be an absolute http(s) URL: " + baseUrl);
            }
            this.baseUrl = baseUrl.endsWith("/") ? baseUrl.substring(0, baseUrl.length() - 1) : baseUrl;
        }

        /** How long connecting may take (default 10 s); ignored with {@link #httpClient}. */
        public Builder connectTimeout(Duration value) {
            connectTimeout = Objects.requireNonNull(value);
            return this;
        }

        /**
         * How long a call's answer may take once sent (default 30 s); a receive's long-poll wait comes on top. A call
         * whose answer does not come in time is treated as a lost answer.
         */
        public Builder requestTimeout(Duration value) {
            requestTimeout = Objects.requireNonNull(value);
            return this;
        }

        /** How calls that are safe to repeat are retried (default {@link RetryPolicy#defaults()}). */
        public Builder retryPolicy(RetryPolicy value) {
            retryPolicy = Objects.requireNonNull(value);
            return this;
        }

        /** Authenticates with these client credentials: tokens are got and renewed as needed. */
        public Builder clientCredentials(String id, String secret) {
            clientId = Objects.requireNonNull(id);
            clientSecret = Objects.requireNonNull(secret);
            bearerToken = null;
            return this;
        }

        /** Authenticates with this token, which the caller renews (by building a new client). */
        public Builder bearerToken(String token) {
            bearerToken = Objects.requireNonNull(token);
            clientId = null;
            clientSecret = null;
            return this;
        }

        /** Sends through this HttpClient (for a proxy, TLS settings, HTTP/2); its own timeouts then apply. */
        public Builder httpClient(HttpClient value) {
            httpClient = Objects.requireNonNull(value);
            return this;
        }

        /** The executor of the HttpClient the builder makes (default: the JDK's); ignored with {@link #httpClient}. */
        public Builder executor(Executor value) {
            executor = Objects.requireNonNull(value);
            return this;
        }

        /** The clock that says when a token is due for renewal (default: the system's). */
        public Builder clock(InstantSource value) {
            clock = Objects.requireNonNull(value);
            return this;
        }

        /** Waits between retries: for tests that should not sleep. */
        Builder sleeper(Transport.Sleeper value) {
            sleeper = Objects.requireNonNull(value);
            return this;
        }

        /** The client. */
        public ConveyorClient build() {
            return new ConveyorClient(this);
        }
    }
}
