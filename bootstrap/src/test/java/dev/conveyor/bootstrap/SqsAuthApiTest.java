package dev.conveyor.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.conveyor.application.ClientSecrets;
import dev.conveyor.application.ClientService;
import dev.conveyor.application.UuidV7Generator;
import dev.conveyor.application.fakes.MutableClock;
import dev.conveyor.postgres.JdbiClientRepository;
import dev.conveyor.postgres.JdbiSession;
import dev.conveyor.postgres.testing.TestDatabase;
import io.dropwizard.testing.junit5.DropwizardAppExtension;
import io.dropwizard.testing.junit5.DropwizardExtensionsSupport;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.UUID;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.ContentStreamProvider;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4FamilyHttpSigner;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4HttpSigner;
import software.amazon.awssdk.http.auth.spi.signer.HttpSigner;
import software.amazon.awssdk.http.auth.spi.signer.SignRequest;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.identity.spi.AwsCredentialsIdentity;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.retries.DefaultRetryStrategy;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.SqsException;

/**
 * With auth on, every SQS request must carry AWS Signature Version 4 made with a Conveyor client's id and secret,
 * and that client's scopes apply as on /v1; every refusal is SQS's own error and changes nothing.
 */
@ExtendWith(DropwizardExtensionsSupport.class)
class SqsAuthApiTest {
    static final byte[] KEY = BearerApi.key(7);
    static final TestDatabase DB = TestDatabase.create();
    static final MutableClock CLOCK = ConveyorTestApp.clock();
    static final DropwizardAppExtension<ConveyorConfiguration> APP = BearerApi.appWithAuth(DB, CLOCK, KEY);
    static final HttpClient HTTP = HttpClient.newHttpClient();
    static final String FORM = "application/x-www-form-urlencoded; charset=utf-8";

    @AfterAll
    static void dropDatabase() {
        DB.close();
    }

    static String base() {
        return "http://localhost:" + APP.getLocalPort();
    }

    static String url(String queue) {
        return base() + "/000000000000/" + queue;
    }

    static ClientService clients() {
        JdbiSession session = new JdbiSession(DB.jdbi());
        return new ClientService(
                new JdbiClientRepository(session),
                new ClientSecrets(KEY, new SecureRandom()),
                session,
                new UuidV7Generator(CLOCK),
                CLOCK);
    }

    static BearerApi.Credentials client(String scopes) {
        return BearerApi.createDirectly(DB, KEY, CLOCK, "sqs " + scopes, scopes);
    }

    /** The SDK with these credentials, not retrying, so that a refusal is seen once. */
    static SqsClient sdk(String accessKeyId, String secret) {
        return SqsClient.builder()
                .endpointOverride(URI.create(base()))
                .region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(accessKeyId, secret)))
                .overrideConfiguration(o -> o.retryStrategy(DefaultRetryStrategy.doNotRetry()))
                .httpClient(UrlConnectionHttpClient.builder().build())
                .build();
    }

    static SqsClient sdk(BearerApi.Credentials credentials) {
        return sdk(credentials.id(), credentials.secret());
    }

    static void refusedWith(Runnable call, int status, String code) {
        assertThatThrownBy(call::run).isInstanceOfSatisfying(SqsException.class, e -> {
            assertThat(e.statusCode()).isEqualTo(status);
            assertThat(e.awsErrorDetails().errorCode()).isEqualTo(code);
        });
    }

    static long messages(String queue) {
        try (var handle = DB.jdbi().open()) {
            return handle.createQuery("SELECT count(*) FROM messages WHERE queue_id = :q")
                    .bind("q", queue)
                    .mapTo(Long.class)
                    .one();
        }
    }

    static boolean queueExists(String queue) {
        try (var handle = DB.jdbi().open()) {
            return handle.createQuery("SELECT count(*) FROM queues WHERE id = :q")
                            .bind("q", queue)
                            .mapTo(Long.class)
                            .one()
                    > 0;
        }
    }

    /** A request signed by the SDK's own SigV4 signer, as a Query client signs it, sent as signed. */
    static HttpResponse<String> signed(
            String method, String uri, String body, BearerApi.Credentials as, Consumer<SignRequest.Builder<?>> more)
            throws Exception {
        return send(sign(method, uri, body, as, more), body);
    }

    /** The request as the SDK's SigV4 signer signs it for {@code body} (null: none, as a GET). */
    static SdkHttpRequest sign(
            String method, String uri, String body, BearerApi.Credentials as, Consumer<SignRequest.Builder<?>> more) {
        SdkHttpRequest.Builder unsigned =
                SdkHttpRequest.builder().method(SdkHttpMethod.fromValue(method)).uri(URI.create(uri));
        if (body != null) {
            unsigned.putHeader("Content-Type", FORM);
        }
        return AwsV4HttpSigner.create()
                .sign(r -> {
                    r.identity(AwsCredentialsIdentity.create(as.id(), as.secret()))
                            .request(unsigned.build())
                            .payload(ContentStreamProvider.fromUtf8String(body == null ? "" : body))
                            .putProperty(AwsV4HttpSigner.SERVICE_SIGNING_NAME, "sqs")
                            .putProperty(AwsV4HttpSigner.REGION_NAME, "us-east-1");
                    more.accept(r);
                })
                .request();
    }

    /** A GET presigned in its query for 5 minutes, as signed at the clock's time. */
    static HttpResponse<String> presignedGet(String uri, BearerApi.Credentials as, Clock clock) throws Exception {
        return signed(
                "GET",
                uri,
                null,
                as,
                r -> r.putProperty(AwsV4FamilyHttpSigner.AUTH_LOCATION, AwsV4FamilyHttpSigner.AuthLocation.QUERY_STRING)
                        .putProperty(AwsV4FamilyHttpSigner.EXPIRATION_DURATION, Duration.ofMinutes(5))
                        .putProperty(HttpSigner.SIGNING_CLOCK, clock));
    }

    /** Sends the request with its headers as they are (the HTTP client sets Host and Content-Length itself). */
    static HttpResponse<String> send(SdkHttpRequest request, String body) throws Exception {
        HttpRequest.Builder http = HttpRequest.newBuilder(request.getUri());
        request.forEachHeader((name, values) -> {
            if (!name.equalsIgnoreCase("Host") && !name.equalsIgnoreCase("Content-Length")) {
                values.forEach(value -> http.header(name, value));
            }
        });
        http.method(
                request.method().name(),
                body == null
                        ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8));
        return HTTP.send(http.build(), HttpResponse.BodyHandlers.ofString());
    }

    static HttpResponse<String> signedForm(String body, BearerApi.Credentials as) throws Exception {
        return signed("POST", base() + "/", body, as, r -> {});
    }

    // ---- what works

    @Test
    void theSdkWorksWithAClientsIdAndSecretAsItsCredentials() {
        try (SqsClient sqs = sdk(client("*"))) {
            String url = sqs.createQueue(b -> b.queueName("auth-json")).queueUrl();
            assertThat(url).isEqualTo(url("auth-json"));
            sqs.sendMessage(b -> b.queueUrl(url).messageBody("signed"));
            var received = sqs.receiveMessage(b -> b.queueUrl(url)).messages();
            assertThat(received).extracting(m -> m.body()).containsExactly("signed");
            sqs.deleteMessage(b -> b.queueUrl(url).receiptHandle(received.get(0).receiptHandle()));
            assertThat(sqs.listQueues().queueUrls()).contains(url);
        }
    }

    @Test
    void queryRequestsSignedLikeAQueryClientWork() throws Exception {
        BearerApi.Credentials admin = client("*");
        HttpResponse<String> created = signedForm("Action=CreateQueue&Version=2012-11-05&QueueName=auth-query", admin);
        assertThat(created.statusCode()).isEqualTo(200);
        assertThat(created.body()).contains("<QueueUrl>" + url("auth-query") + "</QueueUrl>");

        // Posted to the queue URL, with a body needing percent-encoding.
        HttpResponse<String> sent = signed(
                "POST",
                url("auth-query"),
                "Action=SendMessage&Version=2012-11-05&MessageBody=a%20b%2Bc%26d",
                admin,
                r -> {});
        assertThat(sent.statusCode()).isEqualTo(200);
        assertThat(sent.body()).contains("<SendMessageResponse");
        assertThat(messages("auth-query")).isEqualTo(1);
    }

    @Test
    void aPresignedQueryGetWorksUntilItExpires() throws Exception {
        BearerApi.Credentials admin = client("*");
        signedForm("Action=CreateQueue&Version=2012-11-05&QueueName=auth-presigned", admin);
        String get = url("auth-presigned") + "?Action=SendMessage&Version=2012-11-05&MessageBody=presigned";

        HttpResponse<String> sent = presignedGet(get, admin, Clock.systemUTC());
        assertThat(sent.statusCode()).isEqualTo(200);
        assertThat(messages("auth-presigned")).isEqualTo(1);

        HttpResponse<String> expired =
                presignedGet(get, admin, Clock.fixed(Instant.now().minusSeconds(600), ZoneOffset.UTC));
        assertThat(expired.statusCode()).isEqualTo(403);
        assertThat(expired.body())
                .contains("<Code>SignatureDoesNotMatch</Code>")
                .contains("Signature expired");
        assertThat(messages("auth-presigned")).isEqualTo(1);
    }

    @Test
    void aClientsScopesApplyAsOnV1() {
        try (SqsClient admin = sdk(client("*"))) {
            admin.createQueue(b -> b.queueName("auth-scoped"));
            admin.createQueue(b -> b.queueName("auth-other"));
        }
        try (SqsClient publisher = sdk(client("queues:publish:auth-scoped queues:read:auth-scoped"))) {
            publisher.sendMessage(b -> b.queueUrl(url("auth-scoped")).messageBody("allowed"));
            assertThat(publisher.getQueueUrl(b -> b.queueName("auth-scoped")).queueUrl())
                    .isEqualTo(url("auth-scoped"));

            refusedWith(
                    () -> publisher.sendMessage(
                            b -> b.queueUrl(url("auth-other")).messageBody("no")),
                    403,
                    "AccessDenied");
            refusedWith(() -> publisher.receiveMessage(b -> b.queueUrl(url("auth-scoped"))), 403, "AccessDenied");
            refusedWith(() -> publisher.deleteQueue(b -> b.queueUrl(url("auth-scoped"))), 403, "AccessDenied");
            refusedWith(() -> publisher.createQueue(b -> b.queueName("auth-new")), 403, "AccessDenied");
            refusedWith(publisher::listQueues, 403, "AccessDenied");
        }
        assertThat(messages("auth-scoped")).isEqualTo(1);
        assertThat(messages("auth-other")).isZero();
        assertThat(queueExists("auth-scoped")).isTrue();
        assertThat(queueExists("auth-new")).isFalse();
    }

    // ---- refusals

    @Test
    void aWrongSecretDoesNotMatch() {
        BearerApi.Credentials real = client("*");
        try (SqsClient sqs = sdk(real.id(), real.secret() + "x")) {
            refusedWith(() -> sqs.createQueue(b -> b.queueName("auth-wrong-secret")), 403, "SignatureDoesNotMatch");
        }
        assertThat(queueExists("auth-wrong-secret")).isFalse();
    }

    @Test
    void anUnknownAccessKeyIsAnInvalidClientToken() {
        try (SqsClient sqs = sdk(UUID.randomUUID().toString(), "whatever")) {
            refusedWith(() -> sqs.createQueue(b -> b.queueName("auth-unknown")), 403, "InvalidClientTokenId");
        }
        try (SqsClient sqs = sdk("AKIDEXAMPLE", "whatever")) {
            refusedWith(sqs::listQueues, 403, "InvalidClientTokenId");
        }
        assertThat(queueExists("auth-unknown")).isFalse();
    }

    @Test
    void aDisabledClientIsAnInvalidClientTokenFromItsNextRequest() {
        BearerApi.Credentials credentials = client("*");
        try (SqsClient sqs = sdk(credentials)) {
            sqs.createQueue(b -> b.queueName("auth-disabled"));

            clients().update(credentials.id(), null, null, false, null);

            refusedWith(() -> sqs.deleteQueue(b -> b.queueUrl(url("auth-disabled"))), 403, "InvalidClientTokenId");
        }
        assertThat(queueExists("auth-disabled")).isTrue();
    }

    @Test
    void anOldSignatureHasExpired() throws Exception {
        HttpResponse<String> old = signed(
                "POST",
                base() + "/",
                "Action=CreateQueue&Version=2012-11-05&QueueName=auth-old",
                client("*"),
                r -> r.putProperty(
                        HttpSigner.SIGNING_CLOCK, Clock.fixed(Instant.now().minusSeconds(16 * 60), ZoneOffset.UTC)));

        assertThat(old.statusCode()).isEqualTo(403);
        assertThat(old.body())
                .contains("<Code>SignatureDoesNotMatch</Code>")
                .contains("Signature expired: ")
                .contains(" - 15 min.)");
        assertThat(queueExists("auth-old")).isFalse();
    }

    @Test
    void aBodyChangedAfterSigningDoesNotMatch() throws Exception {
        BearerApi.Credentials admin = client("*");
        SdkHttpRequest signedRequest = sign(
                "POST", base() + "/", "Action=CreateQueue&Version=2012-11-05&QueueName=auth-signed", admin, r -> {});

        HttpResponse<String> tampered =
                send(signedRequest, "Action=CreateQueue&Version=2012-11-05&QueueName=auth-tampered");

        assertThat(tampered.statusCode()).isEqualTo(403);
        assertThat(tampered.body()).contains("<Code>SignatureDoesNotMatch</Code>");
        assertThat(queueExists("auth-tampered")).isFalse();
        assertThat(queueExists("auth-signed")).isFalse();
    }

    @Test
    void anUnsignedRequestIsAnInvalidClientTokenInEitherProtocol() throws Exception {
        HttpResponse<String> json = HTTP.send(
                HttpRequest.newBuilder(URI.create(base() + "/"))
                        .header("Content-Type", "application/x-amz-json-1.0")
                        .header("X-Amz-Target", "AmazonSQS.CreateQueue")
                        .POST(HttpRequest.BodyPublishers.ofString("{\"QueueName\": \"auth-unsigned\"}"))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(json.statusCode()).isEqualTo(403);
        assertThat(json.headers().firstValue("x-amzn-query-error")).hasValue("InvalidClientTokenId;Sender");
        assertThat(json.body())
                .contains("com.amazonaws.sqs#InvalidClientTokenId")
                .contains("Signature Version 4");

        HttpResponse<String> query = HTTP.send(
                HttpRequest.newBuilder(URI.create(base() + "/"))
                        .header("Content-Type", FORM)
                        .POST(HttpRequest.BodyPublishers.ofString(
                                "Action=CreateQueue&Version=2012-11-05&QueueName=auth-unsigned"))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(query.statusCode()).isEqualTo(403);
        assertThat(query.body()).contains("<Code>InvalidClientTokenId</Code>").contains("<ErrorResponse");

        assertThat(queueExists("auth-unsigned")).isFalse();
    }

    @Test
    void theDatabaseHoldsNoClientSecretInTheClear() {
        BearerApi.Credentials credentials = client("queues:read");
        byte[] secret = credentials.secret().getBytes(StandardCharsets.UTF_8);
        try (var handle = DB.jdbi().open()) {
            Map<String, Object> row = handle.createQuery("SELECT * FROM clients WHERE id = :id")
                    .bind("id", UUID.fromString(credentials.id()))
                    .mapToMap()
                    .one();
            assertThat(row.get("sealed_secret")).isNotNull();
            for (Object value : row.values()) {
                byte[] stored = value instanceof byte[] bytes
                        ? bytes
                        : String.valueOf(value).getBytes(StandardCharsets.UTF_8);
                assertThat(indexOf(stored, secret)).as("secret in the clear").isEqualTo(-1);
            }
            String wholeRow = handle.createQuery("SELECT c::text FROM clients c WHERE id = :id")
                    .bind("id", UUID.fromString(credentials.id()))
                    .mapTo(String.class)
                    .one();
            assertThat(wholeRow).doesNotContain(credentials.secret());
        }
    }

    private static int indexOf(byte[] haystack, byte[] needle) {
        for (int i = 0; i + needle.length <= haystack.length; i++) {
            if (java.util.Arrays.equals(haystack, i, i + needle.length, needle, 0, needle.length)) {
                return i;
            }
        }
        return -1;
    }

    @Test
    void aClientMadeBeforeSealedSecretsCannotSign() {
        BearerApi.Credentials old = client("*");
        try (var handle = DB.jdbi().open()) {
            handle.createUpdate("UPDATE clients SET sealed_secret = NULL WHERE id = :id")
                    .bind("id", UUID.fromString(old.id()))
                    .execute();
        }
        try (SqsClient sqs = sdk(old)) {
            refusedWith(sqs::listQueues, 403, "InvalidClientTokenId");
        }
    }
}
