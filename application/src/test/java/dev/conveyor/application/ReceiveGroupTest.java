package dev.conveyor.application;

import static org.assertj.core.api.Assertions.assertThat;

import dev.conveyor.application.ConsumeService.Lease;
import dev.conveyor.application.GroupCommit.Outcome;
import dev.conveyor.application.port.MessageStore;
import dev.conveyor.domain.Delivery;
import dev.conveyor.domain.Queue;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * Concurrent receives of one standard queue share one lease statement (so one commit), and each still gets only
 * messages of its own, at most its max_messages; receives that cannot share one (another queue, label or lease
 * length) each get their own. (FIFO receives never share one: one receive must hold a whole group, which
 * FifoConcurrencyTest would see broken.)
 */
class ReceiveGroupTest {
    private final Services app = new Services();
    private final AtomicInteger leaseStatements = new AtomicInteger();
    private final ConsumeService consume =
            app.consumeWith(QueueDefinitions.uncached(app.store.queues()), counting(app.store.messages()));

    private MessageStore counting(MessageStore store) {
        return (MessageStore) Proxy.newProxyInstance(
                MessageStore.class.getClassLoader(), new Class<?>[] {MessageStore.class}, (proxy, method, args) -> {
                    if (method.getName().startsWith("lease")) {
                        leaseStatements.incrementAndGet();
                    }
                    try {
                        return method.invoke(store, args);
                    } catch (InvocationTargetException e) {
                        throw e.getCause();
                    }
                });
    }

    private Queue queueWith(String id, int messages) {
        Queue queue = app.queue(id);
        for (int i = 0; i < messages; i++) {
            app.publishOne(id, Integer.toString(i));
        }
        return queue;
    }

    private static Lease lease(Queue queue, int max) {
        return new Lease(queue, new ReceiveRequest(max, 0, null));
    }

    @Test
    void receivesOfOneQueueShareOneLeaseAndEachGetsItsOwnMessages() {
        Queue orders = queueWith("orders", 5);

        List<Outcome<List<Delivery>>> outcomes =
                consume.leaseTogether(List.of(lease(orders, 2), lease(orders, 2), lease(orders, 2)));

        assertThat(leaseStatements).hasValue(1);
        assertThat(outcomes).extracting(o -> o.result().size()).containsExactly(2, 2, 1);
        List<Object> ids = new ArrayList<>();
        outcomes.forEach(o -> o.result().forEach(d -> ids.add(d.message().id())));
        assertThat(ids).hasSize(5).doesNotHaveDuplicates();
    }

    @Test
    void receivesThatCannotShareAStatementEachGetTheirOwn() {
        Queue orders = queueWith("orders", 3);
        Queue audit = queueWith("audit", 3);
        Lease longer = new Lease(orders, new ReceiveRequest(1, 0, null, 300));

        List<Outcome<List<Delivery>>> outcomes =
                consume.leaseTogether(List.of(lease(orders, 1), lease(audit, 1), longer, lease(orders, 1)));

        assertThat(leaseStatements)
                .as("orders, audit, and orders with a longer lease")
                .hasValue(3);
        assertThat(outcomes).extracting(o -> o.result().size()).containsExactly(1, 1, 1, 1);
        assertThat(outcomes.get(1).result().get(0).message().queueId()).isEqualTo("audit");
    }
}
