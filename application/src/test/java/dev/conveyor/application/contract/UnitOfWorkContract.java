package dev.conveyor.application.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.conveyor.domain.Topic;
import org.junit.jupiter.api.Test;

/** What every {@link dev.conveyor.application.port.UnitOfWork} does for the repositories it spans. */
public abstract class UnitOfWorkContract extends PortContract {

    @Test
    void commitsWhenTheWorkReturns() {
        String answer = ports.unitOfWork().inTransaction(() -> {
            topic("events");
            queue("orders");
            return "done";
        });

        assertThat(answer).isEqualTo("done");
        assertThat(ports.topics().find("events")).isPresent();
        assertThat(ports.queues().find("orders")).isPresent();
    }

    @Test
    void rollsEverythingBackWhenTheWorkThrows() {
        topic("before");

        assertThatThrownBy(() -> ports.unitOfWork().inTransaction(() -> {
                    topic("events");
                    queue("orders");
                    ports.topics().delete("before");
                    throw new IllegalStateException("refused");
                }))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("refused");

        assertThat(ports.topics().find("events")).isEmpty();
        assertThat(ports.queues().find("orders")).isEmpty();
        assertThat(ports.topics().find("before")).isPresent();
    }

    @Test
    void aNestedTransactionJoinsTheOuterOne() {
        assertThatThrownBy(() -> ports.unitOfWork().inTransaction(() -> {
                    ports.unitOfWork().inTransaction(() -> topic("inner"));
                    throw new IllegalStateException("outer refused");
                }))
                .isInstanceOf(IllegalStateException.class);

        assertThat(ports.topics().find("inner")).isEmpty();
    }

    @Test
    void theStoreIsUsableAfterARollback() {
        assertThatThrownBy(() -> ports.unitOfWork().inTransaction(() -> {
                    throw new IllegalArgumentException("x");
                }))
                .isInstanceOf(IllegalArgumentException.class);

        Topic topic = ports.unitOfWork().inTransaction(() -> topic("after"));

        assertThat(ports.topics().find("after")).contains(topic);
    }
}
