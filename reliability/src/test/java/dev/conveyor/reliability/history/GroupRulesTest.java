package dev.conveyor.reliability.history;

import static dev.conveyor.reliability.history.Publish.Outcome.AMBIGUOUS;
import static dev.conveyor.reliability.history.Settle.Result.REFUSED;
import static dev.conveyor.reliability.history.Settle.Result.SUCCEEDED;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** The FIFO rules: one receive at a time holds a group's messages, and they come in sequence order. */
class GroupRulesTest {
    /** A FIFO queue (ack deadline 30 s) with a, b, c published in that order to group g, and x to group h. */
    private static HistoryBuilder published() {
        return new HistoryBuilder()
                .fifoQueue("f", 30)
                .published(0, "a", "f")
                .published(0.1, "b", "f")
                .published(0.2, "c", "f")
                .published(0.3, "x", "f");
    }

    private static void assertHolds(HistoryBuilder history) {
        Report report = history.check();
        assertThat(report.holds()).as(report.details()).isTrue();
    }

    @Nested
    class AGroup {
        @Test
        void holdsWhenItsMessagesComeOneAtATimeInOrderWhileOtherGroupsGoOn() {
            HistoryBuilder history = published();
            history.ackedInGroup("f", "a", "g", 1, 1, 1, 2);
            // Another group is not blocked by g.
            history.ackedInGroup("f", "x", "h", 4, 1, 1.5, 20);
            // b's lease runs out (at 33), then b comes again, first.
            history.deliverInGroup("f", "b", "g", 2, 1, 3);
            Delivery again = history.deliverInGroup("f", "b", "g", 2, 2, 33);
            history.nack(again, SUCCEEDED, 34);
            history.ackedInGroup("f", "b", "g", 2, 3, 35, 36);
            history.ackedInGroup("f", "c", "g", 3, 1, 37, 38);

            assertHolds(history);
            assertThat(history.check().duplicatesAfterLeaseEnd()).isEqualTo(2);
        }

        @Test
        void mayBeTakenWholeByOneReceiveInOrder() {
            HistoryBuilder history = published();
            String receive = history.receiveOp();
            Delivery a = history.deliverInGroup(receive, "f", "a", "g", 1, 1, 1);
            Delivery b = history.deliverInGroup(receive, "f", "b", "g", 2, 1, 1);
            Delivery c = history.deliverInGroup(receive, "f", "c", "g", 3, 1, 1);
            history.ack(a, SUCCEEDED, 2).ack(b, SUCCEEDED, 2).ack(c, SUCCEEDED, 2);
            history.ackedInGroup("f", "x", "h", 4, 1, 1, 2);

            assertHolds(history);
        }
    }

    @Nested
    class ASecondReceive {
        @Test
        void isFlaggedWhenGrantedWhileAnotherReceiveHoldsAMessageOfTheGroup() {
            HistoryBuilder history = published();
            Delivery a = history.deliverInGroup("f", "a", "g", 1, 1, 1);
            history.ackedInGroup("f", "b", "g", 2, 1, 5, 7);
            history.ack(a, SUCCEEDED, 6);
            history.ackedInGroup("f", "c", "g", 3, 1, 8, 9);
            history.ackedInGroup("f", "x", "h", 4, 1, 1, 2);

            Report report = history.check();

            assertThat(report.holds()).isFalse();
            assertThat(report.groupLeaseOverlaps()).isEqualTo(1);
            assertThat(report.examples(Violation.GROUP_LEASE_OVERLAP))
                    .singleElement()
                    .asString()
                    .contains("group g of f", "token b", "while token a", "leased until 2025-11-01T12:00:31Z");
        }

        @Test
        void isFlaggedForAnEarlierMessageTooWhenALaterOneIsHeld() {
            // a's publish got no answer, so a may have been stored after b was delivered: only the overlap is sure.
            HistoryBuilder history = new HistoryBuilder()
                    .fifoQueue("f", 30)
                    .publish(AMBIGUOUS, 0, List.of("a"), "f")
                    .published(0.1, "b", "f");
            Delivery b = history.deliverInGroup("f", "b", "g", 2, 1, 1);
            history.ackedInGroup("f", "a", "g", 1, 1, 5, 6);
            history.ack(b, SUCCEEDED, 7);

            Report report = history.check();

            assertThat(report.groupLeaseOverlaps()).isEqualTo(1);
            assertThat(report.groupOrderBroken()).isZero();
        }

        @Test
        void isFlaggedWhenTheHoldersExtendOutlastedItsGrant() {
            HistoryBuilder history = published();
            Delivery a = history.deliverInGroup("f", "a", "g", 1, 1, 1);
            history.extend(a, SUCCEEDED, 20, 80);
            history.ackedInGroup("f", "b", "g", 2, 1, 40, 41);
            history.ack(a, SUCCEEDED, 42);
            history.ackedInGroup("f", "c", "g", 3, 1, 43, 44);
            history.ackedInGroup("f", "x", "h", 4, 1, 1, 2);

            assertThat(history.check().groupLeaseOverlaps()).isEqualTo(1);
        }

        @Test
        void isNotFlaggedOnceTheHolderAckedNackedOrLetItsLeaseRunOut() {
            HistoryBuilder acked = published();
            acked.ack(acked.deliverInGroup("f", "a", "g", 1, 1, 1), SUCCEEDED, 2);
            acked.deliverInGroup("f", "b", "g", 2, 1, 3);
            HistoryBuilder nacked = published();
            nacked.nack(nacked.deliverInGroup("f", "b", "g", 2, 1, 1), SUCCEEDED, 2);
            nacked.deliverInGroup("f", "b", "g", 2, 2, 3);
            HistoryBuilder expired = published();
            expired.deliverInGroup("f", "b", "g", 2, 1, 1);
            expired.deliverInGroup("f", "c", "g", 3, 1, 31);

            for (HistoryBuilder history : List.of(acked, nacked, expired)) {
                Report report = history.check();
                assertThat(report.groupLeaseOverlaps()).as(report.details()).isZero();
            }
        }

        @Test
        void isNotFlaggedWhenTheHoldersAckMayHaveLanded() {
            HistoryBuilder history = published();
            history.ack(history.deliverInGroup("f", "a", "g", 1, 1, 1), Settle.Result.AMBIGUOUS, 2);
            history.ackedInGroup("f", "b", "g", 2, 1, 3, 4);
            history.ackedInGroup("f", "c", "g", 3, 1, 5, 6);
            history.ackedInGroup("f", "x", "h", 4, 1, 1, 2);

            assertHolds(history);
        }

        @Test
        void isFlaggedWhenTheHoldersAckWasRefused() {
            HistoryBuilder history = published();
            history.ack(history.deliverInGroup("f", "a", "g", 1, 1, 1), REFUSED, 2);
            history.deliverInGroup("f", "b", "g", 2, 1, 3);

            Report report = history.check();

            assertThat(report.groupLeaseOverlaps()).isEqualTo(1);
        }
    }

    @Nested
    class TheOrder {
        @Test
        void isBrokenByADeliveryPastAnEarlierMessageNotYetAcked() {
            HistoryBuilder history = published();
            // a's lease runs out at 31, unacked; b is delivered at 40 instead of a.
            history.deliverInGroup("f", "a", "g", 1, 1, 1);
            history.ackedInGroup("f", "b", "g", 2, 1, 40, 41);
            history.ackedInGroup("f", "a", "g", 1, 2, 42, 43);
            history.ackedInGroup("f", "c", "g", 3, 1, 44, 45);
            history.ackedInGroup("f", "x", "h", 4, 1, 1, 2);

            Report report = history.check();

            assertThat(report.holds()).isFalse();
            assertThat(report.groupOrderBroken()).isEqualTo(1);
            assertThat(report.groupLeaseOverlaps()).isZero();
            assertThat(report.examples(Violation.GROUP_ORDER_BROKEN))
                    .singleElement()
                    .asString()
                    .contains("group g of f", "token b (sequence number 2)", "token a (sequence number 1)");
        }

        @Test
        void isBrokenByADeliveryPastAnEarlierMessageNeverDeliveredBefore() {
            HistoryBuilder history = published();
            history.ackedInGroup("f", "b", "g", 2, 1, 1, 2);
            history.ackedInGroup("f", "a", "g", 1, 1, 3, 4);

            assertThat(history.check().groupOrderBroken()).isEqualTo(1);
        }

        @Test
        void isBrokenWhenANackedMessageIsPassedOver() {
            HistoryBuilder history = published();
            String receive = history.receiveOp();
            Delivery a = history.deliverInGroup(receive, "f", "a", "g", 1, 1, 1);
            Delivery b = history.deliverInGroup(receive, "f", "b", "g", 2, 1, 1);
            history.nack(a, SUCCEEDED, 2).nack(b, SUCCEEDED, 2);
            // b again, without a, which was nacked and is due first.
            history.ackedInGroup("f", "b", "g", 2, 2, 3, 4);

            assertThat(history.check().groupOrderBroken()).isEqualTo(1);
        }

        @Test
        void isNotJudgedAgainstAMessageThatMayNotHaveBeenStoredYet() {
            HistoryBuilder history = new HistoryBuilder()
                    .fifoQueue("f", 30)
                    .publish(AMBIGUOUS, 0, List.of("a"), "f")
                    .published(0.1, "b", "f");
            history.ackedInGroup("f", "b", "g", 2, 1, 1, 2);
            history.ackedInGroup("f", "a", "g", 1, 1, 3, 4);

            assertHolds(history);
        }

        @Test
        void doesNotWaitForAMessageThatWasDeadLettered() {
            HistoryBuilder history = new HistoryBuilder()
                    .fifoQueue("f", 30)
                    .fifoQueue("f-dlq", 30)
                    .deadLetterQueue("f", "f-dlq")
                    .published(0, "a", "f")
                    .published(0.1, "b", "f");
            history.deliverInGroup("f", "a", "g", 1, 1, 1);
            history.ackedInGroup("f", "b", "g", 2, 1, 40, 41);
            history.ackedInGroup("f-dlq", "a", "g", 1, 1, 42, 43);

            assertHolds(history);
        }

        @Test
        void isBrokenByNumbersAgainstPublishOrder() {
            HistoryBuilder history = published();
            // b was published after a's 201, yet numbered below it.
            history.ackedInGroup("f", "b", "g", 1, 1, 1, 2);
            history.ackedInGroup("f", "a", "g", 2, 1, 3, 4);

            Report report = history.check();

            assertThat(report.examples(Violation.GROUP_ORDER_BROKEN))
                    .anySatisfy(example -> assertThat(example).contains("token b has sequence number 1", "token a"));
        }

        @Test
        void isBrokenByTwoMessagesWithOneNumber() {
            HistoryBuilder history = published();
            history.ackedInGroup("f", "a", "g", 1, 1, 1, 2);
            history.ackedInGroup("f", "x", "h", 1, 1, 1, 2);

            Report report = history.check();

            assertThat(report.groupOrderBroken()).isEqualTo(1);
            assertThat(report.examples(Violation.GROUP_ORDER_BROKEN))
                    .singleElement()
                    .asString()
                    .contains("share sequence number 1");
        }

        @Test
        void isBrokenByAMessageWithoutAGroupOrWhoseNumberChanged() {
            HistoryBuilder history = published();
            history.deliver("f", "a", 1, 1);
            history.deliverInGroup("f", "b", "g", 2, 1, 1);
            history.ackedInGroup("f", "b", "g", 5, 2, 40, 41);

            Report report = history.check();

            assertThat(report.examples(Violation.GROUP_ORDER_BROKEN))
                    .anySatisfy(example -> assertThat(example).contains("token a", "without group_id"))
                    .anySatisfy(example -> assertThat(example).contains("sequenceNumber=2", "sequenceNumber=5"));
        }

        @Test
        void isNotJudgedInAQueueTheScenarioDoesNotCallFifo() {
            HistoryBuilder history =
                    new HistoryBuilder().queue("f", 30).published(0, "a", "f").published(0.1, "b", "f");
            history.ackedInGroup("f", "b", "g", 2, 1, 1, 2);
            history.ackedInGroup("f", "a", "g", 1, 1, 1.5, 3);

            assertHolds(history);
        }
    }

    @Test
    void judgesTheSameWhateverTheOrderOfTheEvents() {
        HistoryBuilder history = published();
        Delivery a = history.deliverInGroup("f", "a", "g", 1, 1, 1);
        history.ackedInGroup("f", "b", "g", 2, 1, 5, 7);
        history.ack(a, SUCCEEDED, 6);
        history.ackedInGroup("f", "x", "h", 3, 1, 1, 2);
        history.ackedInGroup("f", "c", "h", 3, 1, 3, 4);
        Report inOrder = history.check();

        assertThat(history.checkShuffled(20, 17)).containsOnly(inOrder);
        assertThat(inOrder.groupLeaseOverlaps()).isEqualTo(1);
        assertThat(inOrder.groupOrderBroken()).isEqualTo(2);
    }

    @Test
    void aFifoQueueStillLosesNothing() {
        HistoryBuilder history = published();
        history.ackedInGroup("f", "a", "g", 1, 1, 1, 2);

        Report report = history.check();

        assertThat(report.lost()).isEqualTo(3);
        assertThat(report.publishedOk()).isEqualTo(4);
    }
}
