package dev.conveyor.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.conveyor.application.port.MessageStore;
import dev.conveyor.domain.ConveyorException;
import dev.conveyor.domain.NewMessage;
import dev.conveyor.postgres.testing.TestDatabase;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.postgresql.util.PSQLException;
import org.postgresql.util.PSQLState;

/**
 * A COMMIT whose connection is lost may have committed or not. The connections here fail their COMMIT on
 * purpose, after committing for real or after rolling back, as a server shut down at that moment does (the
 * fault suite's pg-restart saw the first: 503s for publishes that had been stored).
 */
class LostCommitTest {
    /** What the next COMMIT does. */
    enum Commit {
        NORMALLY,
        THEN_LOSE_THE_ANSWER,
        ROLL_BACK_AND_LOSE_THE_CONNECTION
    }

    private final TestDatabase db = TestDatabase.create();
    private volatile Commit nextCommit = Commit.NORMALLY;
    private volatile boolean serverGone;
    /** The server goes away with the COMMIT's answer: no connection after it. */
    private volatile boolean goneAfterCommit;
    /** Statements prepared on the connections. */
    private final AtomicInteger statements = new AtomicInteger();

    private volatile int statementsBeforeCommit;

    @AfterEach
    void dropDatabase() {
        db.close();
    }

    @Test
    void aWriteThatCommittedAnswersItsResultThoughTheCommitsAnswerWasLost() {
        JdbiSession session = session(Duration.ofSeconds(5));
        nextCommit = Commit.THEN_LOSE_THE_ANSWER;

        String result = session.inTransaction(() -> insertQueue(session, "kept"));

        assertThat(result).isEqualTo("kept");
        assertThat(queues()).containsExactly("kept");
    }

    @Test
    void aWriteThatDidNotCommitIsRefusedAsTheDatabaseBeingUnreachable() {
        JdbiSession session = session(Duration.ofSeconds(5));
        nextCommit = Commit.ROLL_BACK_AND_LOSE_THE_CONNECTION;

        assertThatThrownBy(() -> session.inTransaction(() -> insertQueue(session, "lost")))
                .isInstanceOfSatisfying(ConveyorException.class, e -> {
                    assertThat(e.kind()).isEqualTo(ConveyorException.Kind.UNAVAILABLE);
                    assertThat(e.getMessage()).isEqualTo("the database cannot be reached");
                });
        assertThat(queues()).isEmpty();
    }

    @Test
    void aLostCommitWhoseFateCannotBeLearnedSaysItMayHaveTakenEffect() {
        JdbiSession session = session(Duration.ofMillis(500));
        nextCommit = Commit.THEN_LOSE_THE_ANSWER;
        goneAfterCommit = true;

        assertThatThrownBy(() -> session.inTransaction(() -> insertQueue(session, "either")))
                .isInstanceOfSatisfying(ConveyorException.class, e -> {
                    assertThat(e.kind()).isEqualTo(ConveyorException.Kind.UNAVAILABLE);
                    assertThat(e.getMessage()).contains("lost while committing").contains("may have taken effect");
                });
    }

    @Test
    void aReadOnlyTransactionIsNotLookedUp() {
        JdbiSession session = session(Duration.ofSeconds(5));
        nextCommit = Commit.THEN_LOSE_THE_ANSWER;

        assertThatThrownBy(() ->
                        session.inTransaction(() -> session.withHandle(h -> h.createQuery("SELECT count(*) FROM queues")
                                .mapTo(Long.class)
                                .one())))
                .isInstanceOfSatisfying(
                        ConveyorException.class,
                        e -> assertThat(e.getMessage()).isEqualTo("the database cannot be reached"));
    }

    @Test
    void anAppendThatCommittedAnswersThoughTheCommitsAnswerWasLostWithoutReadingItsIdApart() {
        JdbiSession session = session(Duration.ofSeconds(5));
        insertQueue(session, "orders");
        Instant now = Instant.now();
        MessageStore.Envelope envelope = new MessageStore.Envelope(
                "orders", UUID.randomUUID(), new NewMessage("{}", null, null, null), now, null);
        nextCommit = Commit.THEN_LOSE_THE_ANSWER;
        statements.set(0);

        session.inTransaction(() -> {
            new JdbiMessageStore(session).append(now, List.of(envelope));
            return null;
        });

        long stored = db.jdbi()
                .withHandle(h -> h.createQuery("SELECT count(*) FROM messages")
                        .mapTo(Long.class)
                        .one());
        assertThat(stored).isEqualTo(1);
        // The insert read the transaction's id: no statement of its own before the COMMIT (the lookup after it
        // runs on another connection).
        assertThat(statementsBeforeCommit).isEqualTo(1);
    }

    private static String insertQueue(JdbiSession session, String id) {
        session.withHandle(h -> h.execute(
                "INSERT INTO queues (id, ack_deadline_seconds, message_retention_seconds,"
                        + " delivery_delay_seconds, backoff_min_seconds, backoff_max_seconds, created_at, updated_at)"
                        + " VALUES (?, 30, 3600, 0, 1, 60, now(), now())",
                id));
        return id;
    }

    private java.util.List<String> queues() {
        return db.jdbi()
                .withHandle(h -> h.createQuery("SELECT id FROM queues")
                        .mapTo(String.class)
                        .list());
    }

    private JdbiSession session(Duration commitCheckWithin) {
        Jdbi jdbi = PostgresStore.configure(Jdbi.create(this::connect));
        return new JdbiSession(jdbi, commitCheckWithin);
    }

    /** A real connection whose next COMMIT does what {@link #nextCommit} says; none at all once the server is gone. */
    private Connection connect() throws SQLException {
        if (serverGone) {
            throw new PSQLException("Connection refused", PSQLState.CONNECTION_UNABLE_TO_CONNECT);
        }
        Connection real = db.connect();
        return (Connection) Proxy.newProxyInstance(
                getClass().getClassLoader(), new Class<?>[] {Connection.class}, (proxy, method, args) -> {
                    if (method.getName().startsWith("prepare")) {
                        statements.incrementAndGet();
                    }
                    if (method.getName().equals("commit")) {
                        statementsBeforeCommit = statements.get();
                    }
                    if (method.getName().equals("commit") && nextCommit != Commit.NORMALLY) {
                        Commit commit = nextCommit;
                        nextCommit = Commit.NORMALLY;
                        if (commit == Commit.THEN_LOSE_THE_ANSWER) {
                            real.commit();
                            serverGone = goneAfterCommit;
                        } else {
                            real.rollback();
                        }
                        throw new PSQLException(
                                "An I/O error occurred while sending to the backend.", PSQLState.CONNECTION_FAILURE);
                    }
                    try {
                        return method.invoke(real, args);
                    } catch (InvocationTargetException e) {
                        throw e.getCause();
                    }
                });
    }
}
