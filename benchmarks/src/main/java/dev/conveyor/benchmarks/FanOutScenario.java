package dev.conveyor.benchmarks;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Issue 6's scenario 6: what a publish to a topic costs as its matching subscriptions grow. Every subscription
 * has an attribute filter the message matches, so the server evaluates the filters and stores one copy per
 * subscription, as a real fan-out does.
 */
final class FanOutScenario {
    static final String TOPIC = "fanout";
    static final int[] SUBSCRIPTIONS = {1, 10, 50};
    static final int CLIENTS = 16;
    private static final String FILTER = "{\"kind\": [\"order\"]}";
    private static final String MESSAGE = ConveyorApi.message("{\"status\": \"paid\", \"kind\": \"order\"}");

    private final ConveyorApi api;
    private final Settings settings;

    FanOutScenario(ConveyorApi api, Settings settings) throws Exception {
        this.api = api;
        this.settings = settings;
        api.createTopic(TOPIC);
    }

    static String row(int subscriptions) {
        return String.format(
                Locale.ROOT,
                "publish to a topic, %d matching subscription%s",
                subscriptions,
                subscriptions == 1 ? "" : "s");
    }

    static String copiesRow(int subscriptions) {
        return row(subscriptions) + ": copies stored";
    }

    /** Publishes to the topic with this many subscriptions; their queues are deleted afterwards, messages and all. */
    LoadGenerator.Result run(int subscriptions) throws Exception {
        List<String> queues = new ArrayList<>();
        try {
            for (int i = 0; i < subscriptions; i++) {
                String name = "fanout-" + subscriptions + "-" + i;
                api.createQueue(name);
                queues.add(name);
                api.subscribe(name, TOPIC, name, FILTER);
            }
            // A filter that matched nothing would make the publish cheap and the measurement meaningless.
            int reached = api.publishToTopic(TOPIC, MESSAGE);
            if (reached != subscriptions) {
                throw new IllegalStateException(
                        "a publish to " + TOPIC + " reached " + reached + " queues, not " + subscriptions);
            }
            return LoadGenerator.run(
                    CLIENTS, settings.warmup(), settings.measurement(), settings.maxRequests(), () -> () -> {
                        api.publishToTopic(TOPIC, MESSAGE);
                        return 1;
                    });
        } finally {
            for (String queue : queues) {
                api.deleteQueue(queue); // its subscription goes with it
            }
        }
    }
}
