package dev.conveyor.reliability.history;

import static dev.conveyor.reliability.history.HistoryBuilder.nanos;
import static dev.conveyor.reliability.history.Publish.Outcome.AMBIGUOUS;
import static dev.conveyor.reliability.history.Publish.Outcome.FAILED;
import static dev.conveyor.reliability.history.Publish.Outcome.OK;
import static dev.conveyor.reliability.history.Settle.Result.REFUSED;
import static dev.conveyor.reliability.history.Settle.Result.SUCCEEDED;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class HistoryCheckerTest {

    /** Three queues subscribed to one topic, each message delivered once from each and acked. */
    private static HistoryBuilder cleanFanOut() {
        HistoryBuilder history = new HistoryBuilder().queues(30, "q1", "q2", "q3");
        history.publish(OK, 0, List.of("t1", "t2"), "q1", "q2", "q3");
        double second = 1;
        for (String queue : List.of("q1", "q2", "q3")) {
            for (String token : List.of("t1", "t2")) {
                history.ack(history.deliver(queue, token, 1, second), SUCCEEDED, second + 0.5);
                second++;
            }
        }
        return history;
    }

    @Nested
    class EveryPublishedCopy {
        @Test
        void holdsForAFanOutDeliveredFromEveryQueue() {
            Report report = cleanFanOut().check();

            assertThat(report.holds()).as(report.details()).isTrue();
            assertThat(report.publishedOk()).isEqualTo(2);
            assertThat(report.copiesExpected()).isEqualTo(6);
            assertThat(report.deliveries()).isEqualTo(6);
            assertThat(report.duplicatesAfterLeaseEnd()).isZero();
        }

        @Test
        void isLostWhenOneQueueNeverDeliversIt() {
            HistoryBuilder history = new HistoryBuilder().queues(30, "q1", "q2", "q3");
            history.published(0, "t1", "q1", "q2", "q3");
            history.deliver("q1", "t1", 1, 1);
            history.deliver("q3", "t1", 1, 1);

            Report report = history.check();

            assertThat(report.holds()).isFalse();
            assertThat(report.lost()).isEqualTo(1);
            assertThat(report.examples(Violation.LOST))
                    .singleElement()
                    .asString()
                    .contains("t1", "q2");
        }

        @Test
        void isNotLostWhenTheScenarioPurgedItOnPurpose() {
            HistoryBuilder history = new HistoryBuilder().queues(30, "q1", "q2").excuse("t1");
            history.published(0, "t1", "q1", "q2");
            history.deliver("q1", "t1", 1, 1);

            Report report = history.check();

            assertThat(report.holds()).as(report.details()).isTrue();
            assertThat(report.excused()).isEqualTo(1);
        }

        @Test
        void needsNoDeliveryWhenTheTopicHadNoMatchingSubscription() {
            Report report = new HistoryBuilder().published(0, "t1").check();

            assertThat(report.holds()).isTrue();
            assertThat(report.copiesExpected()).isZero();
        }
    }

    @Nested
    class AStoredCopy {
        @Test
        void isUnexpectedWhenNobodyPublishedItsToken() {
            HistoryBuilder history = new HistoryBuilder().queue("q", 30);
            history.deliver("q", "ghost", 1, 1);

            Report report = history.check();

            assertThat(report.unexpected()).isEqualTo(1);
            assertThat(report.examples(Violation.UNEXPECTED))
                    .singleElement()
                    .asString()
                    .contains("ghost", "never published");
        }

        @Test
        void isUnexpectedInAQueueItsPublishDidNotReach() {
            HistoryBuilder history = new HistoryBuilder().queues(30, "q1", "q2");
            history.published(0, "t1", "q1");
            history.deliver("q1", "t1", 1, 1);
            history.deliver("q2", "t1", 1, 1);

            Report report = history.check();

            assertThat(report.unexpected()).isEqualTo(1);
            assertThat(report.lost()).isZero();
        }

        @Test
        void isUnexpectedWhenItsPublishFailedForCertain() {
            HistoryBuilder history = new HistoryBuilder().queue("q", 30);
            history.publish(FAILED, 0, List.of("t1"), "q");
            history.deliver("q", "t1", 1, 1);

            Report report = history.check();

            assertThat(report.unexpected()).isEqualTo(1);
            assertThat(report.failed()).isEqualTo(1);
            assertThat(report.examples(Violation.UNEXPECTED))
                    .singleElement()
                    .asString()
                    .contains("failed");
        }

        @Test
        void needsNoDeliveryWhenItsPublishFailed() {
            HistoryBuilder history = new HistoryBuilder().queue("q", 30);
            history.publish(FAILED, 0, List.of("t1", "t2"), "q");

            Report report = history.check();

            assertThat(report.holds()).isTrue();
            assertThat(report.failed()).isEqualTo(2);
            assertThat(report.copiesExpected()).isZero();
        }

        @Test
        void isUnexpectedWhenItsBatchWasStoredTwiceInOneQueue() {
            HistoryBuilder history = new HistoryBuilder().queue("q", 30);
            history.published(0, "t1", "q");
            history.deliver("q", "t1", "m1", 1, 1);
            history.deliver("q", "t1", "m2", 1, 2);

            Report report = history.check();

            assertThat(report.unexpected()).isEqualTo(1);
            assertThat(report.examples(Violation.UNEXPECTED))
                    .singleElement()
                    .asString()
                    .contains("stored 2 times");
        }

        @Test
        void isUnexpectedWhenDeliveredBeforeItsPublishWasSent() {
            HistoryBuilder history = new HistoryBuilder().queue("q", 30);
            history.published(5, "t1", "q");
            history.deliver("q", "t1", 1, 1);

            Report report = history.check();

            assertThat(report.unexpected()).isEqualTo(1);
            assertThat(report.examples(Violation.UNEXPECTED))
                    .singleElement()
                    .asString()
                    .contains("before publish");
        }
    }

    @Nested
    class AnAmbiguousBatch {
        private HistoryBuilder ambiguousBatchToTwoQueues() {
            HistoryBuilder history = new HistoryBuilder().queues(30, "q1", "q2");
            history.publish(AMBIGUOUS, 0, List.of("t1", "t2"), "q1", "q2");
            return history;
        }

        @Test
        void holdsWhenDeliveredWhole() {
            HistoryBuilder history = ambiguousBatchToTwoQueues();
            for (String queue : List.of("q1", "q2")) {
                history.deliver(queue, "t1", 1, 1);
                history.deliver(queue, "t2", 1, 1);
            }

            Report report = history.check();

            assertThat(report.holds()).as(report.details()).isTrue();
            assertThat(report.ambiguous()).isEqualTo(2);
            assertThat(report.copiesExpected()).isZero();
        }

        @Test
        void holdsWhenNeverDelivered() {
            Report report = ambiguousBatchToTwoQueues().check();

            assertThat(report.holds()).isTrue();
            assertThat(report.lost()).isZero();
        }

        @Test
        void isFlaggedWhenDeliveredInPart() {
            HistoryBuilder history = ambiguousBatchToTwoQueues();
            history.deliver("q1", "t1", 1, 1);
            history.deliver("q1", "t2", 1, 1);
            history.deliver("q2", "t1", 1, 1);

            Report report = history.check();

            assertThat(report.partialAmbiguousBatches()).isEqualTo(1);
            assertThat(report.examples(Violation.PARTIAL_AMBIGUOUS_BATCH))
                    .singleElement()
                    .asString()
                    .contains("3 copies delivered", "1 never", "t2 in q2");
        }

        @Test
        void ignoresItsExcusedTokens() {
            HistoryBuilder history = ambiguousBatchToTwoQueues().excuse("t2");
            history.deliver("q1", "t1", 1, 1);
            history.deliver("q2", "t1", 1, 1);

            assertThat(history.check().holds()).isTrue();
        }
    }

    @Nested
    class ARedelivery {
        private final HistoryBuilder history =
                new HistoryBuilder().queue("q", 30).published(0, "t1", "q");

        @Test
        void isAllowedOnceTheLeaseExpired() {
            history.deliver("q", "t1", 1, 1);
            history.deliver("q", "t1", 2, 31);

            Report report = history.check();

            assertThat(report.holds()).isTrue();
            assertThat(report.duplicatesAfterLeaseEnd()).isEqualTo(1);
        }

        @Test
        void isFlaggedWhenGrantedASecondBeforeTheLeaseExpired() {
            history.deliver("q", "t1", 1, 1);
            history.deliver("q", "t1", 2, 30);

            Report report = history.check();

            assertThat(report.liveLeaseDuplicates()).isEqualTo(1);
            assertThat(report.duplicatesAfterLeaseEnd()).isZero();
            assertThat(report.examples(Violation.LIVE_LEASE_DUPLICATE))
                    .singleElement()
                    .asString()
                    .contains("attempt 2", "2025-11-01T12:00:30Z", "leased until 2025-11-01T12:00:31Z");
        }

        @Test
        void isFlaggedBeforeTheEndOfAnExtendedLease() {
            Delivery first = history.deliver("q", "t1", 1, 1);
            history.extend(first, SUCCEEDED, 20, 80);
            history.deliver("q", "t1", 2, 50);

            assertThat(history.check().liveLeaseDuplicates()).isEqualTo(1);
        }

        @Test
        void isAllowedAfterTheEndOfAnExtendedLease() {
            Delivery first = history.deliver("q", "t1", 1, 1);
            history.extend(first, SUCCEEDED, 20, 80);
            history.deliver("q", "t1", 2, 80);

            Report report = history.check();

            assertThat(report.holds()).isTrue();
            assertThat(report.duplicatesAfterLeaseEnd()).isEqualTo(1);
        }

        @Test
        void isAllowedAfterAnExtendByZeroReleasedTheLease() {
            Delivery first = history.deliver("q", "t1", 1, 1);
            history.extend(first, SUCCEEDED, 5, 5);
            history.deliver("q", "t1", 2, 6);

            assertThat(history.check().holds()).isTrue();
        }

        @Test
        void isJudgedByTheEarliestEndOfExtendsWhoseOrderIsUnknown() {
            Delivery first = history.deliver("q", "t1", 1, 1);
            history.add(extendBetween(first, 10, 12, 90));
            history.add(extendBetween(first, 11, 13, 60));
            history.deliver("q", "t1", 2, 70);

            assertThat(history.check().holds()).isTrue();
        }

        @Test
        void isJudgedByTheLastOfExtendsThatFollowedEachOther() {
            Delivery first = history.deliver("q", "t1", 1, 1);
            history.add(extendBetween(first, 10, 11, 60));
            history.add(extendBetween(first, 12, 13, 90));
            history.deliver("q", "t1", 2, 70);

            assertThat(history.check().liveLeaseDuplicates()).isEqualTo(1);
        }

        @Test
        void isAllowedAfterASuccessfulNack() {
            Delivery first = history.deliver("q", "t1", 1, 1);
            history.nack(first, SUCCEEDED, 2);
            history.deliver("q", "t1", 2, 3);

            Report report = history.check();

            assertThat(report.holds()).isTrue();
            assertThat(report.duplicatesAfterLeaseEnd()).isEqualTo(1);
        }

        @Test
        void isAllowedAfterANackWithoutAnswer() {
            Delivery first = history.deliver("q", "t1", 1, 1);
            history.nack(first, Settle.Result.AMBIGUOUS, 2);
            history.deliver("q", "t1", 2, 3);

            assertThat(history.check().holds()).isTrue();
        }

        @Test
        void isFlaggedBeforeExpiryAfterARefusedNack() {
            Delivery first = history.deliver("q", "t1", 1, 1);
            history.nack(first, REFUSED, 2);
            history.deliver("q", "t1", 2, 3);

            assertThat(history.check().liveLeaseDuplicates()).isEqualTo(1);
        }

        @Test
        void isFlaggedWhenTheNackThatSucceededCameAfterIt() {
            Delivery first = history.deliver("q", "t1", 1, 1);
            history.deliver("q", "t1", 2, 3);
            history.nack(first, SUCCEEDED, 4);

            Report report = history.check();

            assertThat(report.liveLeaseDuplicates()).isEqualTo(1);
            assertThat(report.staleSettlesAccepted()).isEqualTo(1);
        }

        @Test
        void isFlaggedWhenTwoDeliveriesCarryTheSameAttempt() {
            history.deliver("q", "t1", 1, 1);
            history.deliver("q", "t1", 1, 40);

            Report report = history.check();

            assertThat(report.liveLeaseDuplicates()).isEqualTo(1);
            assertThat(report.examples(Violation.LIVE_LEASE_DUPLICATE))
                    .singleElement()
                    .asString()
                    .contains("attempt 1 delivered twice");
        }

        @Test
        void isAllowedWithinTheToleranceOfTheLeaseEnd() {
            history.deliver("q", "t1", 1, 1);
            history.deliver("q", "t1", 2, 30.995);

            assertThat(history.check().holds()).isTrue();
        }

        @Test
        void isFlaggedJustBeyondTheTolerance() {
            history.deliver("q", "t1", 1, 1);
            history.deliver("q", "t1", 2, 30.994);

            assertThat(history.check().liveLeaseDuplicates()).isEqualTo(1);
        }

        @Test
        void isJudgedWithTheToleranceTheCheckerWasGiven() {
            history.deliver("q", "t1", 1, 1);
            history.deliver("q", "t1", 2, 30.999);

            assertThat(new HistoryChecker(Duration.ZERO).check(history.build()).liveLeaseDuplicates())
                    .isEqualTo(1);
            assertThat(new HistoryChecker(Duration.ofMillis(1))
                            .check(history.build())
                            .holds())
                    .isTrue();
        }

        @Test
        void isFlaggedAfterASuccessfulAck() {
            Delivery first = history.deliver("q", "t1", 1, 1);
            history.ack(first, SUCCEEDED, 2);
            history.deliver("q", "t1", 2, 40);

            Report report = history.check();

            assertThat(report.redeliveredAfterAck()).isEqualTo(1);
            assertThat(report.liveLeaseDuplicates()).isZero();
            assertThat(report.duplicatesAfterLeaseEnd()).isZero();
        }

        @Test
        void isAllowedWhenTheAckWasRefused() {
            Delivery first = history.deliver("q", "t1", 1, 1);
            history.deliver("q", "t1", 2, 40);
            history.ack(first, REFUSED, 41);

            Report report = history.check();

            assertThat(report.holds()).isTrue();
            assertThat(report.staleSettlesRefused()).isEqualTo(1);
            assertThat(report.duplicatesAfterLeaseEnd()).isEqualTo(1);
        }

        private Settle extendBetween(Delivery delivery, double invoked, double completed, double until) {
            return new Settle(
                    "extend-" + invoked,
                    "consumer",
                    nanos(invoked),
                    nanos(completed),
                    "q",
                    delivery.receipt(),
                    Settle.Kind.EXTEND,
                    SUCCEEDED,
                    HistoryBuilder.at(until));
        }
    }

    @Nested
    class AStaleReceipt {
        private final HistoryBuilder history =
                new HistoryBuilder().queue("q", 30).published(0, "t1", "q");

        @Test
        void isFlaggedWhenItsAckSucceedsAfterTheCopyWasReceivedAgain() {
            Delivery first = history.deliver("q", "t1", 1, 1);
            history.deliver("q", "t1", 2, 40);
            history.ack(first, SUCCEEDED, 41);

            Report report = history.check();

            assertThat(report.staleSettlesAccepted()).isEqualTo(1);
            assertThat(report.examples(Violation.STALE_SETTLE_ACCEPTED))
                    .singleElement()
                    .asString()
                    .contains("ACK", "attempt 1", "after attempt 2");
        }

        @Test
        void isNotJudgedWhenTheSettleWasSentBeforeTheRedeliveryWasSeen() {
            Delivery first = history.deliver("q", "t1", 1, 1);
            history.add(new Delivery(
                    "slow-receive",
                    "consumer",
                    nanos(39),
                    nanos(45),
                    "q",
                    "t1",
                    first.messageId(),
                    "receipt-2",
                    2,
                    HistoryBuilder.at(70)));
            history.extend(first, SUCCEEDED, 44, 50);

            Report report = history.check();

            assertThat(report.staleSettlesAccepted()).isZero();
            assertThat(report.staleSettlesRefused()).isZero();
        }

        @Test
        void isNotJudgedWhenTheSettleGotNoAnswer() {
            Delivery first = history.deliver("q", "t1", 1, 1);
            history.deliver("q", "t1", 2, 40);
            history.ack(first, Settle.Result.AMBIGUOUS, 41);

            Report report = history.check();

            assertThat(report.holds()).isTrue();
            assertThat(report.staleSettlesRefused()).isZero();
        }
    }

    @Nested
    class ADeadLetter {
        private final HistoryBuilder history = new HistoryBuilder()
                .queues(30, "orders", "orders-dlq")
                .deadLetterQueue("orders", "orders-dlq")
                .published(0, "t1", "orders");

        @Test
        void countsTheCopyAsDeadLetteredNotLost() {
            history.deliver("orders", "t1", 1, 1);
            history.deliver("orders-dlq", "t1", 1, 40);

            Report report = history.check();

            assertThat(report.holds()).as(report.details()).isTrue();
            assertThat(report.deadLettered()).isEqualTo(1);
            assertThat(report.lost()).isZero();
        }

        @Test
        void showsAPoisonMessageDeliveredMaxDeliveriesTimesThenDeadLetteredOnce() {
            // orders has max_deliveries 3: three leases run out, then the cleanup moves the copy.
            history.deliver("orders", "t1", 1, 1);
            history.deliver("orders", "t1", 2, 32);
            history.deliver("orders", "t1", 3, 63);
            history.ack(history.deliver("orders-dlq", "t1", 1, 95), SUCCEEDED, 96);

            Report report = history.check();

            assertThat(report.holds()).as(report.details()).isTrue();
            assertThat(report.deliveries()).isEqualTo(4);
            assertThat(report.duplicatesAfterLeaseEnd()).isEqualTo(2);
            assertThat(report.deadLettered()).isEqualTo(1);
            assertThat(report.copiesExpected()).isEqualTo(1);
        }

        @Test
        void isUnexpectedInTheDeadLetterQueueOfAQueueThePublishDidNotReach() {
            HistoryBuilder other = new HistoryBuilder()
                    .queues(30, "orders", "orders-dlq", "invoices")
                    .deadLetterQueue("orders", "orders-dlq")
                    .published(0, "t1", "invoices");
            other.deliver("invoices", "t1", 1, 1);
            other.deliver("orders-dlq", "t1", 1, 40);

            assertThat(other.check().unexpected()).isEqualTo(1);
        }
    }

    @Nested
    class TheFigures {
        @Test
        void measureLatencyFromPublishToFirstDelivery() {
            HistoryBuilder history = new HistoryBuilder().queue("q", 30);
            List<String> tokens =
                    IntStream.rangeClosed(1, 100).mapToObj(i -> "t" + i).toList();
            history.publish(OK, 0, tokens, "q");
            for (int i = 1; i <= 100; i++) {
                history.deliver("q", "t" + i, 1, i / 1000.0);
            }
            // A redelivery is not a first delivery.
            history.deliver("q", "t1", 2, 60);

            Report report = history.check();

            assertThat(report.latencyP50Millis()).isEqualTo(50.0);
            assertThat(report.latencyP99Millis()).isEqualTo(99.0);
        }

        @Test
        void haveNoLatencyWithoutDeliveries() {
            Report report = new HistoryBuilder().queue("q", 30).check();

            assertThat(report.latencyP50Millis()).isNaN();
            assertThat(report.summaryLine()).contains("latency_p50_ms=n/a");
        }

        @Test
        void doNotDependOnTheOrderOfTheEvents() {
            HistoryBuilder history = cleanFanOut();
            history.published(10, "lost", "q1");
            history.deliver("q2", "ghost", 1, 11);
            Delivery first = history.deliver("q3", "t1", "again", 1, 12);
            history.deliver("q3", "t1", "again", 2, 20);
            history.ack(first, SUCCEEDED, 21);
            Report inOrder = history.check();

            assertThat(history.checkShuffled(20, 7)).containsOnly(inOrder);
            assertThat(inOrder.holds()).isFalse();
            assertThat(inOrder.lost()).isEqualTo(1);
            assertThat(inOrder.unexpected()).isEqualTo(2);
            assertThat(inOrder.liveLeaseDuplicates()).isEqualTo(1);
            assertThat(inOrder.staleSettlesAccepted()).isEqualTo(1);
            assertThat(inOrder.redeliveredAfterAck()).isEqualTo(1);
        }
    }
}
