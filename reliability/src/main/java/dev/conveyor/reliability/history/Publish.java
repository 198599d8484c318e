package dev.conveyor.reliability.history;

import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * One publish request: a batch of messages, each carrying a token unique to the whole run in its body.
 *
 * <p>The batch is atomic by contract: every token reaches every queue of {@code queueIds}, or none does.
 *
 * @param tokens the tokens of the batch, in request order; at least one, none twice (a token names one message)
 * @param queueIds the queues the batch was meant to reach: the queue published to, or the queues of the topic's
 *     matching subscriptions (possibly none, when no subscription matches)
 */
public record Publish(
        String opId,
        String client,
        long invokedNanos,
        long completedNanos,
        List<String> tokens,
        Set<String> queueIds,
        Outcome outcome)
        implements Event {

    /** What the client learnt of the request's fate. */
    public enum Outcome {
        /** Answered 201: every copy is durable and must be delivered. */
        OK,
        /** A definite error (4xx, or a 503 answered by the server): nothing was stored, so nothing may be delivered. */
        FAILED,
        /** No answer (timeout, connection reset): the batch may or may not be stored, but not in part. */
        AMBIGUOUS
    }

    public Publish {
        Require.call(opId, client, invokedNanos, completedNanos);
        tokens = List.copyOf(tokens);
        if (tokens.isEmpty()) {
            throw new IllegalArgumentException("publish " + opId + " carries no token: a batch has 1 to 100 messages");
        }
        tokens.forEach(token -> Require.text(token, "token"));
        if (new HashSet<>(tokens).size() != tokens.size()) {
            throw new IllegalArgumentException("publish " + opId + " carries a token twice: a token names one message");
        }
        queueIds = Set.copyOf(queueIds);
        queueIds.forEach(queueId -> Require.text(queueId, "queueId"));
        Objects.requireNonNull(outcome, "outcome");
    }
}
