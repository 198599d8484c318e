package dev.conveyor.reliability.history;

import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Everything the recording clients saw during one run, in any order, with what the scenario knows.
 *
 * <p>The constructor refuses what would make a judgement meaningless rather than wrong: a token published twice
 * (a retry must carry a new token, or its copies could not be told from the first one's), a receipt carried by two
 * deliveries, a settle of a receipt no recorded delivery carries (the checker judges a settle against its delivery),
 * and a delivery from a queue whose ack deadline the scenario does not state.
 */
public record History(Scenario scenario, List<Event> events) {

    public History {
        Objects.requireNonNull(scenario, "scenario");
        events = List.copyOf(events);
        Set<String> tokens = new HashSet<>();
        Map<String, Delivery> byReceipt = new HashMap<>();
        for (Event event : events) {
            if (event instanceof Publish publish) {
                for (String token : publish.tokens()) {
                    if (!tokens.add(token)) {
                        throw new IllegalArgumentException("token " + token + " is published twice (again by op "
                                + publish.opId() + "): a retry must carry new tokens");
                    }
                }
            } else if (event instanceof Delivery delivery) {
                if (!scenario.ackDeadlines().containsKey(delivery.queueId())) {
                    throw new IllegalArgumentException("no ack deadline for queue " + delivery.queueId()
                            + ", which delivered " + delivery.token() + " in op " + delivery.opId());
                }
                Delivery other = byReceipt.put(delivery.receipt(), delivery);
                if (other != null) {
                    throw new IllegalArgumentException("receipt " + delivery.receipt() + " names two deliveries (ops "
                            + other.opId() + " and " + delivery.opId() + "): a receipt names one delivery");
                }
            }
        }
        for (Event event : events) {
            if (event instanceof Settle settle) {
                Delivery delivery = byReceipt.get(settle.receipt());
                if (delivery == null || !delivery.queueId().equals(settle.queueId())) {
                    throw new IllegalArgumentException(
                            settle.kind() + " " + settle.opId() + " settles receipt " + settle.receipt() + " of queue "
                                    + settle.queueId() + ", which no recorded delivery carries");
                }
            }
        }
    }

    public List<Publish> publishes() {
        return only(Publish.class);
    }

    public List<Delivery> deliveries() {
        return only(Delivery.class);
    }

    public List<Settle> settles() {
        return only(Settle.class);
    }

    private <T extends Event> List<T> only(Class<T> kind) {
        return events.stream().filter(kind::isInstance).map(kind::cast).toList();
    }
}
