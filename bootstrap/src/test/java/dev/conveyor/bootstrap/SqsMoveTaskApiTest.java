package dev.conveyor.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.conveyor.application.fakes.MutableClock;
import dev.conveyor.postgres.testing.TestDatabase;
import io.dropwizard.testing.junit5.DropwizardAppExtension;
import io.dropwizard.testing.junit5.DropwizardExtensionsSupport;
import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.UUID;
import java.util.function.Predicate;
import java.util.stream.IntStream;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.w3c.dom.Document;
import org.w3c.dom.NodeList;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.ListMessageMoveTasksResultEntry;
import software.amazon.awssdk.services.sqs.model.ResourceNotFoundException;
import software.amazon.awssdk.services.sqs.model.SqsException;

/**
 * StartMessageMoveTask, CancelMessageMoveTask and ListMessageMoveTasks through the real AWS SDK for Java v2,
 * against the whole application on PostgreSQL: the background runner moves a dead-letter queue's messages back to
 * their sources or to a destination, lists show the status and counts, a cancel stops it, and every refusal
 * changes nothing. Dead letters are made through /v1 (a queue of one delivery, its lease run out on CLOCK, a
 * cleanup); the runner's pace is real time, so the tests wait for a status, never for a duration.
 */
@ExtendWith(DropwizardExtensionsSupport.class)
class SqsMoveTaskApiTest {
    static final TestDatabase DB = TestDatabase.create();
    static final MutableClock CLOCK = ConveyorTestApp.clock();
    static final DropwizardAppExtension<ConveyorConfiguration> APP = ConveyorTestApp.extension(DB, CLOCK);
    static final Api API = new Api(APP);
    /** Generous: the runner looks for new tasks every second, and the machine may be busy. */
    static final Duration PATIENCE = Duration.ofSeconds(60);

    static SqsClient sqs;

    @BeforeAll
    static void connect() {
        sqs = SqsTestClients.sdk(APP);
    }

    @AfterAll
    static void close() {
        sqs.close();
        DB.close();
    }

    private static String arn(String queue) {
        return "arn:aws:sqs:us-east-1:000000000000:" + queue;
    }

    /** A dead-letter queue and a source of one delivery feeding it. */
    private static void pipe(String dlq, String... sources) {
        API.createQueue(dlq);
        for (String source : sources) {
            API.createQueue(source, "'max_deliveries': 1, 'dead_letter_queue_id': '" + dlq + "'");
        }
    }

    /** Publishes n messages to the source, takes their one delivery, lets the leases run out and cleans up. */
    private static void deadLetter(String source, int n) {
        for (int from = 0; from < n; from += 100) {
            StringBuilder batch = new StringBuilder("[");
            for (int i = from; i < Math.min(n, from + 100); i++) {
                batch.append(i == from ? "" : ",")
                        .append("{\"body\": {\"n\": ")
                        .append(i)
                        .append("}}");
            }
            API.publish(source, batch.append(']').toString());
        }
        while (API.receive(source, 100).size() > 0) {
            // every message's one delivery
        }
        CLOCK.advance(Duration.ofMinutes(5));
        API.postNothing("/v1/queues/" + source + "/cleanup").expect(200);
    }

    private static long count(String queue) {
        JsonNode stats = API.stats(queue);
        return stats.get("available").asLong()
                + stats.get("in_flight").asLong()
                + stats.get("delayed").asLong();
    }

    private static List<ListMessageMoveTasksResultEntry> list(String dlq, int max) {
        return sqs.listMessageMoveTasks(b -> b.sourceArn(arn(dlq)).maxResults(max))
                .results();
    }

    /** Waits until the latest task of the queue satisfies {@code reached}; fails after PATIENCE. */
    private static ListMessageMoveTasksResultEntry awaitLatest(
            String dlq, Predicate<ListMessageMoveTasksResultEntry> reached) throws InterruptedException {
        long deadline = System.nanoTime() + PATIENCE.toNanos();
        ListMessageMoveTasksResultEntry latest = null;
        while (System.nanoTime() < deadline) {
            latest = list(dlq, 1).get(0);
            if (reached.test(latest)) {
                return latest;
            }
            Thread.sleep(100);
        }
        throw new AssertionError("the move task never got there; it is " + latest);
    }

    private static ListMessageMoveTasksResultEntry awaitEnd(String dlq) throws InterruptedException {
        return awaitLatest(
                dlq, t -> !t.status().equals("RUNNING") && !t.status().equals("CANCELLING"));
    }

    private static void assertError(Runnable call, int status, String type, String message) {
        assertThatThrownBy(call::run).isInstanceOfSatisfying(SqsException.class, e -> {
            assertThat(e.statusCode()).isEqualTo(status);
            assertThat(e.awsErrorDetails().errorCode()).isEqualTo(type);
            assertThat(e.awsErrorDetails().errorMessage()).contains(message);
        });
    }

    @Test
    void movesEveryMessageBackToTheQueueItWasDeadLetteredFrom() throws Exception {
        pipe("home-dlq", "home-a", "home-b");
        deadLetter("home-a", 3);
        deadLetter("home-b", 2);

        String handle =
                sqs.startMessageMoveTask(b -> b.sourceArn(arn("home-dlq"))).taskHandle();

        assertThat(handle).isNotBlank();
        ListMessageMoveTasksResultEntry done = awaitEnd("home-dlq");
        assertThat(done.status()).isEqualTo("COMPLETED");
        assertThat(done.approximateNumberOfMessagesMoved()).isEqualTo(5);
        assertThat(done.approximateNumberOfMessagesToMove()).isEqualTo(5);
        assertThat(done.sourceArn()).isEqualTo(arn("home-dlq"));
        assertThat(done.destinationArn()).isNull();
        assertThat(done.taskHandle()).as("only a running task shows its handle").isNull();
        assertThat(done.startedTimestamp()).isPositive();
        assertThat(count("home-dlq")).isZero();
        assertThat(count("home-a")).isEqualTo(3);
        assertThat(count("home-b")).isEqualTo(2);
    }

    @Test
    void movesEveryMessageToAnExplicitDestinationAtItsRate() throws Exception {
        pipe("dest-dlq", "dest-src");
        API.createQueue("dest-to");
        deadLetter("dest-src", 6);

        sqs.startMessageMoveTask(
                b -> b.sourceArn(arn("dest-dlq")).destinationArn(arn("dest-to")).maxNumberOfMessagesPerSecond(500));

        ListMessageMoveTasksResultEntry done = awaitEnd("dest-dlq");
        assertThat(done.status()).isEqualTo("COMPLETED");
        assertThat(done.approximateNumberOfMessagesMoved()).isEqualTo(6);
        assertThat(done.destinationArn()).isEqualTo(arn("dest-to"));
        assertThat(done.maxNumberOfMessagesPerSecond()).isEqualTo(500);
        assertThat(count("dest-dlq")).isZero();
        assertThat(count("dest-to")).isEqualTo(6);
        assertThat(count("dest-src")).isZero();
    }

    @Test
    void aCancelledTaskStopsAndLeavesTheRestInTheDeadLetterQueue() throws Exception {
        pipe("slow-dlq", "slow-src");
        API.createQueue("slow-to");
        deadLetter("slow-src", 60);
        String handle = sqs.startMessageMoveTask(b -> b.sourceArn(arn("slow-dlq"))
                        .destinationArn(arn("slow-to"))
                        .maxNumberOfMessagesPerSecond(1))
                .taskHandle();

        ListMessageMoveTasksResultEntry running =
                awaitLatest("slow-dlq", t -> t.approximateNumberOfMessagesMoved() >= 1);
        assertThat(running.status()).isEqualTo("RUNNING");
        assertThat(running.taskHandle()).isEqualTo(handle);
        assertThat(running.approximateNumberOfMessagesToMove()).isEqualTo(60);
        long movedWhenCancelled =
                sqs.cancelMessageMoveTask(b -> b.taskHandle(handle)).approximateNumberOfMessagesMoved();

        ListMessageMoveTasksResultEntry cancelled = awaitEnd("slow-dlq");
        assertThat(cancelled.status()).isEqualTo("CANCELLED");
        assertThat(cancelled.approximateNumberOfMessagesMoved())
                .isGreaterThanOrEqualTo(movedWhenCancelled)
                .isLessThan(60);
        assertThat(count("slow-to")).isEqualTo(cancelled.approximateNumberOfMessagesMoved());
        assertThat(count("slow-dlq")).isEqualTo(60 - cancelled.approximateNumberOfMessagesMoved());
        assertError(
                () -> sqs.cancelMessageMoveTask(b -> b.taskHandle(handle)),
                404,
                "ResourceNotFoundException",
                "only a RUNNING task can be cancelled");
    }

    @Test
    void listsTheMostRecentTasksFirstUpToMaxResults() throws Exception {
        pipe("many-dlq", "many-src");
        sqs.startMessageMoveTask(b -> b.sourceArn(arn("many-dlq")));
        awaitEnd("many-dlq");
        CLOCK.advance(Duration.ofSeconds(1));
        API.createQueue("many-to");
        sqs.startMessageMoveTask(b -> b.sourceArn(arn("many-dlq")).destinationArn(arn("many-to")));
        awaitEnd("many-dlq");

        List<ListMessageMoveTasksResultEntry> two = list("many-dlq", 10);
        assertThat(two)
                .extracting(ListMessageMoveTasksResultEntry::destinationArn)
                .containsExactly(arn("many-to"), null);
        assertThat(two.get(0).startedTimestamp()).isGreaterThan(two.get(1).startedTimestamp());
        assertThat(sqs.listMessageMoveTasks(b -> b.sourceArn(arn("many-dlq"))).results())
                .as("one when MaxResults is absent")
                .hasSize(1);
        assertThat(list("many-src", 10)).as("a queue with no task").isEmpty();
    }

    @Test
    void aSecondTaskOnTheSameSourceIsRefusedWhileTheFirstRuns() throws Exception {
        pipe("busy-dlq", "busy-src");
        API.createQueue("busy-to");
        deadLetter("busy-src", 30);
        String handle = sqs.startMessageMoveTask(b -> b.sourceArn(arn("busy-dlq"))
                        .destinationArn(arn("busy-to"))
                        .maxNumberOfMessagesPerSecond(1))
                .taskHandle();

        assertError(
                () -> sqs.startMessageMoveTask(b -> b.sourceArn(arn("busy-dlq"))),
                400,
                "InvalidParameterValue",
                "There is already a task running.");
        assertThat(list("busy-dlq", 10)).hasSize(1);
        sqs.cancelMessageMoveTask(b -> b.taskHandle(handle));
        awaitEnd("busy-dlq");
    }

    @Test
    void refusalsOfStartChangeNothing() {
        pipe("bad-dlq", "bad-src");
        deadLetter("bad-src", 2);

        assertError(
                () -> sqs.startMessageMoveTask(b -> b.sourceArn(arn("nope"))),
                404,
                "ResourceNotFoundException",
                "The resource that you specified for the SourceArn parameter doesn't exist.");
        assertThatThrownBy(() -> sqs.startMessageMoveTask(b -> b.sourceArn(arn("nope"))))
                .isInstanceOf(ResourceNotFoundException.class);
        assertError(
                () -> sqs.startMessageMoveTask(b -> b.sourceArn(arn("bad-dlq")).destinationArn(arn("nope"))),
                404,
                "ResourceNotFoundException",
                "DestinationArn parameter doesn't exist.");
        assertError(
                () -> sqs.startMessageMoveTask(b -> b.sourceArn(arn("bad-src"))),
                400,
                "InvalidParameterValue",
                "Source queue must be configured as a Dead Letter Queue.");
        assertError(
                () -> sqs.startMessageMoveTask(b -> b.sourceArn(arn("bad-dlq")).destinationArn(arn("bad-dlq"))),
                400,
                "InvalidParameterValue",
                "another queue");
        for (int rate : new int[] {0, 501}) {
            assertError(
                    () -> sqs.startMessageMoveTask(
                            b -> b.sourceArn(arn("bad-dlq")).maxNumberOfMessagesPerSecond(rate)),
                    400,
                    "InvalidParameterValue",
                    "MaxNumberOfMessagesPerSecond");
        }
        assertError(
                () -> sqs.startMessageMoveTask(b -> b.sourceArn("arn:aws:sqs:eu-west-1:000000000000:bad-dlq")),
                400,
                "InvalidParameterValue",
                "SourceArn");
        assertError(() -> sqs.startMessageMoveTask(b -> {}), 400, "MissingParameter", "SourceArn");

        assertThat(list("bad-dlq", 10)).isEmpty();
        assertThat(count("bad-dlq")).isEqualTo(2);
    }

    @Test
    void refusalsOfCancelAndListChangeNothing() {
        pipe("hdl-dlq", "hdl-src");
        String unknownTask = Base64.getEncoder()
                .encodeToString((UUID.randomUUID() + "&" + arn("hdl-dlq")).getBytes(StandardCharsets.UTF_8));
        String unknownQueue = Base64.getEncoder()
                .encodeToString((UUID.randomUUID() + "&" + arn("nope")).getBytes(StandardCharsets.UTF_8));

        assertError(
                () -> sqs.cancelMessageMoveTask(b -> b.taskHandle("foobared")),
                400,
                "InvalidParameterValue",
                "Value for parameter TaskHandle is invalid.");
        assertError(
                () -> sqs.cancelMessageMoveTask(b -> b.taskHandle(unknownTask)),
                404,
                "ResourceNotFoundException",
                "Task does not exist.");
        assertError(
                () -> sqs.cancelMessageMoveTask(b -> b.taskHandle(unknownQueue)),
                404,
                "ResourceNotFoundException",
                "The resource that you specified for the SourceArn parameter doesn't exist.");
        assertError(
                () -> sqs.listMessageMoveTasks(b -> b.sourceArn(arn("nope"))),
                404,
                "ResourceNotFoundException",
                "SourceArn parameter doesn't exist.");
        for (int max : new int[] {0, 11}) {
            assertError(
                    () -> sqs.listMessageMoveTasks(
                            b -> b.sourceArn(arn("hdl-dlq")).maxResults(max)),
                    400,
                    "InvalidParameterValue",
                    "MaxResults");
        }
        assertThat(list("hdl-dlq", 10)).isEmpty();
    }

    /** Sends a Query request (form-encoded, as older SDKs do) and answers the XML document. */
    private static Document query(String form) throws Exception {
        HttpResponse<String> response = HttpClient.newHttpClient()
                .send(
                        HttpRequest.newBuilder(URI.create("http://localhost:" + APP.getLocalPort() + "/"))
                                .header("Content-Type", "application/x-www-form-urlencoded; charset=utf-8")
                                .POST(HttpRequest.BodyPublishers.ofString(form + "&Version=2012-11-05"))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
        DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
        factory.setNamespaceAware(true);
        return factory.newDocumentBuilder()
                .parse(new ByteArrayInputStream(response.body().getBytes(StandardCharsets.UTF_8)));
    }

    private static List<String> texts(Document document, String element) {
        NodeList nodes = document.getElementsByTagNameNS("http://queue.amazonaws.com/doc/2012-11-05/", element);
        return IntStream.range(0, nodes.getLength())
                .mapToObj(i -> nodes.item(i).getTextContent())
                .toList();
    }

    @Test
    void theQueryProtocolStartsAndListsTasksInXml() throws Exception {
        pipe("xml-dlq", "xml-src");
        deadLetter("xml-src", 2);
        String source = URLEncoder.encode(arn("xml-dlq"), StandardCharsets.UTF_8);

        Document started = query("Action=StartMessageMoveTask&SourceArn=" + source);
        assertThat(started.getDocumentElement().getLocalName()).isEqualTo("StartMessageMoveTaskResponse");
        assertThat(texts(started, "TaskHandle")).hasSize(1);
        awaitEnd("xml-dlq");

        Document listed = query("Action=ListMessageMoveTasks&MaxResults=10&SourceArn=" + source);
        assertThat(texts(listed, "ListMessageMoveTasksResultEntry")).hasSize(1);
        assertThat(texts(listed, "Status")).containsExactly("COMPLETED");
        assertThat(texts(listed, "ApproximateNumberOfMessagesMoved")).containsExactly("2");
        assertThat(texts(listed, "SourceArn")).containsExactly(arn("xml-dlq"));
        Document refused = query("Action=CancelMessageMoveTask&TaskHandle=foobared");
        assertThat(texts(refused, "Code")).containsExactly("InvalidParameterValue");
    }
}
