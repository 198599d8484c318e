package dev.conveyor.bootstrap;

import static dev.conveyor.bootstrap.Api.j;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.conveyor.application.fakes.MutableClock;
import dev.conveyor.postgres.testing.TestDatabase;
import io.dropwizard.testing.junit5.DropwizardAppExtension;
import io.dropwizard.testing.junit5.DropwizardExtensionsSupport;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.MessageAttributeValue;
import software.amazon.awssdk.services.sqs.model.MessageSystemAttributeName;
import software.amazon.awssdk.services.sqs.model.MessageSystemAttributeNameForSends;
import software.amazon.awssdk.services.sqs.model.MessageSystemAttributeValue;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;
import software.amazon.awssdk.services.sqs.model.ReceiveMessageRequest;
import software.amazon.awssdk.services.sqs.model.SendMessageRequest;
import software.amazon.awssdk.services.sqs.model.SendMessageResponse;
import software.amazon.awssdk.services.sqs.model.SqsException;

/**
 * Message attributes through the real AWS SDK for Java v2, its MD5 checks on: typed attributes come back exactly as
 * sent, the trace header and the other system attributes on receive, each selector, SQS's refusals (and
 * Conveyor's narrower bounds), and /v1 and SQS each seeing the other's attributes.
 */
@ExtendWith(DropwizardExtensionsSupport.class)
class SqsMessageAttributesApiTest {
    static final TestDatabase DB = TestDatabase.create();
    static final MutableClock CLOCK = ConveyorTestApp.clock();
    static final DropwizardAppExtension<ConveyorConfiguration> APP = ConveyorTestApp.extension(DB, CLOCK);
    static final Api API = new Api(APP);
    static final String LONG_NUMBER = "4563442423554324324264524243.32543234";
    static final byte[] BYTES = {0, 1, 2, (byte) 0xfe, (byte) 0xff, 'h', 'i'};
    static final String TRACE = "Root=1-5759e988-bd862e3fe1be46a994272793;Parent=53995c3f42cd8ad8;Sampled=1";
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

    static MessageAttributeValue string(String type, String value) {
        return MessageAttributeValue.builder().dataType(type).stringValue(value).build();
    }

    static MessageAttributeValue binary(byte[] value) {
        return MessageAttributeValue.builder()
                .dataType("Binary")
                .binaryValue(SdkBytes.fromByteArray(value))
                .build();
    }

    /** One of each kind SQS has: String, Number (verbatim), a custom Number.float, Binary and a custom String. */
    static Map<String, MessageAttributeValue> everyKind() {
        Map<String, MessageAttributeValue> attributes = new LinkedHashMap<>();
        attributes.put("name", string("String", "héllo ✓"));
        attributes.put("count", string("Number", "007.50"));
        attributes.put("price", string("Number.float", LONG_NUMBER));
        attributes.put("blob", binary(BYTES));
        attributes.put("doc", string("String.json", "{\"a\": 1}"));
        return attributes;
    }

    private static Message receiveOne(String url, Consumer<ReceiveMessageRequest.Builder> selection) {
        List<Message> messages = sqs.receiveMessage(b -> {
                    b.queueUrl(url).maxNumberOfMessages(10);
                    selection.accept(b);
                })
                .messages();
        assertThat(messages).hasSize(1);
        return messages.get(0);
    }

    @Test
    void typedAttributesComeBackExactlyAsSentWithTheSdksChecksumsOn() {
        String url = sqs.createQueue(b -> b.queueName("attr-kinds")).queueUrl();

        SendMessageResponse sent =
                sqs.sendMessage(b -> b.queueUrl(url).messageBody("typed").messageAttributes(everyKind()));
        Message received = receiveOne(url, b -> b.messageAttributeNames("All"));

        assertThat(received.messageAttributes()).isEqualTo(everyKind());
        assertThat(received.messageAttributes().get("blob").binaryValue().asByteArray())
                .isEqualTo(BYTES);
        assertThat(sent.md5OfMessageAttributes()).isNotNull().isEqualTo(received.md5OfMessageAttributes());
        assertThat(sent.md5OfMessageSystemAttributes()).isNull();
    }

    @Test
    void aMessageWithoutAttributesHasNoAttributeChecksum() {
        String url = sqs.createQueue(b -> b.queueName("attr-none")).queueUrl();

        SendMessageResponse sent = sqs.sendMessage(b -> b.queueUrl(url).messageBody("plain"));
        Message received =
                receiveOne(url, b -> b.messageAttributeNames("All").messageSystemAttributeNamesWithStrings("All"));

        assertThat(sent.md5OfMessageAttributes()).isNull();
        assertThat(received.md5OfMessageAttributes()).isNull();
        assertThat(received.messageAttributes()).isEmpty();
        assertThat(received.attributes())
                .doesNotContainKeys(
                        MessageSystemAttributeName.AWS_TRACE_HEADER,
                        MessageSystemAttributeName.DEAD_LETTER_QUEUE_SOURCE_ARN);
    }

    @Test
    void theTraceHeaderIsKeptAndHandedBackAsASystemAttribute() {
        String url = sqs.createQueue(b -> b.queueName("attr-trace")).queueUrl();

        SendMessageResponse sent = sqs.sendMessage(b -> b.queueUrl(url)
                .messageBody("traced")
                .messageSystemAttributes(Map.of(
                        MessageSystemAttributeNameForSends.AWS_TRACE_HEADER,
                        MessageSystemAttributeValue.builder()
                                .dataType("String")
                                .stringValue(TRACE)
                                .build())));
        Message received =
                receiveOne(url, b -> b.messageSystemAttributeNames(MessageSystemAttributeName.AWS_TRACE_HEADER));

        // The MD5 of {AWSTraceHeader: String TRACE}, by SQS's attribute encoding.
        assertThat(sent.md5OfMessageSystemAttributes()).isEqualTo(md5OfOneStringAttribute("AWSTraceHeader", TRACE));
        assertThat(received.attributes()).isEqualTo(Map.of(MessageSystemAttributeName.AWS_TRACE_HEADER, TRACE));
    }

    /** SQS's attribute MD5 for one String attribute, written out here so the test does not trust the server's. */
    static String md5OfOneStringAttribute(String name, String value) {
        try {
            java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
            for (byte[] part :
                    List.of(name.getBytes(StandardCharsets.UTF_8), "String".getBytes(StandardCharsets.UTF_8))) {
                out.writeBytes(
                        java.nio.ByteBuffer.allocate(4).putInt(part.length).array());
                out.writeBytes(part);
            }
            out.write(1);
            byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
            out.writeBytes(java.nio.ByteBuffer.allocate(4).putInt(bytes.length).array());
            out.writeBytes(bytes);
            return java.util.HexFormat.of()
                    .formatHex(java.security.MessageDigest.getInstance("MD5").digest(out.toByteArray()));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void theSystemAttributesAskedForByEitherParameterOrAll() {
        String url = sqs.createQueue(b -> b.queueName("attr-system")).queueUrl();
        Instant sentAt = CLOCK.instant();
        sqs.sendMessage(b -> b.queueUrl(url).messageBody("sys"));

        Instant firstReceive = CLOCK.instant();
        // Older SDKs ask with AttributeNames.
        Message first = receiveOne(url, b -> b.attributeNamesWithStrings("All"));
        assertThat(first.attributesAsStrings())
                .containsEntry("ApproximateReceiveCount", "1")
                .containsEntry("SentTimestamp", String.valueOf(sentAt.toEpochMilli()))
                .containsEntry("ApproximateFirstReceiveTimestamp", String.valueOf(firstReceive.toEpochMilli()))
                .containsEntry("SenderId", "000000000000")
                .doesNotContainKeys("AWSTraceHeader", "DeadLetterQueueSourceArn");

        CLOCK.advance(java.time.Duration.ofSeconds(31)); // the queue's VisibilityTimeout, 30 s by default
        Message second = receiveOne(
                url,
                b -> b.messageSystemAttributeNames(
                        MessageSystemAttributeName.APPROXIMATE_RECEIVE_COUNT,
                        MessageSystemAttributeName.APPROXIMATE_FIRST_RECEIVE_TIMESTAMP));
        assertThat(second.attributesAsStrings())
                .isEqualTo(Map.of(
                        "ApproximateReceiveCount",
                        "2",
                        "ApproximateFirstReceiveTimestamp",
                        String.valueOf(firstReceive.toEpochMilli())));

        CLOCK.advance(java.time.Duration.ofSeconds(31));
        assertThat(receiveOne(url, b -> {}).attributes()).isEmpty();
    }

    @Test
    void anUnknownSystemAttributeNameIsRefused() {
        String url = sqs.createQueue(b -> b.queueName("attr-unknown")).queueUrl();
        sqs.sendMessage(b -> b.queueUrl(url).messageBody("kept"));

        assertThatThrownBy(
                        () -> sqs.receiveMessage(b -> b.queueUrl(url).messageSystemAttributeNamesWithStrings("Colour")))
                .isInstanceOfSatisfying(SqsException.class, e -> {
                    assertThat(e.awsErrorDetails().errorCode()).isEqualTo("InvalidAttributeName");
                    assertThat(e.awsErrorDetails().errorMessage()).contains("Colour");
                });
        assertThat(API.stats("attr-unknown").get("available").asLong()).isEqualTo(1);
    }

    @Test
    void aDeadLetterNamesItsSourceQueueByArn() {
        API.createQueue("attr-dlq");
        API.createQueue("attr-source", "'max_deliveries': 1, 'dead_letter_queue_id': 'attr-dlq'");
        String source = "http://localhost:" + APP.getLocalPort() + "/000000000000/attr-source";
        String dlq = "http://localhost:" + APP.getLocalPort() + "/000000000000/attr-dlq";
        sqs.sendMessage(b -> b.queueUrl(source).messageBody("doomed"));
        Message delivered = receiveOne(source, b -> {});
        API.post("/v1/queues/attr-source/nack", j("{'receipts': ['%s']}", delivered.receiptHandle()))
                .expect(200);

        Message dead = receiveOne(dlq, b -> b.messageSystemAttributeNames(MessageSystemAttributeName.ALL));

        assertThat(dead.attributesAsStrings())
                .containsEntry("DeadLetterQueueSourceArn", "arn:aws:sqs:us-east-1:000000000000:attr-source")
                .containsEntry("ApproximateReceiveCount", "1");
    }

    @Test
    void messageAttributeNamesSelectAllByPrefixOrByNameAndTheChecksumCoversWhatIsReturned() {
        String url = sqs.createQueue(b -> b.queueName("attr-select")).queueUrl();
        Map<String, MessageAttributeValue> attributes = new LinkedHashMap<>();
        attributes.put("geo.lat", string("Number", "52.52"));
        attributes.put("geo.lon", string("Number", "13.40"));
        attributes.put("geography", string("String", "plains"));
        attributes.put("kind", string("String", "city"));
        sqs.sendMessage(b -> b.queueUrl(url).messageBody("berlin").messageAttributes(attributes));
        Map<List<String>, List<String>> expected = new LinkedHashMap<>();
        expected.put(List.of("All"), List.of("geo.lat", "geo.lon", "geography", "kind"));
        expected.put(List.of(".*"), List.of("geo.lat", "geo.lon", "geography", "kind"));
        expected.put(List.of("geo.*"), List.of("geo.lat", "geo.lon"));
        expected.put(List.of("kind", "geo.lon", "absent"), List.of("geo.lon", "kind"));
        expected.put(List.of("absent"), List.of());
        expected.put(List.of(), List.of());

        expected.forEach((names, selected) -> {
            Message received = receiveOne(url, b -> b.messageAttributeNames(names));
            // The SDK has checked MD5OfMessageAttributes against the attributes it was given.
            assertThat(received.messageAttributes().keySet())
                    .as("%s", names)
                    .containsExactlyInAnyOrderElementsOf(selected);
            if (selected.isEmpty()) {
                assertThat(received.md5OfMessageAttributes()).isNull();
            }
            received.messageAttributes()
                    .forEach((name, value) -> assertThat(value).isEqualTo(attributes.get(name)));
            CLOCK.advance(java.time.Duration.ofSeconds(31)); // visible again after the queue's 30 s VisibilityTimeout
        });
    }

    /** Sends one message with the attributes; answers the refusal. */
    private static SqsException refused(String url, Map<String, MessageAttributeValue> attributes) {
        try {
            sqs.sendMessage(SendMessageRequest.builder()
                    .queueUrl(url)
                    .messageBody("refused")
                    .messageAttributes(attributes)
                    .build());
        } catch (SqsException e) {
            return e;
        }
        throw new AssertionError("accepted: " + attributes);
    }

    @Test
    void sqsRefusesBadAttributesAsSqsDoesAndStoresNothing() {
        String url = sqs.createQueue(b -> b.queueName("attr-bad")).queueUrl();
        Map<String, MessageAttributeValue> eleven = new LinkedHashMap<>();
        for (int i = 0; i < 11; i++) {
            eleven.put("a" + i, string("String", "v"));
        }
        Map<Map<String, MessageAttributeValue>, String> cases = new LinkedHashMap<>();
        cases.put(eleven, "exceeds the allowed maximum [10]");
        cases.put(Map.of("AWS.thing", string("String", "v")), "reserved");
        cases.put(Map.of("amazon.thing", string("String", "v")), "reserved");
        cases.put(Map.of("two..dots", string("String", "v")), "is invalid");
        cases.put(Map.of(".leading", string("String", "v")), "is invalid");
        cases.put(Map.of("trailing.", string("String", "v")), "is invalid");
        cases.put(Map.of("spa ce", string("String", "v")), "is invalid");
        cases.put(Map.of("n", MessageAttributeValue.builder().stringValue("v").build()), "attribute type");
        cases.put(Map.of("n", string("Integer", "1")), "Binary, Number, String");
        cases.put(Map.of("n", string("Number.", "1")), "Binary, Number, String");
        cases.put(Map.of("n", string("Number", "one")), "to a number");
        cases.put(Map.of("n", string("String", "")), "non-empty value of type 'String'");
        cases.put(
                Map.of(
                        "n",
                        MessageAttributeValue.builder()
                                .dataType("Binary")
                                .stringValue("x")
                                .build()),
                "'Binary'");

        cases.forEach((attributes, message) -> {
            SqsException e = refused(url, attributes);
            assertThat(e.statusCode()).as("%s", attributes).isEqualTo(400);
            assertThat(e.awsErrorDetails().errorCode()).isEqualTo("InvalidParameterValue");
            assertThat(e.awsErrorDetails().errorMessage()).as("%s", attributes).contains(message);
        });
        assertThat(API.total("attr-bad")).isZero();
    }

    @Test
    void whereConveyorsBoundsAreNarrowerThanSqssTheRefusalSaysSo() {
        String url = sqs.createQueue(b -> b.queueName("attr-narrow")).queueUrl();

        SqsException longName = refused(url, Map.of("n".repeat(129), string("String", "v")));
        SqsException longValue = refused(url, Map.of("n", string("String", "v".repeat(1025))));
        SqsException longBinary = refused(url, Map.of("n", binary(new byte[769])));

        assertThat(longName.awsErrorDetails().errorMessage()).contains("Conveyor's limit of 128 characters");
        assertThat(longValue.awsErrorDetails().errorMessage()).contains("Conveyor's limit of 1024 characters");
        assertThat(longBinary.awsErrorDetails().errorMessage()).contains("768 bytes");
        sqs.sendMessage(b -> b.queueUrl(url)
                .messageBody("at the bounds")
                .messageAttributes(
                        Map.of("n".repeat(128), string("String", "v".repeat(1024)), "b", binary(new byte[768]))));
        assertThat(API.total("attr-narrow")).isEqualTo(1);
    }

    @Test
    void aSystemAttributeOtherThanTheTraceHeaderIsRefused() {
        String url = sqs.createQueue(b -> b.queueName("attr-sysbad")).queueUrl();

        assertThatThrownBy(() -> sqs.sendMessage(b -> b.queueUrl(url)
                        .messageBody("x")
                        .messageSystemAttributes(Map.of(
                                MessageSystemAttributeNameForSends.AWS_TRACE_HEADER,
                                MessageSystemAttributeValue.builder()
                                        .dataType("Binary")
                                        .binaryValue(SdkBytes.fromUtf8String("t"))
                                        .build()))))
                .isInstanceOfSatisfying(
                        SqsException.class,
                        e -> assertThat(e.awsErrorDetails().errorMessage())
                                .contains("AWSTraceHeader must be of type String"));
        assertThat(API.total("attr-sysbad")).isZero();
    }

    @Test
    void v1SeesSqsAttributesAsStringsAndBinaryAsBase64() {
        String url = sqs.createQueue(b -> b.queueName("attr-to-v1")).queueUrl();
        sqs.sendMessage(b -> b.queueUrl(url).messageBody("to v1").messageAttributes(everyKind()));

        JsonNode attributes = API.browse("attr-to-v1").get(0).get("attributes");

        assertThat(attributes.get("name").asText()).isEqualTo("héllo ✓");
        assertThat(attributes.get("count").asText()).isEqualTo("007.50");
        assertThat(attributes.get("price").asText()).isEqualTo(LONG_NUMBER);
        assertThat(attributes.get("blob").asText())
                .isEqualTo(Base64.getEncoder().encodeToString(BYTES));
        assertThat(attributes.get("doc").asText()).isEqualTo("{\"a\": 1}");
        assertThat(attributes.size()).isEqualTo(5);
    }

    @Test
    void sqsSeesV1AttributesAsStrings() {
        String url = sqs.createQueue(b -> b.queueName("attr-from-v1")).queueUrl();
        API.publish("attr-from-v1", j("{'body': {'n': 1}, 'attributes': {'region': 'eu', 'tier': 'gold'}}"));

        Message received = receiveOne(url, b -> b.messageAttributeNames("All"));

        assertThat(received.messageAttributes())
                .isEqualTo(Map.of("region", string("String", "eu"), "tier", string("String", "gold")));
        assertThat(received.md5OfMessageAttributes()).isNotNull();
    }

    @Test
    void aQueueAttributeNameIsNoMessageSystemAttribute() {
        // The SDK types AttributeNames as queue attribute names; on a receive only message system attributes exist.
        String url = sqs.createQueue(b -> b.queueName("attr-queue-name")).queueUrl();
        sqs.sendMessage(b -> b.queueUrl(url).messageBody("x"));

        assertThatThrownBy(
                        () -> sqs.receiveMessage(b -> b.queueUrl(url).attributeNames(QueueAttributeName.DELAY_SECONDS)))
                .isInstanceOfSatisfying(
                        SqsException.class,
                        e -> assertThat(e.awsErrorDetails().errorCode()).isEqualTo("InvalidAttributeName"));
    }
}
