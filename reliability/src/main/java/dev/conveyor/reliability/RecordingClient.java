package dev.conveyor.reliability;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.conveyor.reliability.history.Delivery;
import dev.conveyor.reliability.history.GroupPosition;
import dev.conveyor.reliability.history.HistoryRecorder;
import dev.conveyor.reliability.history.Publish;
import dev.conveyor.reliability.history.Settle;
import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * One worker's calls to one instance, each recorded with {@link System#nanoTime()} taken just before the request
 * and just after the answer (or the failure): publishes of fresh tokens, receives, acks, nacks and extends.
 *
 * <p>A call without an answer (timeout, connection refused or reset) is AMBIGUOUS: it may have taken effect. A
 * publish answered 4xx or 503 is FAILED (a rejected request changes nothing); another 5xx breaks the contract and
 * is recorded AMBIGUOUS, and counted. A settle's receipts are judged by its answer's {@code succeeded} and
 * {@code failed} lists; a whole call answered 4xx refused them all. Not thread-safe: one client per thread.
 */
final class RecordingClient {
    private static final Duration CALL_TIMEOUT = Duration.ofSeconds(10);

    final String name;
    private final URI base;
    private final HistoryRecorder recorder;
    private final Map<String, Duration> ackDeadlines;
    private final CallCounts counts;
    private long ops;

    RecordingClient(
            String name, URI base, HistoryRecorder recorder, Map<String, Duration> ackDeadlines, CallCounts counts) {
        this.name = name;
        this.base = base;
        this.recorder = recorder;
        this.ackDeadlines = Map.copyOf(ackDeadlines);
        this.counts = counts;
    }

    /**
     * Publishes one message per token (a JSON array when {@code asBatch}, else one object, which needs one token) to
     * {@code path} ({@code /v1/topics/t/messages} or {@code /v1/queues/q/messages}), each with body
     * {@code {"token": ...}} and the given attributes.
     *
     * @param reaches the queues the scenario expects the messages in (a topic's matching subscriptions)
     */
    Publish.Outcome publish(
            String path, List<String> tokens, Map<String, String> attributes, Set<String> reaches, boolean asBatch)
            throws InterruptedException {
        return publish(path, tokens, attributes, null, reaches, asBatch);
    }

    /** As {@link #publish(String, List, Map, Set, boolean)}, every message in group {@code groupId} (null: none). */
    Publish.Outcome publish(
            String path,
            List<String> tokens,
            Map<String, String> attributes,
            String groupId,
            Set<String> reaches,
            boolean asBatch)
            throws InterruptedException {
        if (!asBatch && tokens.size() != 1) {
            throw new IllegalArgumentException("a single publish carries one token, not " + tokens.size());
        }
        ArrayNode batch = Json.array();
        for (String token : tokens) {
            ObjectNode message = batch.addObject();
            message.putObject("body").put("token", token);
            ObjectNode attributesNode = message.putObject("attributes");
            attributes.forEach(attributesNode::put);
            if (groupId != null) {
                message.put("group_id", groupId);
            }
        }
        JsonNode body = asBatch ? batch : batch.get(0);
        String opId = nextOp("publish");
        long invoked = System.nanoTime();
        Publish.Outcome outcome;
        try {
            Json.Answer answer = Json.call(base, path, body, CALL_TIMEOUT);
            counts.count(answer.status());
            if (answer.status() == 201) {
                outcome = Publish.Outcome.OK;
            } else if (answer.status() == 503 && mayHaveTakenEffect(answer)) {
                outcome = Publish.Outcome.AMBIGUOUS;
            } else if ((answer.status() >= 400 && answer.status() < 500) || answer.status() == 503) {
                outcome = Publish.Outcome.FAILED;
            } else {
                outcome = Publish.Outcome.AMBIGUOUS;
            }
        } catch (IOException noAnswer) {
            counts.noAnswer.incrementAndGet();
            outcome = Publish.Outcome.AMBIGUOUS;
        }
        recorder.record(new Publish(opId, name, invoked, System.nanoTime(), tokens, reaches, outcome));
        return outcome;
    }

    /** Leases up to {@code max} messages; what a failed call may have leased comes back after its lease. */
    List<Delivery> receive(String queueId, int max, int waitSeconds) throws InterruptedException {
        ObjectNode body = Json.object().put("max_messages", max).put("wait_seconds", waitSeconds);
        String opId = nextOp("receive");
        long invoked = System.nanoTime();
        Json.Answer answer;
        try {
            answer = Json.call(base, "/v1/queues/" + queueId + "/receive", body, CALL_TIMEOUT.plusSeconds(waitSeconds));
        } catch (IOException noAnswer) {
            counts.noAnswer.incrementAndGet();
            return List.of();
        }
        long completed = System.nanoTime();
        counts.count(answer.status());
        if (answer.status() != 200) {
            return List.of();
        }
        List<Delivery> deliveries = new ArrayList<>();
        for (JsonNode message : answer.body().path("data")) {
            String id = message.path("id").asText();
            String token = message.path("body").path("token").asText("");
            Delivery delivery = new Delivery(
                    opId,
                    name,
                    invoked,
                    completed,
                    message.path("queue_id").asText(queueId),
                    // A message without a token was published by no one here: the checker calls it unexpected.
                    token.isBlank() ? "no-token:" + id : token,
                    id,
                    message.path("receipt").asText(),
                    message.path("delivery_attempts").asInt(),
                    Instant.parse(message.path("lease_expires_at").asText()),
                    group(message));
            recorder.record(delivery);
            deliveries.add(delivery);
        }
        return deliveries;
    }

    Map<String, Settle.Result> ack(String queueId, List<Delivery> deliveries) throws InterruptedException {
        return settle(queueId, Settle.Kind.ACK, deliveries, Json.object(), null);
    }

    /** Ends the leases; visible again after {@code delaySeconds}. */
    Map<String, Settle.Result> nack(String queueId, List<Delivery> deliveries, int delaySeconds)
            throws InterruptedException {
        return settle(queueId, Settle.Kind.NACK, deliveries, Json.object().put("delay_seconds", delaySeconds), null);
    }

    /** Moves the leases' ends to {@code seconds} from now. */
    Map<String, Settle.Result> extend(String queueId, List<Delivery> deliveries, int seconds)
            throws InterruptedException {
        return settle(
                queueId,
                Settle.Kind.EXTEND,
                deliveries,
                Json.object().put("seconds", seconds),
                Duration.ofSeconds(seconds));
    }

    private Map<String, Settle.Result> settle(
            String queueId, Settle.Kind kind, List<Delivery> deliveries, ObjectNode body, Duration extendBy)
            throws InterruptedException {
        if (deliveries.isEmpty()) {
            return Map.of();
        }
        ArrayNode receipts = body.putArray("receipts");
        deliveries.forEach(delivery -> receipts.add(delivery.receipt()));
        String opId = nextOp(kind.name().toLowerCase(java.util.Locale.ROOT));
        long invoked = System.nanoTime();
        Set<String> succeeded = new HashSet<>();
        Set<String> failed = new HashSet<>();
        boolean refusedWhole = false;
        try {
            Json.Answer answer = Json.call(
                    base,
                    "/v1/queues/" + queueId + "/" + kind.name().toLowerCase(java.util.Locale.ROOT),
                    body,
                    CALL_TIMEOUT);
            counts.count(answer.status());
            if (answer.status() == 200) {
                answer.body().path("succeeded").forEach(receipt -> succeeded.add(receipt.asText()));
                answer.body()
                        .path("failed")
                        .forEach(failure -> failed.add(failure.path("receipt").asText()));
            } else if (answer.status() >= 400 && answer.status() < 500) {
                refusedWhole = true;
            }
            // A 503 or another 5xx may come after a commit, as far as the client can tell: ambiguous.
        } catch (IOException noAnswer) {
            counts.noAnswer.incrementAndGet();
        }
        long completed = System.nanoTime();
        Map<String, Settle.Result> results = new HashMap<>();
        for (Delivery delivery : deliveries) {
            Settle.Result result;
            if (refusedWhole || failed.contains(delivery.receipt())) {
                result = Settle.Result.REFUSED;
            } else if (succeeded.contains(delivery.receipt())) {
                result = Settle.Result.SUCCEEDED;
            } else {
                result = Settle.Result.AMBIGUOUS;
            }
            Instant extendedTo = extendBy == null || result == Settle.Result.REFUSED
                    ? null
                    : Settle.extendedAtLeastTo(delivery, ackDeadlines.get(delivery.queueId()), invoked, extendBy);
            recorder.record(
                    new Settle(opId, name, invoked, completed, queueId, delivery.receipt(), kind, result, extendedTo));
            results.put(delivery.receipt(), result);
        }
        return results;
    }

    // A FIFO queue's message shows both; the checker flags one of a FIFO queue that shows neither.
    private static GroupPosition group(JsonNode message) {
        JsonNode groupId = message.path("group_id");
        JsonNode sequenceNumber = message.path("sequence_number");
        if (!groupId.isTextual()
                || groupId.asText().isBlank()
                || !sequenceNumber.isIntegralNumber()
                || !sequenceNumber.canConvertToLong()
                || sequenceNumber.asLong() < 0) {
            return null;
        }
        return new GroupPosition(groupId.asText(), sequenceNumber.asLong());
    }

    private static boolean mayHaveTakenEffect(Json.Answer answer) {
        return answer.body() != null && answer.body().path("message").asText().contains("may have taken effect");
    }

    URI base() {
        return base;
    }

    private String nextOp(String kind) {
        return name + "/" + kind + "-" + ++ops;
    }
}
