package dev.conveyor.reliability;

import dev.conveyor.reliability.history.Delivery;
import dev.conveyor.reliability.history.HistoryChecker;
import dev.conveyor.reliability.history.HistoryRecorder;
import dev.conveyor.reliability.history.Report;
import dev.conveyor.reliability.history.Scenario;
import dev.conveyor.reliability.history.Settle;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Scenario 4: a consumer receives messages through instance A, then A is paused (SIGSTOP) for longer than the ack
 * deadline; meanwhile the leases expire and a consumer on instance B receives the same messages again (and
 * extends its leases, so that they outlive what follows). A is resumed (SIGCONT) and the first consumer acks,
 * nacks and extends with its stale receipts through A: every one must be refused and change nothing (a receive
 * finds none of the messages), and the new holder's acks through B must succeed.
 */
final class PausedInstanceScenario implements FaultScenario {
    static final String QUEUE = "leases";
    static final int ACK_DEADLINE_SECONDS = 2;
    static final Duration PAUSE = Duration.ofSeconds(5);
    /** Split in three: acked, nacked and extended with stale receipts. */
    static final int MESSAGES = 60;

    private static final int NEW_HOLDER_EXTENDS_BY_SECONDS = 30;
    private static final Duration GATHER_WITHIN = Duration.ofSeconds(20);

    @Override
    public String name() {
        return "paused-instance";
    }

    @Override
    public int number() {
        return 4;
    }

    @Override
    public String injected() {
        return "SIGSTOP of the instance a consumer received " + MESSAGES + " messages through, for " + PAUSE.toSeconds()
                + " s (ack deadline " + ACK_DEADLINE_SECONDS
                + " s) while another consumer receives them again through a"
                + " second instance; then SIGCONT and acks, nacks and extends with the stale receipts";
    }

    @Override
    public ScenarioResult run(ScenarioContext context) throws Exception {
        Cluster cluster = context.runningCluster(2);
        ServerProcess a = cluster.instance(0);
        ServerProcess b = cluster.instance(1);
        new Setup(b.baseUri).queue(QUEUE, Json.object().put("ack_deadline_seconds", ACK_DEADLINE_SECONDS));
        Map<String, Duration> deadlines = Map.of(QUEUE, Duration.ofSeconds(ACK_DEADLINE_SECONDS));
        HistoryRecorder recorder = new HistoryRecorder();
        CallCounts counts = new CallCounts();
        RecordingClient publisher = new RecordingClient("publisher", b.baseUri, recorder, deadlines, counts);
        RecordingClient first = new RecordingClient("consumer-a", a.baseUri, recorder, deadlines, counts);
        RecordingClient second = new RecordingClient("consumer-b", b.baseUri, recorder, deadlines, counts);
        List<String> failures = new ArrayList<>();

        List<String> tokens = new ArrayList<>();
        for (int i = 0; i < MESSAGES; i++) {
            tokens.add(context.tokens.next("leased"));
        }
        publisher.publish("/v1/queues/" + QUEUE + "/messages", tokens, Map.of(), Set.of(QUEUE), true);

        Map<String, Delivery> held = gather(first, Set.copyOf(tokens));
        if (held.size() != MESSAGES) {
            failures.add("consumer-a received " + held.size() + " of the " + MESSAGES + " messages through A");
        }

        a.pause();
        long paused = System.nanoTime();
        System.out.println("  paused " + a.name + " (SIGSTOP)");
        Map<String, Delivery> newHolder;
        try {
            // The leases granted through A end while it sleeps; B hands the messages out again.
            Thread.sleep(ACK_DEADLINE_SECONDS * 1000L + 200);
            newHolder = gather(second, held.keySet());
            Map<String, Settle.Result> extended =
                    second.extend(QUEUE, List.copyOf(newHolder.values()), NEW_HOLDER_EXTENDS_BY_SECONDS);
            long notExtended = extended.values().stream()
                    .filter(result -> result != Settle.Result.SUCCEEDED)
                    .count();
            if (notExtended > 0) {
                failures.add(notExtended + " of the new holder's extends through B did not succeed");
            }
            long left = PAUSE.toNanos() - (System.nanoTime() - paused);
            if (left > 0) {
                Thread.sleep(left / 1_000_000);
            }
        } finally {
            a.resume();
        }
        Duration pausedFor = Duration.ofNanos(System.nanoTime() - paused);
        System.out.println("  resumed " + a.name + " (SIGCONT) after " + pausedFor.toMillis() + " ms");
        if (newHolder.size() != held.size()) {
            failures.add("consumer-b received " + newHolder.size() + " of the " + held.size()
                    + " messages again through B while A was paused");
        }

        // The stale receipts, through A once it runs again: a third each acked, nacked and extended.
        long resumed = System.nanoTime();
        List<Delivery> stale = List.copyOf(held.values());
        int third = stale.size() / 3;
        Map<String, Settle.Result> staleResults = new LinkedHashMap<>();
        staleResults.putAll(first.ack(QUEUE, stale.subList(0, third)));
        Duration answeredAfter = Duration.ofNanos(System.nanoTime() - resumed);
        staleResults.putAll(first.nack(QUEUE, stale.subList(third, 2 * third), 0));
        staleResults.putAll(first.extend(QUEUE, stale.subList(2 * third, stale.size()), 60));
        long refused = staleResults.values().stream()
                .filter(result -> result == Settle.Result.REFUSED)
                .count();
        if (refused != stale.size()) {
            failures.add(refused + " of " + stale.size() + " stale settles through A were refused (all must be): "
                    + staleResults.values().stream()
                            .filter(result -> result != Settle.Result.REFUSED)
                            .count()
                    + " succeeded or went unanswered");
        }

        // Nothing changed: the stale nacks made no message visible, so neither instance hands any out.
        int visible = 0;
        for (RecordingClient client : List.of(first, second)) {
            visible += (int) client.receive(QUEUE, 100, 1).stream()
                    .filter(delivery -> held.containsKey(delivery.token()))
                    .count();
        }
        if (visible > 0) {
            failures.add(visible + " messages held by consumer-b were handed out again after the stale settles");
        }

        Map<String, Settle.Result> acked = second.ack(QUEUE, List.copyOf(newHolder.values()));
        long ackedOk = acked.values().stream()
                .filter(result -> result == Settle.Result.SUCCEEDED)
                .count();
        if (ackedOk != newHolder.size()) {
            failures.add(ackedOk + " of the new holder's " + newHolder.size() + " acks through B succeeded (all must)");
        }

        int drained = new Drain(List.of(first, second), Duration.ofSeconds(60)).drain(List.of(QUEUE));
        if (drained > 0) {
            failures.add("the drain found " + drained + " messages left after the new holder acked them all");
        }

        Report report = new HistoryChecker().check(recorder.history(Scenario.of(deadlines)));
        failures.addAll(ContractChecks.serverErrors(counts));
        if (report.staleSettlesRefused() != stale.size()) {
            failures.add("the checker counted " + report.staleSettlesRefused() + " stale settles refused, "
                    + stale.size() + " were sent");
        }
        String recovery = String.format(
                Locale.ROOT,
                "A paused %.1f s; first stale settle answered %.2f s after SIGCONT",
                pausedFor.toMillis() / 1000.0,
                answeredAfter.toMillis() / 1000.0);
        return new ScenarioResult(
                name(),
                injected(),
                report,
                failures,
                recovery,
                counts.summary(),
                String.format(
                        Locale.ROOT,
                        "stale settles through A: %d sent (%d acks, %d nacks, %d extends), %d refused;"
                                + " new holder's acks through B: %d of %d succeeded; drain found %d left",
                        stale.size(),
                        third,
                        third,
                        stale.size() - 2 * third,
                        refused,
                        ackedOk,
                        newHolder.size(),
                        drained));
    }

    /** Receives until {@code client} holds each of {@code wanted} (the latest delivery of each), or time runs out. */
    private static Map<String, Delivery> gather(RecordingClient client, Set<String> wanted)
            throws InterruptedException {
        Map<String, Delivery> held = new LinkedHashMap<>();
        long deadline = System.nanoTime() + GATHER_WITHIN.toNanos();
        while (held.size() < wanted.size() && System.nanoTime() < deadline) {
            for (Delivery delivery : client.receive(QUEUE, 100, 1)) {
                if (wanted.contains(delivery.token())) {
                    held.put(delivery.token(), delivery);
                }
            }
        }
        return held;
    }
}
