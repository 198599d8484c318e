package dev.conveyor.reliability.history;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Matches what was published with what was delivered: the rules {@link Violation#LOST},
 * {@link Violation#UNEXPECTED} and {@link Violation#PARTIAL_AMBIGUOUS_BATCH}, and the latency figures.
 *
 * <p>Where two queues a publish reached share a dead-letter queue, one dead letter there accounts for both copies;
 * a scenario that must tell them apart gives each queue its own dead-letter queue.
 */
final class PublishAccounting {
    private final Scenario scenario;
    private final Findings findings;
    private final Map<String, Publish> publishOf = new HashMap<>();
    // token -> queue -> message id -> when the first receive delivering it completed; sorted, so examples are stable
    private final Map<String, Map<String, Map<String, Long>>> stored = new TreeMap<>();

    private PublishAccounting(History history, Findings findings) {
        this.scenario = history.scenario();
        this.findings = findings;
        history.publishes().forEach(publish -> publish.tokens().forEach(token -> publishOf.put(token, publish)));
        for (Delivery delivery : history.deliveries()) {
            stored.computeIfAbsent(delivery.token(), token -> new TreeMap<>())
                    .computeIfAbsent(delivery.queueId(), queue -> new TreeMap<>())
                    .merge(delivery.messageId(), delivery.completedNanos(), Math::min);
        }
    }

    static void account(History history, Findings findings) {
        PublishAccounting accounting = new PublishAccounting(history, findings);
        history.publishes().stream()
                .sorted(Comparator.comparingLong(Publish::invokedNanos)
                        .thenComparing(Publish::opId)
                        .thenComparing(publish -> publish.tokens().get(0)))
                .forEach(accounting::accountFor);
        accounting.findUnexpected();
    }

    private void accountFor(Publish publish) {
        switch (publish.outcome()) {
            case OK -> {
                findings.publishedOk += publish.tokens().size();
                for (String token : publish.tokens()) {
                    for (String queueId : new TreeSet<>(publish.queueIds())) {
                        findings.copiesExpected++;
                        accountForPromisedCopy(publish, token, queueId);
                    }
                }
            }
            case AMBIGUOUS -> {
                findings.ambiguous += publish.tokens().size();
                for (String token : publish.tokens()) {
                    findings.deadLettered += (int) publish.queueIds().stream()
                            .filter(queueId -> deadLettered(token, queueId))
                            .count();
                }
                requireAllOrNothing(publish);
            }
            case FAILED -> findings.failed += publish.tokens().size();
        }
    }

    private void accountForPromisedCopy(Publish publish, String token, String queueId) {
        Optional<Long> firstDelivered = firstDelivered(token, queueId);
        firstDelivered.ifPresent(completed -> {
            // A copy delivered before its publish began is flagged as unexpected, not measured.
            if (completed >= publish.invokedNanos()) {
                findings.firstDeliveryLatenciesNanos.add(completed - publish.invokedNanos());
            }
        });
        boolean deadLettered = deadLettered(token, queueId);
        if (deadLettered) {
            findings.deadLettered++;
        }
        if (firstDelivered.isPresent() || deadLettered) {
            return;
        }
        if (scenario.excusedTokens().contains(token)) {
            findings.excused++;
        } else {
            findings.flag(
                    Violation.LOST,
                    "token " + token + " published to " + queueId + " by op " + publish.opId()
                            + " (201) was never delivered from it nor dead-lettered");
        }
    }

    // An excused token may have been removed either way, so it says nothing about the batch.
    private void requireAllOrNothing(Publish publish) {
        List<String> delivered = new ArrayList<>();
        List<String> missing = new ArrayList<>();
        for (String token : publish.tokens()) {
            if (scenario.excusedTokens().contains(token)) {
                continue;
            }
            for (String queueId : new TreeSet<>(publish.queueIds())) {
                boolean found = firstDelivered(token, queueId).isPresent() || deadLettered(token, queueId);
                (found ? delivered : missing).add(token + " in " + queueId);
            }
        }
        if (!delivered.isEmpty() && !missing.isEmpty()) {
            findings.flag(
                    Violation.PARTIAL_AMBIGUOUS_BATCH,
                    "ambiguous publish " + publish.opId() + " stored in part: "
                            + delivered.size() + " copies delivered (" + delivered.get(0) + "), " + missing.size()
                            + " never ("
                            + missing.get(0) + ")");
        }
    }

    private void findUnexpected() {
        stored.forEach((token, byQueue) -> byQueue.forEach((queueId, firstDeliveredById) -> {
            Publish publish = publishOf.get(token);
            String found = "token " + token + " delivered from " + queueId;
            if (publish == null) {
                firstDeliveredById
                        .keySet()
                        .forEach(id -> findings.flag(
                                Violation.UNEXPECTED, found + " (message " + id + ") was never published"));
                return;
            }
            if (publish.outcome() == Publish.Outcome.FAILED) {
                firstDeliveredById
                        .keySet()
                        .forEach(id -> findings.flag(
                                Violation.UNEXPECTED,
                                found + " (message " + id + ") belongs to publish " + publish.opId()
                                        + ", which failed"));
                return;
            }
            long reaches = timesReached(publish, queueId);
            if (reaches == 0) {
                firstDeliveredById
                        .keySet()
                        .forEach(id -> findings.flag(
                                Violation.UNEXPECTED,
                                found + " (message " + id + "), which publish " + publish.opId() + " did not reach"));
                return;
            }
            List<String> ids = new ArrayList<>(firstDeliveredById.keySet());
            for (int extra = (int) reaches; extra < ids.size(); extra++) {
                findings.flag(
                        Violation.UNEXPECTED,
                        "token " + token + " stored " + ids.size() + " times in " + queueId + " (messages " + ids
                                + ") though publish " + publish.opId() + " reaches it " + reaches + " times");
            }
            firstDeliveredById.forEach((id, completed) -> {
                if (completed < publish.invokedNanos()) {
                    findings.flag(
                            Violation.UNEXPECTED,
                            found + " (message " + id + ") before publish " + publish.opId() + " was invoked");
                }
            });
        }));
    }

    // A queue is reached once for each target whose dead-letter chain passes through it, itself included.
    private long timesReached(Publish publish, String queueId) {
        return publish.queueIds().stream()
                .filter(target -> scenario.deadLetterChain(target).contains(queueId))
                .count();
    }

    private Optional<Long> firstDelivered(String token, String queueId) {
        return Optional.ofNullable(stored.getOrDefault(token, Map.of()).get(queueId))
                .flatMap(byId -> byId.values().stream().min(Long::compare));
    }

    private boolean deadLettered(String token, String queueId) {
        List<String> chain = scenario.deadLetterChain(queueId);
        return chain.subList(1, chain.size()).stream()
                .anyMatch(deadLetterQueue ->
                        firstDelivered(token, deadLetterQueue).isPresent());
    }
}
