package dev.conveyor.reliability.history;

import static dev.conveyor.reliability.history.HistoryBuilder.START;
import static dev.conveyor.reliability.history.HistoryBuilder.at;
import static dev.conveyor.reliability.history.HistoryBuilder.nanos;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

class EventTest {
    private static final Instant LEASE_END = START.plusSeconds(30);

    private static Publish publish(long invoked, long completed, List<String> tokens) {
        return new Publish("p1", "client-1", invoked, completed, tokens, Set.of("q"), Publish.Outcome.OK);
    }

    private static Delivery delivery(int attempts) {
        return new Delivery("r1", "client-1", 0, nanos(1), "q", "t1", "m1", "receipt-1", attempts, LEASE_END);
    }

    @Test
    void refusesACallCompletedBeforeItWasInvoked() {
        assertThatThrownBy(() -> publish(10, 9, List.of("t1")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("completed (9) before it was invoked (10)");
        assertThatThrownBy(() -> new Delivery("r1", "c", 10, 9, "q", "t1", "m1", "receipt-1", 1, LEASE_END))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() ->
                        new Settle("a1", "c", 10, 9, "q", "receipt-1", Settle.Kind.ACK, Settle.Result.SUCCEEDED, null))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void acceptsACallThatTookNoMeasurableTime() {
        assertThat(publish(10, 10, List.of("t1")).completedNanos()).isEqualTo(10);
    }

    @Test
    void refusesAPublishWithoutTokens() {
        assertThatThrownBy(() -> publish(0, 1, List.of()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("no token");
    }

    @Test
    void refusesABatchCarryingATokenTwice() {
        assertThatThrownBy(() -> publish(0, 1, List.of("t1", "t2", "t1")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("token twice");
    }

    @ParameterizedTest
    @ValueSource(strings = {"", " ", "\t"})
    void refusesBlankNames(String blank) {
        assertThatThrownBy(() -> publish(0, 1, List.of(blank))).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Publish(blank, "c", 0, 1, List.of("t1"), Set.of("q"), Publish.Outcome.OK))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Delivery("r1", "c", 0, 1, "q", "t1", "m1", blank, 1, LEASE_END))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void keepsItsOwnCopiesOfTheCollectionsItIsGiven() {
        List<String> tokens = new ArrayList<>(List.of("t1"));
        Set<String> queues = new HashSet<>(Set.of("q1"));
        Publish publish = new Publish("p1", "c", 0, 1, tokens, queues, Publish.Outcome.OK);

        tokens.add("t2");
        queues.add("q2");

        assertThat(publish.tokens()).containsExactly("t1");
        assertThat(publish.queueIds()).containsExactly("q1");
    }

    @Test
    void acceptsAPublishReachingNoQueue() {
        Publish toNoSubscription = new Publish("p1", "c", 0, 1, List.of("t1"), Set.of(), Publish.Outcome.OK);

        assertThat(toNoSubscription.queueIds()).isEmpty();
    }

    @Test
    void refusesADeliveryNeverCounted() {
        assertThatThrownBy(() -> delivery(0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("at least 1");
    }

    @Test
    void derivesTheGrantTimeFromTheAckDeadline() {
        assertThat(delivery(1).grantedAt(Duration.ofSeconds(30))).isEqualTo(START);
    }

    @ParameterizedTest
    @EnumSource(
            value = Settle.Result.class,
            names = {"SUCCEEDED", "AMBIGUOUS"})
    void requiresTheNewLeaseEndOfAnExtendThatMayHaveHappened(Settle.Result result) {
        assertThatThrownBy(() -> new Settle("e1", "c", 0, 1, "q", "receipt-1", Settle.Kind.EXTEND, result, null))
                .isInstanceOf(NullPointerException.class)
                .hasMessageContaining("extendedTo");
    }

    @Test
    void acceptsARefusedExtendWithoutANewLeaseEnd() {
        Settle refused = new Settle("e1", "c", 0, 1, "q", "receipt-1", Settle.Kind.EXTEND, Settle.Result.REFUSED, null);

        assertThat(refused.extendedTo()).isNull();
    }

    @ParameterizedTest
    @EnumSource(
            value = Settle.Kind.class,
            names = {"ACK", "NACK"})
    void refusesANewLeaseEndOnAnAckOrANack(Settle.Kind kind) {
        assertThatThrownBy(
                        () -> new Settle("s1", "c", 0, 1, "q", "receipt-1", kind, Settle.Result.SUCCEEDED, LEASE_END))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("only an extend moves a lease");
    }

    @Test
    void boundsAnExtendFromBelowByTheTimeSeenToPassSinceTheReceive() {
        // Granted at START (30 s lease), answer seen at second 1, extend sent at second 11: the database clock had
        // passed START + 10 s at least when the extend ran.
        Instant bound =
                Settle.extendedAtLeastTo(delivery(1), Duration.ofSeconds(30), nanos(11), Duration.ofSeconds(60));

        assertThat(bound).isEqualTo(at(70));
    }

    @Test
    void refusesAnExtendBoundForAnExtendSentBeforeItsReceipt() {
        assertThatThrownBy(() -> Settle.extendedAtLeastTo(delivery(1), Duration.ofSeconds(30), 0, Duration.ZERO))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() ->
                        Settle.extendedAtLeastTo(delivery(1), Duration.ofSeconds(30), nanos(2), Duration.ofSeconds(-1)))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
