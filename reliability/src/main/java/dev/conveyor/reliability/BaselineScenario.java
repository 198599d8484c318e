package dev.conveyor.reliability;

import dev.conveyor.reliability.history.HistoryChecker;
import dev.conveyor.reliability.history.Report;

/** Scenario 1: no fault at all; three instances, fan-out to three filtered queues, 4 publishers, 6 consumers. */
final class BaselineScenario implements FaultScenario {
    @Override
    public String name() {
        return "baseline";
    }

    @Override
    public int number() {
        return 1;
    }

    @Override
    public String injected() {
        return "nothing: 3 instances, topic fan-out to 3 filtered queues, 4 publishers, 6 consumers (acks, nacks,"
                + " extends, expired leases)";
    }

    @Override
    public ScenarioResult run(ScenarioContext context) throws Exception {
        Cluster cluster = context.runningCluster(3);
        TopicLoad load = new TopicLoad(cluster, context.tokens);
        load.setUp();
        load.run(4, 6, context.settings.loadDuration());
        load.drain();
        Report report = new HistoryChecker().check(load.recorder.history(load.scenario()));
        return new ScenarioResult(
                name(), injected(), report, ContractChecks.serverErrors(load.counts), "n/a", load.counts.summary(), "");
    }
}
