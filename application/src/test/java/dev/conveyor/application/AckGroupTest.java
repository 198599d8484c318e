package dev.conveyor.application;

import static org.assertj.core.api.Assertions.assertThat;

import dev.conveyor.application.ConsumeService.Acks;
import dev.conveyor.application.GroupCommit.Outcome;
import dev.conveyor.domain.Delivery;
import dev.conveyor.domain.Receipt;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Concurrent acks share one transaction, yet each ack keeps its own outcome. */
class AckGroupTest {
    private final Services app = new Services();

    @Test
    void eachAckOfAGroupSucceedsForItsOwnCurrentReceiptsAcrossQueues() {
        app.queue("orders");
        app.queue("audit");
        app.publishOne("orders", "1");
        app.publishOne("orders", "2");
        app.publishOne("audit", "3");
        Receipt first = app.receiveOne("orders").receipt();
        Receipt second = app.receiveOne("orders").receipt();
        Receipt audit = app.receiveOne("audit").receipt();
        Receipt stale = new Receipt(first.messageId(), java.util.UUID.randomUUID());
        int transactionsBefore = app.store.unitOfWork().committed();

        List<Outcome<Set<Receipt>>> outcomes = app.consume.ackTogether(List.of(
                new Acks("orders", Set.of(first, stale)),
                new Acks("audit", Set.of(audit)),
                new Acks("orders", Set.of(second))));

        assertThat(outcomes).extracting(Outcome::result).containsExactly(Set.of(first), Set.of(audit), Set.of(second));
        assertThat(app.store.messages().count()).isZero();
        assertThat(app.store.unitOfWork().committed() - transactionsBefore).isEqualTo(1);
    }

    @Test
    void aReceiptNamedByTwoAcksOfTheGroupSucceedsForTheFirstOnly() {
        app.queue("orders");
        app.publishOne("orders", "1");
        Receipt receipt = app.receiveOne("orders").receipt();

        List<Outcome<Set<Receipt>>> outcomes = app.consume.ackTogether(
                List.of(new Acks("orders", Set.of(receipt)), new Acks("orders", Set.of(receipt))));

        assertThat(outcomes).extracting(Outcome::result).containsExactly(Set.of(receipt), Set.of());
    }

    @Test
    void aLoneAckIsOneStatementWithoutATransactionAroundIt() {
        app.queue("orders");
        app.publishOne("orders", "1");
        Delivery delivery = app.receiveOne("orders");
        int transactionsBefore = app.store.unitOfWork().committed();

        List<Outcome<Set<Receipt>>> outcomes =
                app.consume.ackTogether(List.of(new Acks("orders", Set.of(delivery.receipt()))));

        assertThat(outcomes).extracting(Outcome::result).containsExactly(Set.of(delivery.receipt()));
        assertThat(app.store.unitOfWork().committed()).isEqualTo(transactionsBefore);
    }
}
