package dev.conveyor.reliability;

import dev.conveyor.reliability.history.Delivery;
import dev.conveyor.reliability.history.Event;
import dev.conveyor.reliability.history.HistoryChecker;
import dev.conveyor.reliability.history.HistoryRecorder;
import dev.conveyor.reliability.history.Publish;
import dev.conveyor.reliability.history.Report;
import dev.conveyor.reliability.history.Scenario;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Collectors;

/**
 * Issue 17's scenario: a FIFO queue under load on 2 instances while each is killed with SIGKILL in turn and
 * restarted at once. Producers publish numbered messages to {@link #GROUPS} groups (each group's messages from one
 * producer, one request after the other, so publish order is known); consumers take 1 to 10 messages a receive,
 * ack most, nack some and let others' leases run out, handling each group's messages of a receive in order (once
 * one is not acked, neither are the later ones, as a FIFO consumer must). The checker's group rules must hold:
 * one receive at a time holds a group's messages, in sequence order, none skipped; and nothing is lost.
 */
final class FifoKillScenario implements FaultScenario {
    static final String QUEUE = "fifo";
    static final int GROUPS = 20;
    static final Duration KILL_EVERY = Duration.ofSeconds(5);
    static final int MIN_KILLS = 2;
    /** Short, so that leases left to run out block their groups, and come back, many times in a run. */
    private static final int ACK_DEADLINE_SECONDS = 2;

    private static final int PRODUCERS = 4;
    private static final int CONSUMERS = 4;
    private static final List<Integer> RECEIVE_SIZES = List.of(1, 3, 10);
    private static final Duration MAX_EXTRA_LOAD = Duration.ofMinutes(2);

    private enum Fate {
        ACK,
        NACK,
        LEAVE
    }

    @Override
    public String name() {
        return "fifo-kill-9";
    }

    @Override
    public int number() {
        return 12;
    }

    @Override
    public String injected() {
        return "kill -9 of either of 2 instances (in turn) " + KILL_EVERY.toSeconds()
                + " s after the last one was ready again, restarted at once, under a FIFO queue's load (" + GROUPS
                + " groups, ack deadline " + ACK_DEADLINE_SECONDS + " s, acks, nacks, expiring leases); at least "
                + MIN_KILLS + " kills";
    }

    @Override
    public ScenarioResult run(ScenarioContext context) throws Exception {
        Cluster cluster = context.runningCluster(2);
        new Setup(cluster.instance(0).baseUri)
                .queue(QUEUE, Json.object().put("fifo", true).put("ack_deadline_seconds", ACK_DEADLINE_SECONDS));
        Map<String, Duration> deadlines = Map.of(QUEUE, Duration.ofSeconds(ACK_DEADLINE_SECONDS));
        HistoryRecorder recorder = new HistoryRecorder();
        CallCounts counts = new CallCounts();
        Map<String, String> groupOf = new ConcurrentHashMap<>();

        AtomicBoolean running = new AtomicBoolean(true);
        List<Thread> threads = new ArrayList<>();
        for (int i = 0; i < PRODUCERS; i++) {
            RecordingClient client = new RecordingClient(
                    "producer-" + (i + 1), cluster.instance(i % 2).baseUri, recorder, deadlines, counts);
            List<String> groups = new ArrayList<>();
            for (int group = i; group < GROUPS; group += PRODUCERS) {
                groups.add(String.format(Locale.ROOT, "g%02d", group + 1));
            }
            threads.add(new Thread(() -> produce(client, groups, context.tokens, groupOf, running), client.name));
        }
        for (int i = 0; i < CONSUMERS; i++) {
            RecordingClient client = new RecordingClient(
                    "consumer-" + (i + 1), cluster.instance(i % 2).baseUri, recorder, deadlines, counts);
            threads.add(new Thread(() -> consume(client, running), client.name));
        }
        List<Duration> recoveries = Collections.synchronizedList(new ArrayList<>());
        List<String> failures = Collections.synchronizedList(new ArrayList<>());
        KillsInTurn.whileWorking(
                cluster,
                cluster.size(),
                KILL_EVERY,
                threads,
                running,
                context.settings.loadDuration(),
                MIN_KILLS,
                MAX_EXTRA_LOAD,
                recoveries,
                failures);
        Drain.throughEvery(cluster, recorder, deadlines, counts, Duration.ofSeconds(60))
                .drain(List.of(QUEUE));

        List<Event> events = recorder.events();
        Report report = new HistoryChecker()
                .check(recorder.history(Scenario.of(deadlines).withFifoQueues(Set.of(QUEUE))));
        failures.addAll(ContractChecks.serverErrors(counts));
        failures.addAll(groupsAsPublished(events, groupOf));
        return new ScenarioResult(
                name(),
                injected() + " (" + recoveries.size() + " kills)",
                report,
                failures,
                KillsInTurn.recovery(recoveries),
                counts.summary(),
                notes(events));
    }

    /** Every delivery shows the group its producer published it to. */
    private static List<String> groupsAsPublished(List<Event> events, Map<String, String> groupOf) {
        List<String> failures = new ArrayList<>();
        events.stream()
                .filter(Delivery.class::isInstance)
                .map(Delivery.class::cast)
                .filter(delivery -> delivery.group() != null && groupOf.containsKey(delivery.token()))
                .filter(delivery -> !delivery.group().groupId().equals(groupOf.get(delivery.token())))
                .limit(5)
                .forEach(delivery -> failures.add("token " + delivery.token() + " was published to group "
                        + groupOf.get(delivery.token()) + " but delivered in op " + delivery.opId() + " as "
                        + delivery.group()));
        return failures;
    }

    /** How much the run exercised: ambiguous publishes, and receives that took several messages of one group. */
    private static String notes(List<Event> events) {
        long ambiguous = events.stream()
                .filter(event -> event instanceof Publish publish && publish.outcome() == Publish.Outcome.AMBIGUOUS)
                .count();
        Map<String, List<Delivery>> byReceive = events.stream()
                .filter(Delivery.class::isInstance)
                .map(Delivery.class::cast)
                .filter(delivery -> delivery.group() != null)
                .collect(Collectors.groupingBy(Delivery::opId));
        long receives = byReceive.size();
        long severalOfAGroup = byReceive.values().stream()
                .filter(deliveries -> deliveries.stream()
                                .map(delivery -> delivery.group().groupId())
                                .distinct()
                                .count()
                        < deliveries.size())
                .count();
        return ambiguous + " publishes without an answer; " + receives + " receives answered messages, "
                + severalOfAGroup + " of them several messages of one group";
    }

    private static void produce(
            RecordingClient client,
            List<String> groups,
            Tokens tokens,
            Map<String, String> groupOf,
            AtomicBoolean running) {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        try {
            while (running.get()) {
                String group = groups.get(random.nextInt(groups.size()));
                boolean batch = random.nextInt(4) == 0;
                int size = batch ? 2 + random.nextInt(3) : 1;
                List<String> batchTokens = new ArrayList<>();
                for (int i = 0; i < size; i++) {
                    String token = tokens.next(group);
                    groupOf.put(token, group);
                    batchTokens.add(token);
                }
                Publish.Outcome outcome = client.publish(
                        "/v1/queues/" + QUEUE + "/messages", batchTokens, Map.of(), group, Set.of(QUEUE), batch);
                // An instance that is down refuses at once: do not spin on it.
                Thread.sleep(outcome == Publish.Outcome.OK ? 20 + random.nextInt(40) : 300);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void consume(RecordingClient client, AtomicBoolean running) {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        try {
            while (running.get()) {
                long started = System.nanoTime();
                int max = RECEIVE_SIZES.get(random.nextInt(RECEIVE_SIZES.size()));
                List<Delivery> deliveries = client.receive(QUEUE, max, 1);
                if (deliveries.isEmpty()) {
                    if (System.nanoTime() - started < 100_000_000L) {
                        Thread.sleep(200);
                    }
                    continue;
                }
                Map<Fate, List<Delivery>> fates = decide(deliveries, random);
                client.nack(QUEUE, fates.get(Fate.NACK), 0);
                // Some work before the acks, so that other receives meet the group while it is held.
                Thread.sleep(random.nextInt(50));
                client.ack(QUEUE, fates.get(Fate.ACK));
                // The rest are left unsettled: their leases run out and they come back, first in their groups.
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * Acks 80 %, nacks 10 %, leaves 10 % to expire, group by group in sequence order: once a message of a group is
     * not acked, the later ones of that group in the answer share its fate, as a consumer keeping order would.
     */
    private static Map<Fate, List<Delivery>> decide(List<Delivery> deliveries, ThreadLocalRandom random) {
        Map<Fate, List<Delivery>> fates = new LinkedHashMap<>();
        for (Fate fate : Fate.values()) {
            fates.put(fate, new ArrayList<>());
        }
        Map<String, Fate> groupFate = new LinkedHashMap<>();
        deliveries.stream()
                .sorted(Comparator.comparingLong(delivery ->
                        delivery.group() == null ? 0 : delivery.group().sequenceNumber()))
                .forEach(delivery -> {
                    String group = delivery.group() == null
                            ? delivery.messageId()
                            : delivery.group().groupId();
                    Fate fate = groupFate.get(group);
                    if (fate == null || fate == Fate.ACK) {
                        int roll = random.nextInt(100);
                        fate = roll < 80 ? Fate.ACK : roll < 90 ? Fate.NACK : Fate.LEAVE;
                        groupFate.put(group, fate);
                    }
                    fates.get(fate).add(delivery);
                });
        return fates;
    }
}
