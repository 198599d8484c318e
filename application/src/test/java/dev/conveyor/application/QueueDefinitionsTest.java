package dev.conveyor.application;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.conveyor.application.fakes.InMemoryQueueRepository;
import dev.conveyor.application.port.QueueRepository;
import dev.conveyor.domain.ConveyorException;
import dev.conveyor.domain.ConveyorException.Kind;
import dev.conveyor.domain.Delivery;
import dev.conveyor.domain.Queue;
import dev.conveyor.domain.QueueSettings;
import java.lang.reflect.Proxy;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class QueueDefinitionsTest {
    private static final Instant T0 = Instant.parse("2031-01-02T03:04:05Z");

    private final AtomicLong nanos = new AtomicLong();
    private final AtomicInteger reads = new AtomicInteger();
    private Runnable duringRead = () -> {};
    private final InMemoryQueueRepository store = new InMemoryQueueRepository();
    /** The in-memory repository, counting its reads; a test may act in the middle of one. */
    private final QueueRepository counted = (QueueRepository) Proxy.newProxyInstance(
            QueueRepository.class.getClassLoader(), new Class<?>[] {QueueRepository.class}, (proxy, method, args) -> {
                Object result = method.invoke(store, args);
                if (method.getName().equals("find")) {
                    reads.incrementAndGet();
                    duringRead.run();
                }
                return result;
            });

    private final QueueDefinitions definitions = new QueueDefinitions(counted, Duration.ofSeconds(1), nanos::get);

    private static Queue queue(String id, int ackDeadlineSeconds) {
        return new Queue(
                id, QueueSettings.withDefaults(ackDeadlineSeconds, null, null, null, null, null, null, null), T0, T0);
    }

    private void advance(Duration by) {
        nanos.addAndGet(by.toNanos());
    }

    @Test
    void readsAQueueOnceWithinTheMaximumAgeAndAgainAfterIt() {
        store.create(queue("orders", 30));

        assertThat(definitions.get("orders").settings().ackDeadlineSeconds()).isEqualTo(30);
        store.update(queue("orders", 60)); // as another instance would
        advance(Duration.ofMillis(999));
        assertThat(definitions.get("orders").settings().ackDeadlineSeconds()).isEqualTo(30);
        assertThat(reads).hasValue(1);

        advance(Duration.ofMillis(1));
        assertThat(definitions.get("orders").settings().ackDeadlineSeconds()).isEqualTo(60);
        assertThat(reads).hasValue(2);
    }

    @Test
    void aForgottenQueueIsReadAgainAtOnce() {
        store.create(queue("orders", 30));
        definitions.get("orders");
        store.update(queue("orders", 60));

        definitions.forget("orders");

        assertThat(definitions.get("orders").settings().ackDeadlineSeconds()).isEqualTo(60);
    }

    @Test
    void aReadThatBeganBeforeAChangeWasForgottenIsNotRemembered() {
        store.create(queue("orders", 30));
        // The change commits and is forgotten while this read, which saw the old settings, is under way.
        duringRead = () -> {
            duringRead = () -> {};
            store.update(queue("orders", 60));
            definitions.forget("orders");
        };

        assertThat(definitions.get("orders").settings().ackDeadlineSeconds()).isEqualTo(30);

        assertThat(definitions.get("orders").settings().ackDeadlineSeconds()).isEqualTo(60);
    }

    @Test
    void aMissingQueueIsNotFoundAndNotRememberedSoCreatingItTakesEffectAtOnce() {
        assertThatThrownBy(() -> definitions.get("orders"))
                .isInstanceOfSatisfying(
                        ConveyorException.class, e -> assertThat(e.kind()).isEqualTo(Kind.NOT_FOUND));

        store.create(queue("orders", 30));

        assertThat(definitions.get("orders").id()).isEqualTo("orders");
    }

    @Test
    void aQueueDeletedElsewhereIsNotFoundOnceTheMaximumAgeHasPassed() {
        store.create(queue("orders", 30));
        definitions.get("orders");
        store.delete("orders");

        advance(Duration.ofSeconds(1));

        assertThatThrownBy(() -> definitions.get("orders")).isInstanceOf(ConveyorException.class);
    }

    @Test
    void withoutAMaximumAgeEveryGetReads() {
        QueueDefinitions uncached = QueueDefinitions.uncached(counted);
        store.create(queue("orders", 30));

        uncached.get("orders");
        uncached.get("orders");

        assertThat(reads).hasValue(2);
    }

    @Test
    void refusesANegativeMaximumAge() {
        assertThatThrownBy(() -> new QueueDefinitions(counted, Duration.ofMillis(-1)))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aReceiveRightAfterAChangeMadeThroughThisInstanceUsesTheNewSettings() {
        Services app = new Services();
        QueueDefinitions shared = new QueueDefinitions(app.store.queues(), Duration.ofHours(1));
        QueueService queues = new QueueService(app.store.queues(), app.store.unitOfWork(), app.clock, shared);
        ConsumeService consume = app.consumeWith(shared, app.store.messages());
        queues.create("orders", QueueSettings.withDefaults(30, null, null, null, null, null, null, null));
        app.publishOne("orders", "{}");
        app.publishOne("orders", "{}");
        assertThat(lease(consume).message().visibleAt())
                .isEqualTo(Now.of(app.clock).plusSeconds(30));

        queues.update("orders", QueueSettings.withDefaults(90, null, null, null, null, null, null, null));

        assertThat(lease(consume).message().visibleAt())
                .isEqualTo(Now.of(app.clock).plusSeconds(90));
    }

    private static Delivery lease(ConsumeService consume) {
        try {
            List<Delivery> leased = consume.receive("orders", new ReceiveRequest(1, 0, null));
            assertThat(leased).hasSize(1);
            return leased.get(0);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }
}
