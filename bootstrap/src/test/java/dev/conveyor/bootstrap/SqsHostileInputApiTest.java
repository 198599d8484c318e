package dev.conveyor.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.conveyor.application.fakes.MutableClock;
import dev.conveyor.postgres.testing.TestDatabase;
import io.dropwizard.testing.ConfigOverride;
import io.dropwizard.testing.junit5.DropwizardAppExtension;
import io.dropwizard.testing.junit5.DropwizardExtensionsSupport;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Flow;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.w3c.dom.Document;

/**
 * Bodies no SQS client sends on purpose (too large, not UTF-8, cut short, not JSON) get SQS's own error in the
 * protocol the request used, never /v1's {@code {"code": ..., "message": ...}}: Query's {@code <ErrorResponse>},
 * JSON's {@code __type} with {@code x-amzn-query-error}. Each one stores nothing.
 */
@ExtendWith(DropwizardExtensionsSupport.class)
class SqsHostileInputApiTest {
    static final int LIMIT = 64 * 1024;
    static final TestDatabase DB = TestDatabase.create();
    static final MutableClock CLOCK = ConveyorTestApp.clock();
    static final DropwizardAppExtension<ConveyorConfiguration> APP =
            ConveyorTestApp.extension(DB, CLOCK, ConfigOverride.config("messaging.maxRequestSize", "64KiB"));
    static final Api API = new Api(APP);
    static final HttpClient HTTP = HttpClient.newHttpClient();
    static final String FORM = "application/x-www-form-urlencoded; charset=utf-8";
    static final String JSON = "application/x-amz-json-1.0";

    @AfterAll
    static void dropDatabase() {
        DB.close();
    }

    static String url(String queue) {
        return "http://localhost:" + APP.getLocalPort() + "/000000000000/" + queue;
    }

    /** An SQS error as either protocol carries it. */
    record SqsError(int status, String code, String message, String text) {}

    /** A Query SendMessage whose form body is exactly {@code size} bytes. */
    static String querySendOfBytes(String queue, int size) {
        String head = "Action=SendMessage&Version=2012-11-05&QueueUrl=" + url(queue) + "&MessageBody=";
        return head + "a".repeat(size - head.length());
    }

    /** A JSON SendMessage whose body is exactly {@code size} bytes. */
    static String jsonSendOfBytes(String queue, int size) {
        String head = "{\"QueueUrl\": \"" + url(queue) + "\", \"MessageBody\": \"";
        String tail = "\"}";
        return head + "a".repeat(size - head.length() - tail.length()) + tail;
    }

    @Test
    void aQueryBodyOverTheLimitIsAnXmlErrorResponseAndStoresNothing() throws Exception {
        API.createQueue("hostile-query-large");

        SqsError announced = query(send(FORM, null, bytes(querySendOfBytes("hostile-query-large", LIMIT + 1)), false));
        SqsError chunked = query(send(FORM, null, bytes(querySendOfBytes("hostile-query-large", 2 * LIMIT)), true));

        assertTooLarge(announced, chunked);
        assertThat(API.total("hostile-query-large")).isZero();
    }

    @Test
    void aJsonBodyOverTheLimitIsAJsonErrorAndStoresNothing() throws Exception {
        API.createQueue("hostile-json-large");

        SqsError announced = json(
                send(JSON, "AmazonSQS.SendMessage", bytes(jsonSendOfBytes("hostile-json-large", LIMIT + 1)), false));
        SqsError chunked = json(
                send(JSON, "AmazonSQS.SendMessage", bytes(jsonSendOfBytes("hostile-json-large", 2 * LIMIT)), true));

        assertTooLarge(announced, chunked);
        assertThat(API.total("hostile-json-large")).isZero();
    }

    static void assertTooLarge(SqsError... errors) {
        for (SqsError error : errors) {
            assertThat(error.status()).isEqualTo(413);
            assertThat(error.code()).isEqualTo("RequestEntityTooLarge");
            assertThat(error.message()).contains("larger than", String.valueOf(LIMIT));
        }
    }

    @Test
    void aBodyOfExactlyTheLimitIsServed() throws Exception {
        API.createQueue("hostile-just-fits");

        HttpResponse<String> query = send(FORM, null, bytes(querySendOfBytes("hostile-just-fits", LIMIT)), true);
        HttpResponse<String> json =
                send(JSON, "AmazonSQS.SendMessage", bytes(jsonSendOfBytes("hostile-just-fits", LIMIT)), false);

        assertThat(query.statusCode()).as(query.body()).isEqualTo(200);
        assertThat(json.statusCode()).as(json.body()).isEqualTo(200);
        assertThat(API.total("hostile-just-fits")).isEqualTo(2);
    }

    @Test
    void aQueryBodyThatIsNotUtf8IsInvalidParameterValueAndStoresNothing() throws Exception {
        API.createQueue("hostile-query-utf8");
        byte[] raw = concat(
                bytes("Action=SendMessage&Version=2012-11-05&QueueUrl=" + url("hostile-query-utf8") + "&MessageBody="),
                new byte[] {(byte) 0xC3, (byte) 0x28});

        SqsError error = query(send(FORM, null, raw, false));

        assertThat(error.status()).isEqualTo(400);
        assertThat(error.code()).isEqualTo("InvalidParameterValue");
        assertThat(error.message()).isEqualTo("The request body is not valid UTF-8.");
        assertThat(API.total("hostile-query-utf8")).isZero();
    }

    @Test
    void aQueryParameterThatIsNotUtf8OncePercentDecodedIsRefusedNotStoredWithReplacementCharacters() throws Exception {
        API.createQueue("hostile-query-percent");

        SqsError error = query(send(
                FORM,
                null,
                bytes("Action=SendMessage&Version=2012-11-05&QueueUrl=" + url("hostile-query-percent")
                        + "&MessageBody=caf%E9"),
                false));

        assertThat(error.status()).isEqualTo(400);
        assertThat(error.code()).isEqualTo("InvalidParameterValue");
        assertThat(error.message())
                .isEqualTo("The form parameter MessageBody is not valid UTF-8 once percent-decoded.");
        SqsError malformed =
                query(send(FORM, null, bytes("Action=ListQueues&Version=2012-11-05&QueueNamePrefix=%G0"), false));
        assertThat(malformed.code()).isEqualTo("InvalidParameterValue");
        assertThat(malformed.message()).contains("QueueNamePrefix", "malformed");
        assertThat(API.total("hostile-query-percent")).isZero();
    }

    @Test
    void aJsonBodyThatIsNotUtf8IsASerializationExceptionAndStoresNothing() throws Exception {
        API.createQueue("hostile-json-utf8");
        byte[] raw = concat(
                bytes("{\"QueueUrl\": \"" + url("hostile-json-utf8") + "\", \"MessageBody\": \""),
                new byte[] {(byte) 0xED, (byte) 0xA0, (byte) 0x80}, // a UTF-16 surrogate encoded as UTF-8
                bytes("\"}"));

        SqsError error = json(send(JSON, "AmazonSQS.SendMessage", raw, false));

        assertThat(error.status()).isEqualTo(400);
        assertThat(error.code()).isEqualTo("SerializationException");
        assertThat(error.message()).isEqualTo("The request body is not valid UTF-8.");
        assertThat(API.total("hostile-json-utf8")).isZero();
    }

    @Test
    void aJsonProtocolBodyThatIsNotJsonIsASerializationExceptionAndStoresNothing() throws Exception {
        API.createQueue("hostile-json-syntax");

        for (String body : List.of(
                "{\"QueueUrl\": \"" + url("hostile-json-syntax") + "\", \"MessageBody\": ",
                "QueueUrl=" + url("hostile-json-syntax") + "&MessageBody=x",
                "[\"" + url("hostile-json-syntax") + "\"]")) {
            SqsError error = json(send(JSON, "AmazonSQS.SendMessage", bytes(body), false));

            assertThat(error.status()).as(body).isEqualTo(400);
            assertThat(error.code()).as(body).isEqualTo("SerializationException");
            assertThat(error.message()).as(body).startsWith("The request body ");
        }
        assertThat(API.total("hostile-json-syntax")).isZero();
    }

    @Test
    void aTruncatedQueryBodyIsAnXmlErrorResponseAndStoresNothing() throws Exception {
        API.createQueue("hostile-query-short");
        String form =
                "Action=SendMessage&Version=2012-11-05&QueueUrl=" + url("hostile-query-short") + "&MessageBody=short";

        String shortOfLength = raw("Content-Type: " + FORM, "Content-Length: " + (form.length() + 100), form);
        String badChunk = raw("Content-Type: " + FORM, "Transfer-Encoding: chunked", "ZZ\r\n" + form + "\r\n0\r\n\r\n");

        for (String answer : List.of(shortOfLength, badChunk)) {
            assertThat(answer).startsWith("HTTP/1.1 400 ");
            SqsError error = query(answer);
            assertThat(error.code()).as(answer).isEqualTo("InvalidParameterValue");
            assertThat(error.message()).as(answer).contains("ended before it was complete");
        }
        assertThat(API.total("hostile-query-short")).isZero();
    }

    @Test
    void aTruncatedJsonBodyIsAJsonErrorAndStoresNothing() throws Exception {
        API.createQueue("hostile-json-short");
        String body = "{\"QueueUrl\": \"" + url("hostile-json-short") + "\", \"MessageBody\": \"short\"}";

        String answer = raw(
                "Content-Type: " + JSON,
                "X-Amz-Target: AmazonSQS.SendMessage",
                "Content-Length: " + (body.length() + 100),
                body);

        assertThat(answer).startsWith("HTTP/1.1 400 ");
        assertThat(answer.toLowerCase(Locale.ROOT)).contains("x-amzn-query-error: serializationexception;sender");
        JsonNode json = Api.parse(answer.substring(answer.indexOf("\r\n\r\n") + 4));
        assertThat(json.get("__type").asText()).isEqualTo("com.amazonaws.sqs#SerializationException");
        assertThat(json.get("message").asText()).contains("ended before it was complete");
        assertThat(API.total("hostile-json-short")).isZero();
    }

    // ---- sending and reading

    static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] part : parts) {
            out.writeBytes(part);
        }
        return out.toByteArray();
    }

    /** POSTs the bytes to {@code /}, with a Content-Length or in chunks without one. */
    static HttpResponse<String> send(String contentType, String target, byte[] body, boolean chunked) throws Exception {
        HttpRequest.BodyPublisher publisher = chunked ? unsized(body) : HttpRequest.BodyPublishers.ofByteArray(body);
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://localhost:" + APP.getLocalPort() + "/"))
                .header("Content-Type", contentType)
                .POST(publisher);
        if (target != null) {
            request.header("X-Amz-Target", target);
        }
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** A publisher of unknown length, so the JDK's client sends it chunked and the server must count. */
    static HttpRequest.BodyPublisher unsized(byte[] body) {
        HttpRequest.BodyPublisher stream =
                HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(body));
        return new HttpRequest.BodyPublisher() {
            @Override
            public long contentLength() {
                return -1;
            }

            @Override
            public void subscribe(Flow.Subscriber<? super java.nio.ByteBuffer> subscriber) {
                stream.subscribe(subscriber);
            }
        };
    }

    /** Writes a POST to {@code /} over a raw socket, closes the sending side (the body ends there), reads all. */
    static String raw(String... headersThenBody) throws IOException {
        List<String> lines = new ArrayList<>(List.of("POST / HTTP/1.1", "Host: localhost", "Connection: close"));
        lines.addAll(List.of(headersThenBody).subList(0, headersThenBody.length - 1));
        String request = String.join("\r\n", lines) + "\r\n\r\n" + headersThenBody[headersThenBody.length - 1];
        try (Socket socket = new Socket("localhost", APP.getLocalPort())) {
            socket.setSoTimeout(30_000);
            socket.getOutputStream().write(bytes(request));
            socket.shutdownOutput();
            ByteArrayOutputStream answer = new ByteArrayOutputStream();
            InputStream in = socket.getInputStream();
            in.transferTo(answer);
            return answer.toString(StandardCharsets.UTF_8);
        }
    }

    static SqsError query(HttpResponse<String> response) throws Exception {
        assertThat(response.headers().firstValue("Content-Type").orElse("")).startsWith("text/xml");
        return queryError(response.statusCode(), response.body());
    }

    /** A raw HTTP answer's Query error; its body is whole, as the connection was closed after it. */
    static SqsError query(String answer) throws Exception {
        assertThat(answer.toLowerCase(Locale.ROOT)).contains("content-type: text/xml");
        int status = Integer.parseInt(answer.substring(9, 12));
        return queryError(status, answer.substring(answer.indexOf("\r\n\r\n") + 4));
    }

    static SqsError queryError(int status, String xml) throws Exception {
        DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
        factory.setNamespaceAware(true);
        Document document = factory.newDocumentBuilder().parse(new ByteArrayInputStream(bytes(xml)));
        assertThat(document.getDocumentElement().getLocalName()).as(xml).isEqualTo("ErrorResponse");
        assertThat(text(document, "Type")).isEqualTo(status >= 500 ? "Receiver" : "Sender");
        assertThat(text(document, "RequestId")).isNotBlank();
        return new SqsError(status, text(document, "Code"), text(document, "Message"), xml);
    }

    static String text(Document document, String element) {
        return document.getElementsByTagNameNS(SqsQueryApiTest.NAMESPACE, element)
                .item(0)
                .getTextContent();
    }

    static SqsError json(HttpResponse<String> response) {
        assertThat(response.headers().firstValue("Content-Type")).hasValue(JSON);
        JsonNode body = Api.parse(response.body());
        String type = body.get("__type").asText();
        assertThat(type).startsWith("com.amazonaws.sqs#");
        String code = type.substring("com.amazonaws.sqs#".length());
        assertThat(response.headers().firstValue("x-amzn-query-error")).hasValue(code + ";Sender");
        return new SqsError(response.statusCode(), code, body.get("message").asText(), response.body());
    }
}
