package dev.conveyor.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** What is retried, through a proxy that answers 503 or loses answers, in front of the real server. */
@ExtendWith(SharedServer.class)
class RetriesTest {
    private static ConveyorServer server;
    private static ConveyorClient direct;

    private FaultyProxy proxy;
    private ConveyorClient client;
    private String queue;

    @BeforeAll
    static void connect(ConveyorServer shared) {
        server = shared;
        direct = shared.client();
    }

    @BeforeEach
    void startProxy() throws IOException {
        proxy = new FaultyProxy(server.url());
        client = ConveyorClient.builder(proxy.url())
                .retryPolicy(new RetryPolicy(4, Duration.ofMillis(10), Duration.ofMillis(100)))
                .build();
        queue = direct.createQueue(Names.unique("retried")).id();
    }

    @AfterEach
    void stopProxy() throws IOException {
        proxy.close();
    }

    @Test
    void retriesAnIdempotentCallThrough503s() {
        proxy.answerUnavailable(3);

        assertThat(client.getQueue(queue).id()).isEqualTo(queue);

        assertThat(proxy.count("GET /v1/queues/" + queue)).isEqualTo(4);
    }

    @Test
    void answersUnavailableWithRetryAfterWhenTheAttemptsRunOut() {
        proxy.answerUnavailable(10);

        assertThatThrownBy(() -> client.getQueue(queue))
                .isInstanceOfSatisfying(ConveyorException.Unavailable.class, unavailable -> {
                    assertThat(unavailable.status()).isEqualTo(503);
                    assertThat(unavailable.retryAfter()).contains(Duration.ZERO);
                });
        assertThat(proxy.count("GET /v1/queues/" + queue)).isEqualTo(4);
    }

    @Test
    void retriesADeduplicatedPublishThrough503sAndStoresEachMessageOnce() {
        proxy.answerUnavailable(2);

        List<Published> published = client.publish(
                queue,
                List.of(
                        NewMessage.of("a").withDeduplicationId("a"),
                        NewMessage.of("b").withDeduplicationId("b")));

        assertThat(published).hasSize(2);
        assertThat(proxy.count("POST /v1/queues/" + queue + "/messages")).isEqualTo(3);
        assertThat(storedIds())
                .containsExactly(published.get(0).id(), published.get(1).id());
    }

    @Test
    void doesNotRetryAPlainPublishAnswered503() {
        proxy.answerUnavailable(1);

        assertThatThrownBy(() -> client.publish(queue, NewMessage.of("plain")))
                .isInstanceOf(ConveyorException.Unavailable.class);

        assertThat(proxy.count("POST /v1/queues/" + queue + "/messages")).isEqualTo(1);
        assertThat(storedIds()).isEmpty();
    }

    @Test
    void retriesADeduplicatedPublishWhoseAnswerWasLostAndStoresEachMessageOnce() {
        proxy.dropAnswers("POST /v1/queues/" + queue + "/messages", 1);

        List<Published> published = client.publish(
                queue,
                List.of(
                        NewMessage.of("a").withDeduplicationId("order-1"),
                        NewMessage.of("b").withDeduplicationId("order-2")));

        assertThat(proxy.count("POST /v1/queues/" + queue + "/messages"))
                .as("the first attempt was stored and its answer lost; the retry answered the same ids")
                .isEqualTo(2);
        assertThat(proxy.answered()).containsExactly(201, 201);
        assertThat(storedIds())
                .containsExactly(published.get(0).id(), published.get(1).id());
    }

    @Test
    void aPlainPublishWhoseAnswerWasLostMayHaveTakenEffect() {
        proxy.dropAnswers("POST /v1/queues/" + queue + "/messages", 1);

        assertThatThrownBy(() -> client.publish(queue, List.of(NewMessage.of("a"), NewMessage.of("b"))))
                .isInstanceOfSatisfying(ConveyorException.MayHaveTakenEffect.class, lost -> {
                    assertThat(lost.status()).isZero();
                    assertThat(lost.requestId())
                            .as("the id the server logged it with")
                            .contains(proxy.requestIds().get(0));
                    assertThat(lost.getCause()).isInstanceOf(IOException.class);
                });

        assertThat(proxy.count("POST /v1/queues/" + queue + "/messages")).isEqualTo(1);
        assertThat(storedIds()).as("it had: once, not retried").hasSize(2);
    }

    @Test
    void aPlainPublishWhoseAnswerTimedOutMayHaveTakenEffectAndAGetIsRetried() {
        ConveyorClient impatient = ConveyorClient.builder(proxy.url())
                .requestTimeout(Duration.ofMillis(500))
                .build();
        proxy.holdAnswers("POST /v1/queues/" + queue + "/messages", 1, Duration.ofSeconds(3));

        assertThatThrownBy(() -> impatient.publish(queue, NewMessage.of("slow")))
                .isInstanceOfSatisfying(
                        ConveyorException.MayHaveTakenEffect.class,
                        lost -> assertThat(lost.getCause()).isInstanceOf(HttpTimeoutException.class));
        assertThat(storedIds()).hasSize(1);

        proxy.holdAnswers("GET /v1/queues/" + queue, 1, Duration.ofSeconds(3));
        assertThat(impatient.getQueue(queue).id()).isEqualTo(queue);
        assertThat(proxy.count("GET /v1/queues/" + queue)).isEqualTo(2);
    }

    @Test
    void aReceiveWhoseAnswerWasLostIsNotRetried() {
        direct.publish(queue, NewMessage.of("leased once"));
        proxy.dropAnswers("POST /v1/queues/" + queue + "/receive", 1);

        assertThatThrownBy(() -> client.receive(queue, ReceiveOptions.of(10, 0)))
                .isInstanceOf(ConveyorException.MayHaveTakenEffect.class);

        assertThat(proxy.count("POST /v1/queues/" + queue + "/receive")).isEqualTo(1);
        assertThat(direct.queueStats(queue).inFlight()).isEqualTo(1);
    }

    @Test
    void retriesAnAckWhoseAnswerWasLost() {
        direct.publish(queue, NewMessage.of("acked"));
        Message message = direct.receive(queue, ReceiveOptions.defaults()).get(0);
        proxy.dropAnswers("POST /v1/queues/" + queue + "/ack", 1);

        ReceiptOutcome outcome = client.ack(queue, List.of(message.receipt()));

        assertThat(proxy.count("POST /v1/queues/" + queue + "/ack")).isEqualTo(2);
        // The first attempt deleted the message; the retry finds the receipt no longer current.
        assertThat(outcome.failed()).extracting(ReceiptOutcome.Failure::reason).containsExactly("receipt_not_current");
        assertThat(direct.queueStats(queue).total()).isZero();
    }

    @Test
    void aDeleteWhoseAnswerWasLostIsDoneWhenItsRetryFindsNothing() {
        proxy.dropAnswers("DELETE /v1/queues/" + queue, 1);

        client.deleteQueue(queue);

        assertThat(proxy.count("DELETE /v1/queues/" + queue)).isEqualTo(2);
        assertThat(proxy.answered()).containsExactly(204, 404);
        assertThatThrownBy(() -> direct.getQueue(queue)).isInstanceOf(ConveyorException.NotFound.class);
    }

    @Test
    void aServerThatCannotBeReachedIsUnreachableEvenForAPublish() throws IOException {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closedPort = socket.getLocalPort();
        }
        ConveyorClient nowhere = ConveyorClient.builder("http://localhost:" + closedPort)
                .retryPolicy(new RetryPolicy(3, Duration.ofMillis(1), Duration.ofMillis(5)))
                .build();

        assertThatThrownBy(() -> nowhere.publish(queue, NewMessage.of("never sent")))
                .isInstanceOfSatisfying(
                        ConveyorException.Unreachable.class,
                        unreachable -> assertThat(unreachable.getMessage()).contains("3 attempts"));
    }

    private List<String> storedIds() {
        return direct.browse(queue).data().stream().map(Message::id).toList();
    }
}
