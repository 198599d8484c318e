package dev.conveyor.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;

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
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/**
 * The SQS endpoint through the AWS Query protocol, with form-encoded requests as Query clients (older SDKs,
 * Debian's boto3 and AWS CLI) send them, and their XML answers parsed.
 */
@ExtendWith(DropwizardExtensionsSupport.class)
class SqsQueryApiTest {
    static final String NAMESPACE = "http://queue.amazonaws.com/doc/2012-11-05/";
    static final TestDatabase DB = TestDatabase.create();
    static final MutableClock CLOCK = ConveyorTestApp.clock();
    static final DropwizardAppExtension<ConveyorConfiguration> APP = ConveyorTestApp.extension(DB, CLOCK);
    static final Api API = new Api(APP);
    static final HttpClient HTTP = HttpClient.newHttpClient();

    @AfterAll
    static void dropDatabase() {
        DB.close();
    }

    /** An answer: its status and its XML. */
    record Xml(int status, Document document, String text) {
        List<String> all(String name) {
            NodeList nodes = document.getElementsByTagNameNS(NAMESPACE, name);
            List<String> texts = new ArrayList<>();
            for (int i = 0; i < nodes.getLength(); i++) {
                texts.add(nodes.item(i).getTextContent());
            }
            return texts;
        }

        String one(String name) {
            List<String> texts = all(name);
            assertThat(texts).as("<%s> in %s", name, text).hasSize(1);
            return texts.get(0);
        }

        String root() {
            Element root = document.getDocumentElement();
            assertThat(root.getNamespaceURI()).isEqualTo(NAMESPACE);
            return root.getLocalName();
        }
    }

    static String base() {
        return "http://localhost:" + APP.getLocalPort();
    }

    /** Posts {@code name=value} pairs, form-encoded as a Query client does, to {@code path}. */
    static Xml post(String path, String... pairs) throws Exception {
        StringBuilder form = new StringBuilder();
        for (int i = 0; i < pairs.length; i += 2) {
            if (form.length() > 0) {
                form.append('&');
            }
            form.append(URLEncoder.encode(pairs[i], StandardCharsets.UTF_8))
                    .append('=')
                    .append(URLEncoder.encode(pairs[i + 1], StandardCharsets.UTF_8));
        }
        HttpRequest request = HttpRequest.newBuilder(URI.create(base() + path))
                .header("Content-Type", "application/x-www-form-urlencoded; charset=utf-8")
                .POST(HttpRequest.BodyPublishers.ofString(form.toString()))
                .build();
        return parse(HTTP.send(request, HttpResponse.BodyHandlers.ofString()));
    }

    static Xml parse(HttpResponse<String> response) throws Exception {
        assertThat(response.headers().firstValue("Content-Type").orElse("")).startsWith("text/xml");
        DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
        factory.setNamespaceAware(true);
        Document document = factory.newDocumentBuilder()
                .parse(new ByteArrayInputStream(response.body().getBytes(StandardCharsets.UTF_8)));
        return new Xml(response.statusCode(), document, response.body());
    }

    @Test
    void createSendReceiveDeleteInXml() throws Exception {
        Xml created = post(
                "/",
                "Action",
                "CreateQueue",
                "Version",
                "2012-11-05",
                "QueueName",
                "query-orders",
                "Attribute.1.Name",
                "VisibilityTimeout",
                "Attribute.1.Value",
                "40");
        assertThat(created.status()).isEqualTo(200);
        assertThat(created.root()).isEqualTo("CreateQueueResponse");
        String url = created.one("QueueUrl");
        assertThat(url).isEqualTo(base() + "/000000000000/query-orders");
        assertThat(created.one("RequestId")).isNotBlank();
        assertThat(API.get("/v1/queues/query-orders")
                        .expect(200)
                        .get("ack_deadline_seconds")
                        .asInt())
                .isEqualTo(40);

        String body = "line one\r\nline <two> & three";
        Xml sent = post("/", "Action", "SendMessage", "Version", "2012-11-05", "QueueUrl", url, "MessageBody", body);
        assertThat(sent.root()).isEqualTo("SendMessageResponse");
        assertThat(sent.one("MD5OfMessageBody")).isEqualTo(md5(body));

        // To the queue URL itself, as Query clients may send.
        Xml received = post(
                "/000000000000/query-orders",
                "Action",
                "ReceiveMessage",
                "Version",
                "2012-11-05",
                "MaxNumberOfMessages",
                "10",
                "AttributeName.1",
                "All");
        assertThat(received.root()).isEqualTo("ReceiveMessageResponse");
        assertThat(received.all("Message")).hasSize(1);
        assertThat(received.one("Body")).isEqualTo(body);
        assertThat(received.one("MessageId")).isEqualTo(sent.one("MessageId"));
        assertThat(received.one("MD5OfBody")).isEqualTo(md5(body));

        Xml deleted = post(
                "/",
                "Action",
                "DeleteMessage",
                "Version",
                "2012-11-05",
                "QueueUrl",
                url,
                "ReceiptHandle",
                received.one("ReceiptHandle"));
        assertThat(deleted.status()).isEqualTo(200);
        assertThat(deleted.root()).isEqualTo("DeleteMessageResponse");
        assertThat(API.stats("query-orders").get("total").asLong()).isZero();
    }

    /**
     * Requests as Debian's boto3 1.26 and AWS CLI 2.9 sent them, recorded byte for byte (endpoint aside): always to
     * {@code /} with the queue URL in the form, {@code +} for spaces, a SigV4 signature and its date, and the CLI's
     * receive asking for {@code AttributeName.1=All} and {@code MessageAttributeName.1=All}.
     */
    @Test
    void answersRequestsRecordedFromTheRealQueryClients() throws Exception {
        String url = URLEncoder.encode(base() + "/000000000000/query-recorded", StandardCharsets.UTF_8);
        Xml created = recorded(
                "aws-cli/2.9.19 Python/3.11.2 Linux source/x86_64.debian.12 prompt/off command/sqs.create-queue",
                "Action=CreateQueue&Version=2012-11-05&QueueName=query-recorded&Attribute.1.Name=VisibilityTimeout"
                        + "&Attribute.1.Value=40&Attribute.2.Name=DelaySeconds&Attribute.2.Value=0");
        assertThat(created.one("QueueUrl")).isEqualTo(base() + "/000000000000/query-recorded");

        Xml sent = recorded(
                "Boto3/1.26.27 Python/3.11.2 Linux awscrt/1.0.0.dev0 Botocore/1.29.27",
                "Action=SendMessage&Version=2012-11-05&QueueUrl=" + url
                        + "&MessageBody=h%C3%A9llo+%26+%3Cx%3E+%3D+%2B1%0D%0Aline+two");
        assertThat(sent.one("MD5OfMessageBody")).isEqualTo(md5("héllo & <x> = +1\r\nline two"));

        Xml received = recorded(
                "aws-cli/2.9.19 Python/3.11.2 Linux source/x86_64.debian.12 prompt/off command/sqs.receive-message",
                "Action=ReceiveMessage&Version=2012-11-05&QueueUrl=" + url
                        + "&AttributeName.1=All&MessageAttributeName.1=All&MaxNumberOfMessages=10&WaitTimeSeconds=1");
        assertThat(received.one("Body")).isEqualTo("héllo & <x> = +1\r\nline two");

        Xml deleted = recorded(
                "Boto3/1.26.27 Python/3.11.2 Linux awscrt/1.0.0.dev0 Botocore/1.29.27",
                "Action=DeleteMessage&Version=2012-11-05&QueueUrl=" + url + "&ReceiptHandle="
                        + URLEncoder.encode(received.one("ReceiptHandle"), StandardCharsets.UTF_8));
        assertThat(deleted.root()).isEqualTo("DeleteMessageResponse");
        assertThat(API.total("query-recorded")).isZero();
    }

    /** POSTs the form to {@code /} with the headers the real clients send (a dummy key's signature). */
    static Xml recorded(String userAgent, String form) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create(base() + "/"))
                .header("Content-Type", "application/x-www-form-urlencoded; charset=utf-8")
                .header("User-Agent", userAgent)
                .header("X-Amz-Date", "20261207T121436Z")
                .header(
                        "Authorization",
                        "AWS4-HMAC-SHA256 Credential=dummy/20261207/us-east-1/sqs/aws4_request,"
                                + " SignedHeaders=content-type;host;x-amz-date,"
                                + " Signature=1856ecf54ec01a512e258b008e2b0a9fbe4e38d5a7a1f365ce6ef62d60e165ba")
                .POST(HttpRequest.BodyPublishers.ofString(form))
                .build();
        return parse(HTTP.send(request, HttpResponse.BodyHandlers.ofString()));
    }

    @Test
    void listsQueueUrlsAsRepeatedElementsAndAnswersAGet() throws Exception {
        post("/", "Action", "CreateQueue", "Version", "2012-11-05", "QueueName", "query-list-1");
        post("/", "Action", "CreateQueue", "Version", "2012-11-05", "QueueName", "query-list-2");

        Xml listed = post("/", "Action", "ListQueues", "Version", "2012-11-05", "QueueNamePrefix", "query-list-");
        assertThat(listed.all("QueueUrl"))
                .containsExactly(base() + "/000000000000/query-list-1", base() + "/000000000000/query-list-2");

        HttpResponse<String> got = HTTP.send(
                HttpRequest.newBuilder(
                                URI.create(base() + "/000000000000/query-list-1?Action=GetQueueUrl&Version=2012-11-05"
                                        + "&QueueName=query-list-1"))
                        .GET()
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(parse(got).one("QueueUrl")).isEqualTo(base() + "/000000000000/query-list-1");
    }

    @Test
    void errorsAreErrorResponsesWithTypeCodeMessageAndRequestId() throws Exception {
        Xml missing = post(
                "/",
                "Action",
                "SendMessage",
                "Version",
                "2012-11-05",
                "QueueUrl",
                base() + "/000000000000/query-nowhere",
                "MessageBody",
                "x");
        assertThat(missing.status()).isEqualTo(400);
        assertThat(missing.root()).isEqualTo("ErrorResponse");
        assertThat(missing.one("Type")).isEqualTo("Sender");
        assertThat(missing.one("Code")).isEqualTo("AWS.SimpleQueueService.NonExistentQueue");
        assertThat(missing.one("Message")).isNotBlank();
        assertThat(missing.one("RequestId")).isNotBlank();

        Xml unknown = post("/", "Action", "MakeCoffee", "Version", "2012-11-05");
        assertThat(unknown.status()).isEqualTo(400);
        assertThat(unknown.one("Code")).isEqualTo("InvalidAction");

        Xml unsupported = post("/", "Action", "AddPermission", "Version", "2012-11-05");
        assertThat(unsupported.one("Code")).isEqualTo("AWS.SimpleQueueService.UnsupportedOperation");
        assertThat(unsupported.one("Message")).contains("AddPermission");

        post("/", "Action", "CreateQueue", "Version", "2012-11-05", "QueueName", "query-errors");
        Xml noBody = post(
                "/",
                "Action",
                "SendMessage",
                "Version",
                "2012-11-05",
                "QueueUrl",
                base() + "/000000000000/query-errors");
        assertThat(noBody.one("Code")).isEqualTo("MissingParameter");
        assertThat(noBody.one("Message")).contains("MessageBody");

        Xml badHandle = post(
                "/",
                "Action",
                "DeleteMessage",
                "Version",
                "2012-11-05",
                "QueueUrl",
                base() + "/000000000000/query-errors",
                "ReceiptHandle",
                "garbage");
        assertThat(badHandle.status()).isEqualTo(404);
        assertThat(badHandle.one("Code")).isEqualTo("ReceiptHandleIsInvalid");
    }

    @Test
    void theJsonProtocolsErrorsCarryTypeAndTheQueryErrorHeader() throws Exception {
        HttpResponse<String> response = HTTP.send(
                HttpRequest.newBuilder(URI.create(base() + "/"))
                        .header("Content-Type", "application/x-amz-json-1.0")
                        .header("X-Amz-Target", "AmazonSQS.GetQueueUrl")
                        .POST(HttpRequest.BodyPublishers.ofString("{\"QueueName\": \"json-nowhere\"}"))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(response.headers().firstValue("x-amzn-query-error"))
                .hasValue("AWS.SimpleQueueService.NonExistentQueue;Sender");
        var json = Api.parse(response.body());
        assertThat(json.get("__type").asText()).isEqualTo("com.amazonaws.sqs#QueueDoesNotExist");
        assertThat(json.get("message").asText()).isNotBlank();
    }

    /** The leaf texts of each {@code element}, by path: {@code Name}, {@code Value.DataType}, ... */
    static List<Map<String, String>> structures(Xml xml, String element) {
        List<Map<String, String>> found = new ArrayList<>();
        NodeList nodes = xml.document().getElementsByTagNameNS(NAMESPACE, element);
        for (int i = 0; i < nodes.getLength(); i++) {
            Map<String, String> members = new java.util.TreeMap<>();
            collect((Element) nodes.item(i), "", members);
            found.add(members);
        }
        return found;
    }

    private static void collect(Element element, String prefix, Map<String, String> members) {
        NodeList children = element.getChildNodes();
        for (int i = 0; i < children.getLength(); i++) {
            if (children.item(i) instanceof Element child) {
                if (child.getElementsByTagNameNS(NAMESPACE, "*").getLength() > 0) {
                    collect(child, prefix + child.getLocalName() + ".", members);
                } else {
                    members.put(prefix + child.getLocalName(), child.getTextContent());
                }
            }
        }
    }

    /** The test vectors' three attributes, as Query flattens them under {@code prefix}. */
    static List<String> vectorAttributes(String prefix) {
        return List.of(
                prefix + "MessageAttribute.1.Name",
                "attribName1",
                prefix + "MessageAttribute.1.Value.DataType",
                "String",
                prefix + "MessageAttribute.1.Value.StringValue",
                "attribValue 1",
                prefix + "MessageAttribute.2.Name",
                "customNumberTypeAttrib",
                prefix + "MessageAttribute.2.Value.DataType",
                "Number.float",
                prefix + "MessageAttribute.2.Value.StringValue",
                "4563442423554324324264524243.32543234",
                prefix + "MessageAttribute.3.Name",
                "binaryAttribute",
                prefix + "MessageAttribute.3.Value.DataType",
                "Binary",
                prefix + "MessageAttribute.3.Value.BinaryValue",
                java.util.Base64.getEncoder().encodeToString("Hello binary world!".getBytes(StandardCharsets.UTF_8)));
    }

    static Xml post(String path, List<String> head, List<String> tail) throws Exception {
        List<String> pairs = new ArrayList<>(head);
        pairs.addAll(tail);
        return post(path, pairs.toArray(String[]::new));
    }

    @Test
    void typedAttributesAndTheTraceHeaderInQueryWithSqssChecksums() throws Exception {
        String url = post("/", "Action", "CreateQueue", "Version", "2012-11-05", "QueueName", "query-attributes")
                .one("QueueUrl");

        Xml sent = post(
                "/",
                List.of(
                        "Action",
                        "SendMessage",
                        "Version",
                        "2012-11-05",
                        "QueueUrl",
                        url,
                        "MessageBody",
                        "hello",
                        "MessageSystemAttribute.1.Name",
                        "AWSTraceHeader",
                        "MessageSystemAttribute.1.Value.DataType",
                        "String",
                        "MessageSystemAttribute.1.Value.StringValue",
                        "Root=1-abc"),
                vectorAttributes(""));
        Xml received = post(
                "/",
                "Action",
                "ReceiveMessage",
                "Version",
                "2012-11-05",
                "QueueUrl",
                url,
                "MessageAttributeName.1",
                "All",
                "AttributeName.1",
                "SenderId",
                "MessageSystemAttributeName.1",
                "AWSTraceHeader");

        assertThat(sent.one("MD5OfMessageBody")).isEqualTo("5d41402abc4b2a76b9719d911017c592");
        assertThat(sent.one("MD5OfMessageAttributes")).isEqualTo("c932db14a896c663f83c260297d594ff");
        assertThat(sent.one("MD5OfMessageSystemAttributes")).matches("[0-9a-f]{32}");
        assertThat(received.one("MD5OfMessageAttributes")).isEqualTo("c932db14a896c663f83c260297d594ff");
        assertThat(structures(received, "MessageAttribute"))
                .containsExactlyInAnyOrder(
                        Map.of("Name", "attribName1", "Value.DataType", "String", "Value.StringValue", "attribValue 1"),
                        Map.of(
                                "Name", "customNumberTypeAttrib",
                                "Value.DataType", "Number.float",
                                "Value.StringValue", "4563442423554324324264524243.32543234"),
                        Map.of(
                                "Name", "binaryAttribute",
                                "Value.DataType", "Binary",
                                "Value.BinaryValue", "SGVsbG8gYmluYXJ5IHdvcmxkIQ=="));
        assertThat(structures(received, "Attribute"))
                .containsExactlyInAnyOrder(
                        Map.of("Name", "SenderId", "Value", "000000000000"),
                        Map.of("Name", "AWSTraceHeader", "Value", "Root=1-abc"));
    }

    @Test
    void sendMessageBatchInQueryAnswersEachEntryUnderItsId() throws Exception {
        String url = post("/", "Action", "CreateQueue", "Version", "2012-11-05", "QueueName", "query-batch")
                .one("QueueUrl");

        Xml answer = post(
                "/",
                List.of(
                        "Action",
                        "SendMessageBatch",
                        "Version",
                        "2012-11-05",
                        "QueueUrl",
                        url,
                        "SendMessageBatchRequestEntry.1.Id",
                        "good",
                        "SendMessageBatchRequestEntry.1.MessageBody",
                        "hello",
                        "SendMessageBatchRequestEntry.2.Id",
                        "bad",
                        "SendMessageBatchRequestEntry.2.MessageBody",
                        "x",
                        "SendMessageBatchRequestEntry.2.MessageAttribute.1.Name",
                        "n",
                        "SendMessageBatchRequestEntry.2.MessageAttribute.1.Value.DataType",
                        "Integer",
                        "SendMessageBatchRequestEntry.2.MessageAttribute.1.Value.StringValue",
                        "1"),
                vectorAttributes("SendMessageBatchRequestEntry.1."));

        assertThat(answer.root()).isEqualTo("SendMessageBatchResponse");
        List<Map<String, String>> successful = structures(answer, "SendMessageBatchResultEntry");
        assertThat(successful).hasSize(1);
        assertThat(successful.get(0))
                .containsEntry("Id", "good")
                .containsEntry("MD5OfMessageBody", "5d41402abc4b2a76b9719d911017c592")
                .containsEntry("MD5OfMessageAttributes", "c932db14a896c663f83c260297d594ff")
                .containsKey("MessageId");
        List<Map<String, String>> failed = structures(answer, "BatchResultErrorEntry");
        assertThat(failed).hasSize(1);
        assertThat(failed.get(0))
                .containsEntry("Id", "bad")
                .containsEntry("Code", "InvalidParameterValue")
                .containsEntry("SenderFault", "true");
        assertThat(API.total("query-batch")).isEqualTo(1);

        Xml empty = post("/", "Action", "SendMessageBatch", "Version", "2012-11-05", "QueueUrl", url);
        assertThat(empty.status()).isEqualTo(400);
        assertThat(empty.one("Code")).isEqualTo("AWS.SimpleQueueService.EmptyBatchRequest");
    }

    static String md5(String text) throws Exception {
        return java.util.HexFormat.of()
                .formatHex(
                        java.security.MessageDigest.getInstance("MD5").digest(text.getBytes(StandardCharsets.UTF_8)));
    }
}
